"""The gateway declares every public route of every service, under the service's own operation id.

The gateway forwards unknown paths too, but only declared routes appear in the one OpenAPI
document the frontend uses, with their limits; this test keeps the two from drifting apart.
"""

from __future__ import annotations

import importlib
import re

import pytest

from resugrow_gateway.domain.routing import ROUTES

SERVICES = ("resume", "ats", "interview", "linkedin", "tracker", "career")


def _norm(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


@pytest.fixture(scope="module")
def service_operations() -> dict[tuple[str, str], tuple[str, str]]:
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for name in SERVICES:
        app = importlib.import_module(f"resugrow_{name}.main").create_app()
        for path, methods in app.openapi()["paths"].items():
            if path.startswith("/v1/"):
                for method, op in methods.items():
                    found[(method.upper(), _norm(path))] = (name, op["operationId"])
    return found


def test_every_service_route_is_declared_by_the_gateway(service_operations):
    declared = {(r.method, _norm(r.path)): r for r in ROUTES}
    missing = sorted(key for key in service_operations if key not in declared)
    assert missing == []
    wrong_service = sorted(
        key for key, (name, _) in service_operations.items() if declared[key].service != name
    )
    assert wrong_service == []


def test_gateway_operation_ids_are_the_services_own(service_operations):
    declared = {(r.method, _norm(r.path)): r.operation_id for r in ROUTES}
    differ = {key: (declared[key], op) for key, (_, op) in service_operations.items() if declared[key] != op}
    assert differ == {}


def test_gateway_declares_no_route_that_no_service_serves(service_operations):
    extra = sorted((r.method, r.path) for r in ROUTES if (r.method, _norm(r.path)) not in service_operations)
    assert extra == []
