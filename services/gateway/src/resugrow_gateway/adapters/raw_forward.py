"""The proxy's fast path: a request whose body is already in memory (every JSON call, a render, a
read) goes out on the service's aiohttp session, whose HTTP parser is written in C.

Measured on a proxied `POST /v1/resumes/{id}/renders` answered with a 30 KB PDF (issue 16, the
cache hit through the gateway): httpcore, which the httpx client rests on, spent 2.0-2.2 ms of CPU
per request in the gateway (h11's parser and its anyio stream in pure Python), aiohttp 0.4-0.5 ms.
Before this, the httpx request and response models had already been bypassed for httpcore's pool.
The trace context is still injected, so the service's spans stay in the caller's trace. Bodies
that stream (large uploads) keep the ordinary httpx path.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from http import HTTPStatus

import aiohttp
from opentelemetry import propagate
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse
from yarl import URL

from resugrow_gateway.domain.routing import forward_response_headers
from resugrow_platform import ProblemError

# Answers up to this size are read whole (one write, a Content-Length) instead of streamed.
BUFFER_LIMIT = 256 * 1024
_PROBLEM_JSON = "application/problem+json"
_KEPT_ON_ERROR = frozenset({"retry-after", "www-authenticate", "allow"})
# aiohttp sets Content-Length from the body itself (and Host from the URL, unless given).
_DROPPED = frozenset({"content-length", "transfer-encoding"})
# What a request on a kept-alive connection the service closed in between fails with.
_STALE = (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)
# A connection that cannot be made, or no pooled connection free in time: the service is
# unavailable (not slow). Listed before the generic socket errors they derive from.
_UNREACHABLE = (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError)
_CHUNK = 64 * 1024
# What the service may hear only from the caller: aiohttp would otherwise add its own.
_NO_AUTO_HEADERS = frozenset({"User-Agent", "Accept", "Accept-Encoding", "Content-Type"})


def new_session(*, max_connections: int, keepalive_s: float) -> aiohttp.ClientSession:
    """One service's pooled connections. Cookies are never kept (the session is shared by every
    caller), bodies pass as sent (no decompression), and idle connections are dropped before the
    service's own keep-alive timeout (uvicorn: 5 s) would close them under a request."""
    connector = aiohttp.TCPConnector(limit=max_connections, limit_per_host=0, keepalive_timeout=keepalive_s)
    return aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        auto_decompress=False,
        skip_auto_headers=_NO_AUTO_HEADERS,
        trust_env=False,  # downstreams are internal: never a proxy from the environment
        raise_for_status=False,
    )


def request_headers(headers: list[tuple[str, str]], host: str) -> list[tuple[str, str]]:
    """The forwarded headers with the downstream's Host and the current trace context."""
    out = [("Host", host)]
    out.extend((name, value) for name, value in headers if name.lower() not in _DROPPED)
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    out.extend(carrier.items())
    return out


def timeouts(timeout_s: float, connect_s: float) -> aiohttp.ClientTimeout:
    # `connect` bounds the wait for a pooled connection as well as a new one's connect.
    return aiohttp.ClientTimeout(total=None, connect=timeout_s, sock_connect=connect_s, sock_read=timeout_s)


async def send(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    headers: list[tuple[str, str]],
    body: bytes | None,
    *,
    timeout: aiohttp.ClientTimeout,
    retry: bool,
    failed: Callable[[str], ProblemError],
) -> aiohttp.ClientResponse:
    """The service's answer with its body still to read; ``failed(kind)`` builds the problem for
    "unavailable", "timeout" or "bad_gateway"."""
    target = URL(url, encoded=True)  # already a plain, encoded target: no requoting

    async def once() -> aiohttp.ClientResponse:
        # A redirect is the caller's to follow (or not), never the gateway's.
        return await session.request(
            method, target, headers=headers, data=body, timeout=timeout, allow_redirects=False
        )

    try:
        try:
            return await once()
        except _UNREACHABLE:
            raise
        except _STALE:
            # Nothing reached the service's handler: an idempotent request is sent once more.
            if not retry:
                raise
            return await once()
    except _UNREACHABLE:
        raise failed("unavailable") from None
    except (TimeoutError, aiohttp.ServerTimeoutError):
        raise failed("timeout") from None
    except aiohttp.ClientError:
        raise failed("bad_gateway") from None


async def read_all(response: aiohttp.ClientResponse, failed: Callable[[str], ProblemError]) -> bytes:
    try:
        return await response.read()
    except (TimeoutError, aiohttp.ServerTimeoutError):
        raise failed("timeout") from None
    except aiohttp.ClientError:
        raise failed("bad_gateway") from None
    finally:
        response.release()


async def close(response: aiohttp.ClientResponse) -> None:
    response.close()


def streamed(response: aiohttp.ClientResponse) -> StreamingResponse:
    # Bytes exactly as sent; a failure mid-body aborts the client's connection (never a short
    # file that looks complete).
    async def body() -> AsyncIterator[bytes]:
        async for chunk in response.content.iter_chunked(_CHUNK):
            yield chunk

    async def done() -> None:
        response.release()

    return StreamingResponse(body(), status_code=response.status, background=BackgroundTask(done))


def as_text(headers: tuple[tuple[bytes, bytes], ...] | list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]


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
