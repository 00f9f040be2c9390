"""Infrastructure endpoints for tests, chosen in this order: the environment, testcontainers when a
Docker daemon answers, otherwise the local Tansu and SecantusDB servers on free loopback ports."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from resugrow_testing.localinfra import LocalInfrastructure, start_local


@dataclass
class Infrastructure:
    kafka_bootstrap: str
    mongo_url: str
    kind: str
    local: LocalInfrastructure | None = field(default=None, repr=False)


def _docker_available() -> bool:
    if os.environ.get("RESUGROW_TEST_NO_DOCKER"):
        return False
    try:
        import docker

        client = docker.from_env(timeout=2)
        client.ping()
        return True
    except Exception:
        return False


@contextlib.contextmanager
def _containers() -> Iterator[Infrastructure]:
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs
    from testcontainers.kafka import KafkaContainer

    # The stock Mongo container is standalone (no transactions, no change streams: D5).
    with (
        KafkaContainer().with_kraft() as kafka,
        DockerContainer("mongo:8")
        .with_command("--replSet rs0 --bind_ip_all")
        .with_exposed_ports(27017) as mongo,
    ):
        wait_for_logs(mongo, "Waiting for connections")
        mongo.exec(
            "mongosh --quiet --eval \"rs.initiate({_id:'rs0',members:[{_id:0,host:'localhost:27017'}]})\""
        )
        host, port = mongo.get_container_host_ip(), mongo.get_exposed_port(27017)
        yield Infrastructure(
            kafka.get_bootstrap_server(), f"mongodb://{host}:{port}/?directConnection=true", "testcontainers"
        )


@contextlib.contextmanager
def provide_infrastructure() -> Iterator[Infrastructure]:
    kafka = os.environ.get("RESUGROW_TEST_KAFKA")
    mongo = os.environ.get("RESUGROW_TEST_MONGO_URL")
    if kafka and mongo:
        yield Infrastructure(kafka, mongo, "environment")
        return
    if _docker_available():
        with _containers() as infra:
            yield infra
        return
    local = start_local()
    try:
        yield Infrastructure(local.kafka_bootstrap, local.mongo_url, "local", local)
    finally:
        local.stop()


def describe(infra: Infrastructure) -> dict[str, Any]:
    return {"kind": infra.kind, "kafka": infra.kafka_bootstrap, "mongo": infra.mongo_url}
