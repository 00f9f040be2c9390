"""Pooled connections per downstream service (an aiohttp session for calls whose body is in
memory, an httpx client for streamed uploads and odd targets), and the reverse proxy on them.

Bodies stream both ways: an upload is passed on chunk by chunk while its size is counted (413
as soon as it passes the route's limit), and a large answer (a PDF, a ZIP export) is streamed
back without being held in memory. Small answers are read whole, which is faster.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import logging
import re
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import httpx
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Scope

from resugrow_gateway.adapters import raw_forward
from resugrow_gateway.domain.routing import forward_request_headers
from resugrow_platform import PayloadTooLarge, ProblemError

_BUFFER_LIMIT = raw_forward.BUFFER_LIMIT
# Idle pooled connections are dropped after this: below uvicorn's keep-alive timeout (5 s), so the
# gateway, not the service, closes them and a request never lands on a connection being closed.
KEEPALIVE_S = 4.0
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# What a request on a connection the server closed in between fails with, before any answer.
_STALE_CONNECTION = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)
# Request targets sent as they came (the fast path); anything else is normalised by httpx.
_PLAIN_TARGET = re.compile(r"^/[A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=%]*$")


class DownstreamFailed(Exception):
    """A small downstream call failed (base of the specific failures below)."""


class DownstreamTimeout(DownstreamFailed):
    pass


class DownstreamUnreachable(DownstreamFailed):
    pass


@dataclass(frozen=True)
class SmallAnswer:
    status_code: int
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"body exceeds {limit} bytes")
        self.limit = limit


def too_large(limit: int) -> ProblemError:
    return PayloadTooLarge(f"The request body exceeds this route's limit of {limit} bytes.")


def unavailable(service: str) -> ProblemError:
    return ProblemError(
        503,
        "Service Unavailable",
        f"The {service} service is unavailable; try again shortly.",
        headers={"Retry-After": "5"},
    )


def timed_out(service: str) -> ProblemError:
    return ProblemError(504, "Gateway Timeout", f"The {service} service did not answer in time.")


def bad_gateway(service: str) -> ProblemError:
    return ProblemError(502, "Bad Gateway", f"The {service} service gave an invalid answer.")


class _SmallCallFailed(ProblemError):
    """How a small call's failure leaves raw_forward (then raised as a Downstream* failure)."""

    def __init__(self, kind: str) -> None:
        super().__init__(502, "Bad Gateway", kind)
        self.kind = kind


_SMALL_FAILURES: dict[str, type[DownstreamFailed]] = {
    "unavailable": DownstreamUnreachable,
    "timeout": DownstreamTimeout,
}


def _failures(service: str) -> Callable[[str], ProblemError]:
    def failed(kind: str) -> ProblemError:
        return {"unavailable": unavailable, "timeout": timed_out}.get(kind, bad_gateway)(service)

    return failed


@functools.lru_cache(maxsize=32)
def _networks(addresses: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(a.strip(), strict=False) for a in addresses if a.strip())


def _is_trusted(peer: str | None, addresses: tuple[str, ...]) -> bool:
    if not peer or not addresses:
        return False
    try:
        ip = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(ip in net for net in _networks(addresses))


def client_ip(scope: Scope, trusted_proxies: int, trusted_addresses: Sequence[str] = ()) -> str | None:
    """The caller's address: the socket peer, or the n-th entry from the right of X-Forwarded-For
    when n proxies we trust sit in front of the gateway (entries further left are spoofable).
    The header counts only when the socket peer is one of the trusted proxies' addresses:
    anyone else could send it to pick the address the rate limits see."""
    client = scope.get("client")
    peer = client[0] if client else None
    if trusted_proxies > 0 and _is_trusted(peer, tuple(trusted_addresses)):
        forwarded = ",".join(
            v.decode("latin-1") for k, v in scope.get("headers", ()) if k.lower() == b"x-forwarded-for"
        )
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= trusted_proxies:
            return chain[-trusted_proxies]
    return peer


