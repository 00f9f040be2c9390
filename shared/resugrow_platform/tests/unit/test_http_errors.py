"""problem+json for every error, request ids, size limits: no infrastructure needed."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from resugrow_testing import TEST_JWT_SECRET, make_token

from ..integration.demo_service import DemoSettings, create_app


@pytest.fixture
def client():
    settings = DemoSettings(auth={"jwt_secret": SecretStr(TEST_JWT_SECRET)}, max_request_bytes=1024)
    app = create_app(settings)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://test"
    )


async def test_missing_token_is_401_problem(client):
    resp = await client.post("/v1/notes", json={"note_id": "a", "text": "b"})
    assert resp.status_code == 401
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.headers["www-authenticate"] == "Bearer"
    body = resp.json()
    assert body["status"] == 401 and body["title"] == "Unauthorized"
    assert body["request_id"] == resp.headers["x-request-id"]


async def test_validation_error_names_the_field_and_never_echoes_input(client):
    headers = {"Authorization": f"Bearer {make_token('u1')}"}
    resp = await client.post("/v1/notes", json={"note_id": "a", "password": "hunter2"}, headers=headers)
    assert resp.status_code == 422
    body = resp.json()
    assert ["body", "text"] in [e["loc"] for e in body["errors"]]
    assert "hunter2" not in resp.text


async def test_unknown_route_is_404_problem(client):
    resp = await client.get("/v1/nothing-here")
    assert resp.status_code == 404
    assert resp.headers["content-type"] == "application/problem+json"


async def test_oversized_body_is_413_before_reading_it(client):
    headers = {"Authorization": f"Bearer {make_token('u1')}"}
    resp = await client.post("/v1/notes", json={"note_id": "a", "text": "x" * 5000}, headers=headers)
    assert resp.status_code == 413
    assert resp.json()["title"] == "Content Too Large"


async def test_request_id_is_kept_when_safe_and_replaced_when_not(client):
    ok = await client.get("/livez", headers={"x-request-id": "abc-123"})
    assert ok.headers["x-request-id"] == "abc-123"
    bad = await client.get("/livez", headers={"x-request-id": "<script>"})
    assert bad.headers["x-request-id"] != "<script>"
    assert ok.headers["x-content-type-options"] == "nosniff"


async def test_metrics_are_exposed_in_prometheus_format(client):
    await client.get("/livez")
    resp = await client.get("/metrics")
    assert resp.status_code == 200
    assert 'http_requests_total{method="GET",route="/livez",service="demo",status="200"}' in resp.text


async def test_the_server_span_is_named_after_the_route_template_once_routed(client):
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)  # installed by the platform when the app was built
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    headers = {"Authorization": f"Bearer {make_token('u1')}"}
    await client.post("/v1/notes", json={"note_id": "a"}, headers=headers)  # routed, then 422
    await client.get("/v1/no-such-thing", headers=headers)
    servers = [s for s in exporter.get_finished_spans() if s.kind == trace.SpanKind.SERVER]
    assert [s.name for s in servers] == ["POST /v1/notes", "GET"]
    assert servers[0].attributes["http.route"] == "/v1/notes"
    exporter.clear()
