"""read_upload_or_json: one file or a JSON object, capped, validated into problem+json."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI, Request
from pydantic import BaseModel, ConfigDict

from resugrow_platform.errors import install_problem_handlers
from resugrow_platform.uploads import read_upload_or_json


class Fields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = None
    manual: dict[str, bool] | None = None


@pytest.fixture
def client() -> httpx.AsyncClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/u")
    async def upload(request: Request) -> dict[str, object]:
        body = await read_upload_or_json(request, Fields, max_bytes=10, json_fields=("manual",))
        return {"size": len(body.data or b""), "name": body.filename, "fields": body.fields.model_dump()}

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


async def test_multipart_file_and_json_form_field(client):
    resp = await client.post("/u", files={"file": ("a.pdf", b"12345")}, data={"manual": '{"photo": true}'})
    assert resp.json() == {"size": 5, "name": "a.pdf", "fields": {"note": None, "manual": {"photo": True}}}


async def test_json_body_without_a_file(client):
    resp = await client.post("/u", json={"note": "hi"})
    assert resp.json()["fields"]["note"] == "hi" and resp.json()["size"] == 0


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"files": {"file": ("big.pdf", b"x" * 11)}}, 413),
        ({"json": {"unknown": 1}}, 422),
        ({"json": [1, 2]}, 422),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400),
        ({"content": b"x", "headers": {"content-type": "text/plain"}}, 415),
        ({"files": {"file": ("a.pdf", b"1")}, "data": {"manual": "{broken"}}, 422),
    ],
)
async def test_bad_bodies_get_a_clear_problem(client, kwargs, status):
    resp = await client.post("/u", **kwargs)
    assert resp.status_code == status
    assert resp.headers["content-type"] == "application/problem+json"
