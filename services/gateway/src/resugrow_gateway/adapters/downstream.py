"""One pooled httpx client per downstream service, and the streaming reverse proxy built on them.

Bodies stream both ways: an upload is passed on chunk by chunk while its size is counted (413
as soon as it passes the route's limit), and a large answer (a PDF, a ZIP export) is streamed
back without being held in memory. Small answers are read whole, which is faster.
"""

from __future__ import annotations

import functools
import ipaddress
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
from opentelemetry import propagate
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Scope

from resugrow_gateway.domain.routing import forward_request_headers, forward_response_headers
from resugrow_platform import PayloadTooLarge, ProblemError

# Answers up to this size are read whole (one write, a Content-Length) instead of streamed.
_BUFFER_LIMIT = 256 * 1024
_PROBLEM_JSON = "application/problem+json"
_KEPT_ON_ERROR = frozenset({"retry-after", "www-authenticate", "allow"})
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# What a request on a connection the server closed in between fails with, before any answer.
_STALE_CONNECTION = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Client Error"


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


def _pool_of(client: httpx.AsyncClient) -> httpcore.AsyncConnectionPool | None:
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    return pool if isinstance(pool, httpcore.AsyncConnectionPool) else None


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
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._urls: dict[tuple[str, str], bytes] = {}
        self._hosts = {
            name: (urlsplit(url).netloc or "localhost").encode() for name, url in self.urls.items()
        }

    async def start(self) -> None:
        for name, url in self.urls.items():
            self._clients[name] = httpx.AsyncClient(
                base_url=url,
                limits=self._limits,
                timeout=httpx.Timeout(10.0, connect=self._connect_timeout),
                follow_redirects=False,
                # Never pick up proxy variables from the environment: downstreams are internal.
                trust_env=False,
            )

    async def close(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients = {}

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
        """A small GET (a dashboard summary, a job) on the service's own pooled connections.

        It talks to the httpx client's connection pool (httpcore) directly: the httpx request and
        response models and the client span cost about 0.6 ms of CPU per call (measured), which
        at five calls per dashboard was most of the gateway's work. The trace context is still
        injected, so the service's spans stay in the caller's trace."""
        url = self._urls.get((service, path))
        if url is None:
            url = self._urls[(service, path)] = (self.urls[service] + path).encode()
        headers = [
            (b"host", self._hosts[service]),
            (b"authorization", authorization.encode("latin-1")),
            (b"accept", b"application/json"),
        ]
        if request_id:
            headers.append((b"x-request-id", request_id.encode("latin-1")))
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        headers.extend((k.encode("latin-1"), v.encode("latin-1")) for k, v in carrier.items())
        pool = _pool_of(self.client(service))
        connect = min(timeout, self._connect_timeout)
        try:
            if pool is None:  # an httpx without the private pool: the ordinary (slower) path
                answer = await self.client(service).get(
                    url.decode(),
                    headers={k.decode(): v.decode() for k, v in headers if k != b"host"},
                    timeout=httpx.Timeout(timeout, connect=connect),
                )
                return SmallAnswer(answer.status_code, answer.content)
            extensions = {"timeout": {"connect": connect, "read": timeout, "write": timeout, "pool": timeout}}
            try:
                response = await pool.request(b"GET", url, headers=headers, extensions=extensions)
            except (httpcore.RemoteProtocolError, httpcore.ReadError, httpcore.WriteError):
                # a kept-alive connection closed by the service meanwhile: one retry (GET)
                response = await pool.request(b"GET", url, headers=headers, extensions=extensions)
            return SmallAnswer(response.status, response.content)
        except (httpcore.TimeoutException, httpx.TimeoutException) as exc:
            raise DownstreamTimeout(service) from exc
        except (httpcore.ConnectError, httpx.ConnectError, httpcore.NetworkError, httpx.NetworkError) as exc:
            raise DownstreamUnreachable(service) from exc
        except (httpcore.ProtocolError, httpx.HTTPError) as exc:
            raise DownstreamFailed(service) from exc

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

    async def _relay(self, response: httpx.Response, service: str) -> Response:
        content_type = response.headers.get("content-type", "")
        if response.status_code >= 400 and _PROBLEM_JSON not in content_type:
            # Not the platform's own problem document: whatever it says may name internals, and
            # the API promises problem+json for every error.
            await response.aclose()
            if response.status_code >= 500:
                raise bad_gateway(service)
            kept = {k: v for k, v in response.headers.items() if k.lower() in _KEPT_ON_ERROR}
            raise ProblemError(response.status_code, _phrase(response.status_code), headers=kept or None)
        headers = forward_response_headers(response.headers.multi_items(), internal_bases=self.internal_bases)
        length = response.headers.get("content-length")
        if response.status_code in (204, 304) or (
            length is not None and length.isdigit() and int(length) <= _BUFFER_LIMIT
        ):
            try:
                body = b"".join([chunk async for chunk in response.aiter_raw()])
            except httpx.TimeoutException:
                raise timed_out(service) from None
            except httpx.HTTPError:
                raise bad_gateway(service) from None
            finally:
                await response.aclose()
            out = Response(body, status_code=response.status_code)
            _set_headers(out, headers, body_length=len(body))
            return out
        streamed = StreamingResponse(
            _raw(response), status_code=response.status_code, background=BackgroundTask(response.aclose)
        )
        _set_headers(streamed, headers, body_length=None)
        return streamed


def _set_headers(response: Response, headers: list[tuple[str, str]], *, body_length: int | None) -> None:
    raw: list[tuple[bytes, bytes]] = []
    for name, value in headers:
        if name.lower() == "content-length":
            continue  # recomputed below (or absent while streaming)
        raw.append((name.lower().encode("latin-1"), value.encode("latin-1")))
    if body_length is not None and response.status_code not in (204, 304):
        raw.append((b"content-length", str(body_length).encode()))
    response.raw_headers = raw


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
