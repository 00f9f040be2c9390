"""The platform's JSON/YAML/XML policy, and the middleware that holds every JSON body to it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from pydantic import BaseModel

from resugrow_domain.safeparse import (
    JsonPolicyError,
    YamlPolicyError,
    check_value,
    loads,
    xml_fromstring,
    yaml_loads,
)
from resugrow_platform.errors import install_problem_handlers
from resugrow_platform.http import JsonBodyPolicyMiddleware, RequestContextMiddleware

BAD_JSON = {
    "lone surrogate": '{"name": "\\ud800"}',
    "lone surrogate key": '{"\\udfff": 1}',
    "NaN": '{"custom_fields": {"x": NaN}}',
    "Infinity": "[Infinity]",
    "-Infinity": "[-Infinity]",
    "overflowing float": "[1e999]",
    "deep nesting": "[" * 10_000 + "]" * 10_000,
    "moderate nesting": "[" * 100 + "]" * 100,
    "huge integer": "[" + "9" * 5_000 + "]",
    "NUL in key": '{"a\\u0000b": 1}',
}


@pytest.mark.parametrize("text", list(BAD_JSON.values()), ids=list(BAD_JSON))
def test_json_policy_refuses(text: str) -> None:
    with pytest.raises(JsonPolicyError):
        loads(text)
    with pytest.raises(json.JSONDecodeError):  # the type existing handlers already catch
        loads(text.encode())


def test_json_policy_keeps_ordinary_json() -> None:
    doc = {"name": "Zoë 😀", "n": [1, 2.5, -3, None, True], "deep": [[[[{"a": "\u0000"}]]]]}
    assert loads(json.dumps(doc)) == doc
    assert loads(json.dumps(doc, ensure_ascii=False).encode()) == doc
    check_value(doc)


def test_yaml_policy_refuses_aliases_and_depth() -> None:
    with pytest.raises(YamlPolicyError, match="aliases"):
        yaml_loads("a: &x [1, 2]\nb: *x\n")
    with pytest.raises(YamlPolicyError, match="nesting"):
        yaml_loads("[" * 5_000 + "]" * 5_000)
    with pytest.raises(YamlPolicyError, match="nesting"):
        yaml_loads("".join("  " * i + "k:\n" for i in range(200)) + "  " * 200 + "v")
    with pytest.raises(YamlPolicyError):
        yaml_loads("n: " + "9" * 5_000)
    assert yaml_loads("basics:\n  name: Ada\n") == {"basics": {"name": "Ada"}}


def test_xml_policy_refuses_entities() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>'
    )
    with pytest.raises(ValueError):
        xml_fromstring(bomb)
    assert xml_fromstring(b"<a><b>x</b></a>").find("b").text == "x"


class Body(BaseModel):
    name: str
    custom_fields: dict[str, Any] = {}


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(JsonBodyPolicyMiddleware)
    app.add_middleware(RequestContextMiddleware, service="t", max_body=1024 * 1024)

    @app.post("/typed")
    async def typed(body: Body) -> dict[str, Any]:
        return body.model_dump()

    @app.post("/by-hand")
    async def by_hand(request: Request) -> dict[str, Any]:
        return {"keys": sorted(json.loads(await request.body()))}

    return app


@pytest.mark.parametrize("route", ["/typed", "/by-hand"])
@pytest.mark.parametrize("text", list(BAD_JSON.values()), ids=list(BAD_JSON))
def test_every_json_body_meets_the_policy_before_the_route(route: str, text: str) -> None:
    with TestClient(_app(), raise_server_exceptions=False) as client:
        answer = client.post(route, content=text, headers={"content-type": "application/json"})
        assert answer.status_code == 400, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        ok = client.post(route, json={"name": "Ada", "custom_fields": {"x": 1.5}})
        assert ok.status_code == 200


def test_malformed_json_is_still_the_routes_own_4xx() -> None:
    with TestClient(_app(), raise_server_exceptions=False) as client:
        answer = client.post("/typed", content=b'{"name": ', headers={"content-type": "application/json"})
        assert answer.status_code == 422
