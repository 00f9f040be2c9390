"""Every request example in the public API document is accepted by the real service it documents
(through the real gateway, every service on a real server, real broker and database); and a JSON
resource read again with its ETag answers 304 through the gateway."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_stack import live_stack, signed_in

from resugrow_gateway.api.proxy import EXAMPLE_RESUME_ID
from resugrow_gateway.domain.routing import ROUTES

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = json.loads((ROOT / "deploy/openapi/gateway.json").read_text())
PROXIED = {route.operation_id for route in ROUTES}
# Operations whose answers give the ids other examples need in their paths (created first).
CREATORS = {
    "create_resume": "resume_id",
    "create_application": "application_id",
    "start_interview_session": "session_id",
    "create_cover_letter": "letter_id",
}


def _component(ref: str) -> dict[str, Any]:
    schema: dict[str, Any] = DOCUMENT["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


def examples() -> list[tuple[str, str, str, Any]]:
    """(operation id, method, path, body) for every JSON request example of a service route:
    the media type's `example`/`examples` and the request schema's own `examples`."""
    found = []
    for path, item in DOCUMENT["paths"].items():
        for method, op in item.items():
            if op["operationId"] not in PROXIED:
                continue
            media = op.get("requestBody", {}).get("content", {}).get("application/json")
            if not media:
                continue
            bodies = [media["example"]] if "example" in media else []
            bodies += [e["value"] for e in media.get("examples", {}).values() if "value" in e]
            if "$ref" in media.get("schema", {}):
                bodies += _component(media["schema"]["$ref"]).get("examples", [])
            found += [(op["operationId"], method.upper(), path, body) for body in bodies]
    return sorted(
        found, key=lambda e: (e[0] not in CREATORS, list(CREATORS).index(e[0]) if e[0] in CREATORS else 0)
    )


def _fill(path: str, ids: dict[str, str]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, f"no id for {path}: add its creator to CREATORS"
    return path


def test_the_document_has_the_examples_a_new_user_tries_first():
    ops = {op_id for op_id, *_ in examples()}
    assert {"create_resume", "render_resume", "create_application", "move_application"} <= ops


async def test_every_example_in_the_public_document_is_accepted_by_its_service(service_settings, serve_app):
    async with live_stack(service_settings, serve_app) as (client, _):
        auth = await signed_in(client)
        ids: dict[str, str] = {}
        refused = []
        for op_id, method, path, body in examples():
            text = json.dumps(body).replace(EXAMPLE_RESUME_ID, ids.get("resume_id", EXAMPLE_RESUME_ID))
            resp = await client.request(
                method, _fill(path, ids), content=text, headers={**auth, "Content-Type": "application/json"}
            )
            if resp.status_code >= 300:
                refused.append((op_id, resp.status_code, resp.text[:300]))
                continue
            if op_id in CREATORS and "json" in resp.headers.get("content-type", ""):
                ids[CREATORS[op_id]] = str(resp.json()["id"])
        assert refused == []
        assert set(CREATORS.values()) <= set(ids)

        # Conditional GET through the gateway: the service tags, the gateway passes 304 through.
        url = f"/v1/resumes/{ids['resume_id']}"
        first = await client.get(url, headers=auth)
        assert first.status_code == 200 and first.headers.get("etag")
        again = await client.get(url, headers={**auth, "If-None-Match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        renamed = await client.patch(url, json={"title": "Renamed"}, headers=auth)
        assert renamed.status_code == 200, renamed.text
        changed = await client.get(url, headers={**auth, "If-None-Match": first.headers["etag"]})
        assert changed.status_code == 200 and changed.headers["etag"] != first.headers["etag"]
