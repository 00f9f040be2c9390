"""Conditional GETs for every service: an `ETag` on each JSON answer to a GET, and `304 Not
Modified` when the client's `If-None-Match` already names it.

The tag is a hash of the exact body, so it changes whenever the representation does, with no
per-route code. A route (or a proxied service) that sets its own ETag is left alone; the gateway
forwards `If-None-Match` and passes the service's 304 through. Pure ASGI: only GET answers
with a JSON media type are held back (to hash them), anything else streams untouched.
"""

from __future__ import annotations

import base64
import hashlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Headers a 304 must not carry (RFC 9110 section 15.4.5: it has no content).
_DROP_ON_304 = frozenset({b"content-length", b"content-type", b"content-encoding", b"transfer-encoding"})


def etag_for(body: bytes) -> str:
    digest = hashlib.sha256(body).digest()[:18]
    return '"' + base64.urlsafe_b64encode(digest).decode() + '"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison: `W/"x"` and `"x"` are the same tag for If-None-Match."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


def _is_json(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name.lower() == b"content-type":
            media = value.split(b";")[0].strip().lower()
            return media == b"application/json" or media.endswith(b"+json")
    return False


class ConditionalGetMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        if_none_match = next(
            (v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"if-none-match"), None
        )
        start: Message | None = None
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                own_tag = any(k.lower() == b"etag" for k, _ in headers)
                if message["status"] == 200 and not own_tag and _is_json(headers):
                    start = message  # held until the whole body is known
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await _finish(send, start, b"".join(chunks), if_none_match)

        await self.app(scope, receive, wrapped)


async def _finish(send: Send, start: Message, body: bytes, if_none_match: str | None) -> None:
    etag = etag_for(body)
    headers = [*start.get("headers", []), (b"etag", etag.encode())]
    if matches(if_none_match, etag):
        headers = [(k, v) for k, v in headers if k.lower() not in _DROP_ON_304]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})
