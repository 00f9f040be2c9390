"""The local Tansu and SecantusDB servers for tests: they live in `resugrow_platform.localinfra`,
so the `make run` launcher starts them without importing test code."""

from __future__ import annotations

from resugrow_platform.localinfra import (
    LocalInfrastructure,
    ManagedServer,
    free_port,
    mongo_url,
    port_open,
    secantus_server,
    start_local,
    tansu_server,
    wait_for_port,
)

__all__ = [
    "LocalInfrastructure",
    "ManagedServer",
    "free_port",
    "mongo_url",
    "port_open",
    "secantus_server",
    "start_local",
    "tansu_server",
    "wait_for_port",
]
