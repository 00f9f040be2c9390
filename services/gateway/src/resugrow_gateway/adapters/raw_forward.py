"""The proxy's fast path: a request whose body is already in memory (every JSON call, a render, a
read) goes straight to the pooled connections of the service's httpx client (httpcore).

The httpx request and response models, its cookie handling, URL merging and the client span of
its instrumentation cost about as much CPU as the rest of the hop together (profiled on
`POST /v1/resumes/{id}/renders`). The connections, keep-alive and limits are the same pool's;
the trace context is still injected, so the service's spans stay in the caller's trace. Bodies
that stream (large uploads) keep the ordinary httpx path.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from http import HTTPStatus

import httpcore
from opentelemetry import propagate
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from resugrow_gateway.domain.routing import forward_response_headers
from resugrow_platform import ProblemError

# Answers up to this size are read whole (one write, a Content-Length) instead of streamed.
BUFFER_LIMIT = 256 * 1024
_PROBLEM_JSON = "application/problem+json"
_KEPT_ON_ERROR = frozenset({"retry-after", "www-authenticate", "allow"})

# What a request on a kept-alive connection the service closed in between fails with.
_STALE = (httpcore.RemoteProtocolError, httpcore.ReadError, httpcore.WriteError)
_UNREACHABLE = (httpcore.ConnectError, httpcore.ConnectTimeout, httpcore.PoolTimeout)
_DROPPED = frozenset({b"content-length", b"transfer-encoding"})


def raw_headers(headers: list[tuple[str, str]], host: bytes, body: bytes | None) -> list[tuple[bytes, bytes]]:
    """The forwarded headers as bytes, with the downstream's Host and the body's own length."""
    out = [(b"host", host)]
    for name, value in headers:
        key = name.lower().encode("latin-1")
        if key not in _DROPPED:
            out.append((key, value.encode("latin-1")))
    if body is not None:
        out.append((b"content-length", str(len(body)).encode()))
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    out.extend((k.encode("latin-1"), v.encode("latin-1")) for k, v in carrier.items())
    return out


async def send(
    pool: httpcore.AsyncConnectionPool,
    method: str,
    url: bytes,
    headers: list[tuple[bytes, bytes]],
    body: bytes | None,
    *,
    timeout_s: float,
    connect_s: float,
    retry: bool,
    failed: Callable[[str], ProblemError],
) -> httpcore.Response:
    """The service's answer with its body still to read; ``failed(kind)`` builds the problem for
    "unavailable", "timeout" or "bad_gateway"."""
    timeouts = {"connect": connect_s, "read": timeout_s, "write": timeout_s, "pool": timeout_s}

    def request() -> httpcore.Request:
        return httpcore.Request(
            method.encode(), url, headers=headers, content=body or b"", extensions={"timeout": timeouts}
        )

    try:
        try:
            return await pool.handle_async_request(request())
        except _STALE:
            # Nothing reached the service's handler: an idempotent request is sent once more.
            if not retry:
                raise
            return await pool.handle_async_request(request())
    except _UNREACHABLE:
        raise failed("unavailable") from None
    except httpcore.TimeoutException:
        raise failed("timeout") from None
    except (httpcore.ProtocolError, httpcore.NetworkError):
        raise failed("bad_gateway") from None


async def read_all(response: httpcore.Response, failed: Callable[[str], ProblemError]) -> bytes:
    try:
        return await response.aread()
    except httpcore.TimeoutException:
        raise failed("timeout") from None
    except (httpcore.ProtocolError, httpcore.NetworkError):
        raise failed("bad_gateway") from None
    finally:
        await response.aclose()


def streamed(response: httpcore.Response) -> StreamingResponse:
    # Bytes exactly as sent; a failure mid-body aborts the client's connection (never a short
    # file that looks complete).
    async def body() -> AsyncIterator[bytes]:
        async for chunk in response.aiter_stream():
            yield chunk

    return StreamingResponse(body(), status_code=response.status, background=BackgroundTask(response.aclose))


def as_text(headers: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]


def header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Client Error"


async def answer(
    service: str,
    status: int,
    received: list[tuple[str, str]],
    *,
    read: Callable[[], Awaitable[bytes]],
    stream: Callable[[], StreamingResponse],
    close: Callable[[], Awaitable[None]],
    internal_bases: list[str],
    failed: Callable[[str], ProblemError],
) -> Response:
    """The service's answer as ours (either client path): small bodies read whole, large ones
    streamed; an error that is not the platform's problem document is replaced by one."""
    lowered = {k.lower(): v for k, v in received}
    if status >= 400 and _PROBLEM_JSON not in lowered.get("content-type", ""):
        # Whatever it says may name internals, and the API promises problem+json for every error.
        await close()
        if status >= 500:
            raise failed("bad_gateway")
        kept = {k: v for k, v in received if k.lower() in _KEPT_ON_ERROR}
        raise ProblemError(status, _phrase(status), headers=kept or None)
    headers = forward_response_headers(received, internal_bases=internal_bases)
    length = lowered.get("content-length")
    if status in (204, 304) or (length is not None and length.isdigit() and int(length) <= BUFFER_LIMIT):
        body = await read()
        out = Response(body, status_code=status)
        set_headers(out, headers, body_length=len(body))
        return out
    streamed_out = stream()
    set_headers(streamed_out, headers, body_length=None)
    return streamed_out


def set_headers(response: Response, headers: list[tuple[str, str]], *, body_length: int | None) -> None:
    raw: list[tuple[bytes, bytes]] = []
    for name, value in headers:
        if name.lower() == "content-length":
            continue  # recomputed below (or absent while streaming)
        raw.append((name.lower().encode("latin-1"), value.encode("latin-1")))
    if body_length is not None and response.status_code not in (204, 304):
        raw.append((b"content-length", str(body_length).encode()))
    response.raw_headers = raw