class Downstreams:
    def __init__(
        self,
        urls: dict[str, str],
        *,
        max_connections: int = 200,
        max_keepalive: int = 50,
        connect_timeout_s: float = 2.0,
        trusted_proxy_addresses: Sequence[str] = (),
    ) -> None:
        self.urls = dict(urls)
        self.trusted_proxy_addresses = tuple(trusted_proxy_addresses)
        self._limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_keepalive)
        self._connect_timeout = connect_timeout_s
        self._max_connections = max_connections
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._sessions: dict[str, aiohttp.ClientSession] = {}
        self._hosts = {name: urlsplit(url).netloc or "localhost" for name, url in self.urls.items()}

    async def start(self) -> None:
        # httpx logs every call at INFO: a second log line per proxied request, on top of the
        # access log that already records it.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        for name, url in self.urls.items():
            self._clients[name] = httpx.AsyncClient(
                base_url=url,
                limits=self._limits,
                timeout=httpx.Timeout(10.0, connect=self._connect_timeout),
                follow_redirects=False,
                # Never pick up proxy variables from the environment: downstreams are internal.
                trust_env=False,
            )
            self._sessions[name] = raw_forward.new_session(
                max_connections=self._max_connections, keepalive_s=KEEPALIVE_S
            )

    async def close(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        for session in self._sessions.values():
            await session.close()
        self._clients = {}
        self._sessions = {}

    def session(self, service: str) -> aiohttp.ClientSession:
        try:
            return self._sessions[service]
        except KeyError as exc:
            raise RuntimeError(f"no session for {service}: the lifespan is not running") from exc

    def client(self, service: str) -> httpx.AsyncClient:
        try:
            return self._clients[service]
        except KeyError as exc:
            raise RuntimeError(f"no client for {service}: the lifespan is not running") from exc

    @property
    def internal_bases(self) -> list[str]:
        return list(self.urls.values())

    async def get_json(
        self, service: str, path: str, *, authorization: str, request_id: str | None, timeout: float
    ) -> SmallAnswer:
        """A small GET (a dashboard summary, a job) on the service's pooled connections (see
        raw_forward: an httpx call cost several times its CPU; five per live dashboard)."""
        headers = [("Accept", "application/json")]
        if authorization:
            headers.append(("Authorization", authorization))
        if request_id:
            headers.append(("X-Request-ID", request_id))
        try:
            response = await raw_forward.send(
                self.session(service),
                "GET",
                self.urls[service] + path,
                raw_forward.request_headers(headers, self._hosts[service]),
                None,
                timeout=raw_forward.timeouts(timeout, min(timeout, self._connect_timeout)),
                retry=True,
                failed=_SmallCallFailed,
            )
            return SmallAnswer(response.status, await raw_forward.read_all(response, _SmallCallFailed))
        except _SmallCallFailed as exc:
            raise _SMALL_FAILURES.get(exc.kind, DownstreamFailed)(service) from None

    async def forward(
        self,
        request: Request,
        *,
        service: str,
        timeout_s: float,
        max_body_bytes: int,
        trusted_proxies: int = 0,
    ) -> Response:
        content = await _request_body(request, max_body_bytes)
        request_id = getattr(request.state, "request_id", None)
        headers = forward_request_headers(
            request.headers.items(),
            client_ip=client_ip(request.scope, trusted_proxies, self.trusted_proxy_addresses),
            request_id=request_id,
            scheme=request.url.scheme,
        )
        raw_path = request.scope.get("raw_path") or request.url.path.encode()
        target = raw_path.decode("latin-1")
        query = request.scope.get("query_string", b"")
        if query:
            target += "?" + query.decode("latin-1")
        client = self.client(service)
        if isinstance(content, bytes | None) and _PLAIN_TARGET.match(target):
            return await self._forward_raw(
                request.method, service, target, headers, content, timeout_s=timeout_s
            )
        upstream = client.build_request(
            request.method,
            target,
            headers=headers,
            content=content,
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, self._connect_timeout)),
        )
        try:
            response = await _send(
                client, upstream, retry=request.method in _IDEMPOTENT and isinstance(content, bytes | None)
            )
        except BodyTooLarge as exc:
            raise too_large(exc.limit) from None
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
            raise unavailable(service) from None
        except httpx.TimeoutException:
            raise timed_out(service) from None
        except httpx.HTTPError:
            raise bad_gateway(service) from None
        return await self._relay(response, service)

    async def _forward_raw(
        self,
        method: str,
        service: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes | None,
        *,
        timeout_s: float,
    ) -> Response:
        failed = _failures(service)
        response = await raw_forward.send(
            self.session(service),
            method,
            self.urls[service].rstrip("/") + target,
            raw_forward.request_headers(headers, self._hosts[service]),
            body,
            timeout=raw_forward.timeouts(timeout_s, min(timeout_s, self._connect_timeout)),
            retry=method in _IDEMPOTENT,
            failed=failed,
        )
        return await raw_forward.answer(
            service,
            response.status,
            raw_forward.as_text(response.raw_headers),
            read=lambda: raw_forward.read_all(response, failed),
            stream=lambda: raw_forward.streamed(response),
            close=lambda: raw_forward.close(response),
            internal_bases=self.internal_bases,
            failed=failed,
        )

    async def _relay(self, response: httpx.Response, service: str) -> Response:
        async def read() -> bytes:
            try:
                return b"".join([chunk async for chunk in response.aiter_raw()])
            except httpx.TimeoutException:
                raise timed_out(service) from None
            except httpx.HTTPError:
                raise bad_gateway(service) from None
            finally:
                await response.aclose()

        def stream() -> StreamingResponse:
            return StreamingResponse(
                _raw(response), status_code=response.status_code, background=BackgroundTask(response.aclose)
            )

        return await raw_forward.answer(
            service, response.status_code, response.headers.multi_items(), read=read, stream=stream,
            close=response.aclose, internal_bases=self.internal_bases, failed=_failures(service),
        )  # fmt: skip


