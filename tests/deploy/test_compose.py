"""docker-compose.yml against the Compose specification, plus the rules the spec cannot express."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

INFRA = {"kafka", "kafka-topics", "mongo", "mailpit"}
OBSERVABILITY = {"otel-collector", "prometheus", "grafana", "jaeger"}


@pytest.fixture(scope="module")
def compose(deploy) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((deploy.root / "docker-compose.yml").read_text())
    return loaded


def test_compose_file_matches_the_compose_specification(deploy):
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"],
        cwd=deploy.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_service_runs_hardened_with_readiness_and_ordered_start(compose, deploy):
    services = compose["services"]
    for name in deploy.services:
        svc = services[name]
        assert svc["build"]["dockerfile"] == "Dockerfile" and svc["build"]["args"] == {"SERVICE": name}
        assert svc["image"].startswith(f"resugrow/{name}:")
        assert svc["read_only"] is True and svc["cap_drop"] == ["ALL"]
        assert any(t.startswith("/tmp") for t in svc["tmpfs"])
        assert "/readyz" in " ".join(svc["healthcheck"]["test"])
        deps = svc["depends_on"]
        assert deps["kafka"]["condition"] == "service_healthy"
        assert deps["mongo"]["condition"] == "service_healthy"
        assert deps["kafka-topics"]["condition"] == "service_completed_successfully"
        env = svc["environment"]
        assert env["RESUGROW_KAFKA__BOOTSTRAP_SERVERS"] == "kafka:9092"
        assert env["RESUGROW_KAFKA__ENABLE_IDEMPOTENCE"] == "true"
        assert "replicaSet=rs0" in env["RESUGROW_MONGO__URL"]
        assert env["OTEL_SERVICE_NAME"] == name
    gateway = services["gateway"]
    for name in deploy.services:
        if name != "gateway":
            assert gateway["depends_on"][name]["condition"] == "service_healthy"
            assert (
                gateway["environment"][f"RESUGROW_GATEWAY_SERVICES__{name.upper()}"] == f"http://{name}:8000"
            )


def test_published_ports_are_loopback_only(compose):
    for name, svc in compose["services"].items():
        for port in svc.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} on every interface"


def test_infrastructure_is_real_kafka_kraft_and_a_mongo_replica_set(compose):
    services = compose["services"]
    kafka = services["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert kafka["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert kafka["environment"]["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert "healthcheck" in kafka
    topics = services["kafka-topics"]
    assert topics["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert any("deploy/compose/topics.sh" in v for v in topics["volumes"])
    mongo = services["mongo"]
    assert mongo["image"].startswith("mongo:8")
    assert "--replSet" in mongo["command"]
    probe = " ".join(mongo["healthcheck"]["test"])
    # Idempotent: initiate only when rs.status() fails, then report primary status.
    assert "rs.status()" in probe and "rs.initiate" in probe and "isWritablePrimary" in probe


def test_observability_is_an_optional_profile(compose, deploy):
    services = compose["services"]
    assert {n for n, s in services.items() if "observability" in s.get("profiles", [])} == OBSERVABILITY
    assert set(services) == INFRA | OBSERVABILITY | set(deploy.services)
    for name in OBSERVABILITY:
        for volume in services[name].get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (deploy.root / source).exists(), f"{name} mounts missing {source}"
