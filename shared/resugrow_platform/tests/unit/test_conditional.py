"""ETag and If-None-Match on JSON GETs, written once in the platform for every service."""

import httpx
from fastapi import FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse

from resugrow_platform.conditional import ConditionalGetMiddleware, etag_for, matches

state = {"title": "first"}


def _app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(ConditionalGetMiddleware)

    @app.get("/item")
    async def item() -> dict[str, str]:
        return dict(state)

    @app.post("/item")
    async def change() -> dict[str, str]:
        state["title"] = "second"
        return dict(state)

    @app.get("/text")
    async def text() -> PlainTextResponse:
        return PlainTextResponse("hello")

    @app.get("/own")
    async def own() -> JSONResponse:
        return JSONResponse({"a": 1}, headers={"ETag": '"v7"'})

    @app.get("/missing")
    async def missing() -> JSONResponse:
        return JSONResponse({"status": 404}, status_code=404)

    return app


async def test_a_json_get_carries_an_etag_and_an_unchanged_resource_answers_304():
    state["title"] = "first"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app()), base_url="http://t") as c:
        first = await c.get("/item")
        tag = first.headers["etag"]
        assert tag == etag_for(first.content)
        again = await c.get("/item", headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
        assert "content-type" not in again.headers
        assert (await c.get("/item", headers={"If-None-Match": f'"other", W/{tag}'})).status_code == 304
        await c.post("/item")
        changed = await c.get("/item", headers={"If-None-Match": tag})
        assert (
            changed.status_code == 200
            and changed.json() == {"title": "second"}
            and changed.headers["etag"] != tag
        )


async def test_writes_errors_files_and_routes_with_their_own_tag_are_left_alone():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app()), base_url="http://t") as c:
        assert "etag" not in (await c.post("/item")).headers
        assert "etag" not in (await c.get("/text")).headers
        assert "etag" not in (await c.get("/missing")).headers
        own = await c.get("/own", headers={"If-None-Match": '"nope"'})
        assert own.headers["etag"] == '"v7"' and own.status_code == 200


def test_if_none_match_uses_weak_comparison_and_star():
    assert matches('W/"a"', '"a"') and matches("*", '"a"') and matches('"b", "a"', '"a"')
    assert not matches(None, '"a"') and not matches('"b"', '"a"')