async def _raw(response: httpx.Response) -> AsyncIterator[bytes]:
    # Bytes exactly as sent (still compressed if they were), so Content-Encoding stays true. If the
    # downstream fails mid-body the error propagates and the server aborts the connection, so the
    # client sees a truncated transfer instead of a short file that looks complete.
    async for chunk in response.aiter_raw():
        yield chunk


async def _limited(stream: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    received = 0
    async for chunk in stream:
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge(limit)
        if chunk:
            yield chunk


def problem_or_json(response: httpx.Response | SmallAnswer) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


async def _request_body(request: Request, max_body_bytes: int) -> bytes | AsyncIterator[bytes] | None:
    """Small bodies read whole (so an idempotent request can be resent), large ones streamed."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ProblemError(400, "Bad Request", "Content-Length must be a number.")
        if int(declared) > max_body_bytes:
            raise too_large(max_body_bytes)
    chunked = "chunked" in request.headers.get("transfer-encoding", "").lower()
    if declared is not None and int(declared) <= _BUFFER_LIMIT:
        return await request.body() if int(declared) > 0 else None
    if declared is not None or chunked:
        return _limited(request.stream(), max_body_bytes)
    return None


async def _send(client: httpx.AsyncClient, upstream: httpx.Request, *, retry: bool) -> httpx.Response:
    try:
        return await client.send(upstream, stream=True)
    except _STALE_CONNECTION:
        # A kept-alive connection the service had already closed (e.g. after its 500): nothing
        # reached the service's handler, so an idempotent request whose body we still hold is
        # sent once more on a fresh connection instead of failing this caller.
        if not retry:
            raise
        return await client.send(upstream, stream=True)
