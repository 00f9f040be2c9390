"""Which service answers which public path, with the limits of each route.

The gateway forwards paths unchanged: every service serves its public API under the same
`/v1/...` path it has at the gateway. `PREFIXES` decides the service for any path (so a route
a service adds later is reachable at once); `ROUTES` declares each known route explicitly so
the one OpenAPI document is complete, with its own timeout and body limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from resugrow_gateway.domain.routes import ats as _ats
from resugrow_gateway.domain.routes import career as _career
from resugrow_gateway.domain.routes import interview as _interview
from resugrow_gateway.domain.routes import linkedin as _linkedin
from resugrow_gateway.domain.routes import resume as _resume
from resugrow_gateway.domain.routes import tracker as _tracker
from resugrow_gateway.domain.routes.model import (
    DEFAULT_TIMEOUT_S,
    JSON_LIMIT,
    MB,
    PREFIXES,
    SERVICES,
    UPLOAD_LIMIT,
    BodyKind,
    ProxyRoute,
    ServiceRule,
    resolve_service,
)

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "JSON_LIMIT",
    "MB",
    "PREFIXES",
    "ROUTES",
    "SERVICES",
    "UPLOAD_LIMIT",
    "BodyKind",
    "ProxyRoute",
    "RouteTable",
    "ServiceRule",
    "forward_request_headers",
    "forward_response_headers",
    "path_pattern",
    "public_location",
    "resolve_service",
]

ROUTES: tuple[ProxyRoute, ...] = (
    *_resume.ROUTES,
    *_ats.ROUTES,
    *_interview.ROUTES,
    *_linkedin.ROUTES,
    *_tracker.ROUTES,
    *_career.ROUTES,
)


# Hop-by-hop headers (RFC 9110 section 7.6.1) never cross a proxy; `host` is the downstream's own.
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
# Set by the gateway itself; a caller must not be able to spoof them downstream.
_REQUEST_OWNED = frozenset(
    {
        "host",
        "x-forwarded-for",
        "x-forwarded-proto",
        "x-forwarded-host",
        "forwarded",
        "x-real-ip",
        "x-request-id",
        "cookie",
    }
)
# Re-added by the gateway's own server and middlewares; passing them would duplicate them.
_RESPONSE_OWNED = frozenset({"server", "date", "x-request-id", "via", "set-cookie"})


def _connection_listed(headers: Iterable[tuple[str, str]]) -> set[str]:
    listed: set[str] = set()
    for name, value in headers:
        if name.lower() == "connection":
            listed.update(token.strip().lower() for token in value.split(",") if token.strip())
    return listed


def forward_request_headers(
    headers: Iterable[tuple[str, str]], *, client_ip: str | None, request_id: str | None, scheme: str = "http"
) -> list[tuple[str, str]]:
    pairs = list(headers)
    drop = _HOP_BY_HOP | _REQUEST_OWNED | _connection_listed(pairs)
    out = [(name, value) for name, value in pairs if name.lower() not in drop]
    if client_ip:
        out.append(("x-forwarded-for", client_ip))
    out.append(("x-forwarded-proto", scheme))
    if request_id:
        out.append(("x-request-id", request_id))
    return out


def forward_response_headers(
    headers: Iterable[tuple[str, str]], *, internal_bases: Iterable[str] = ()
) -> list[tuple[str, str]]:
    pairs = list(headers)
    drop = _HOP_BY_HOP | _RESPONSE_OWNED | _connection_listed(pairs)
    bases = tuple(internal_bases)
    out: list[tuple[str, str]] = []
    for name, value in pairs:
        lowered = name.lower()
        if lowered in drop or lowered.startswith("x-internal-"):
            continue
        if lowered in ("location", "content-location"):
            value = public_location(value, bases)
        out.append((name, value))
    return out


def public_location(value: str, internal_bases: Iterable[str]) -> str:
    """An absolute URL pointing at a downstream becomes a path, so no internal host leaks."""
    parts = urlsplit(value)
    if not parts.netloc:
        return value
    for base in internal_bases:
        if urlsplit(base).netloc == parts.netloc:
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return value


def path_pattern(template: str) -> re.Pattern[str]:
    """`/v1/resumes/{resume_id}` -> a regex matching one non-empty segment per parameter."""
    parts = []
    for segment in template.strip("/").split("/"):
        if segment.startswith("{") and segment.endswith("}"):
            parts.append("[^/]+")
        else:
            parts.append(re.escape(segment))
    return re.compile("^/" + "/".join(parts) + "/?$")


class RouteTable:
    """Finds the declared route of a concrete request (for its timeout, body limit and name)."""

    def __init__(self, routes: Iterable[ProxyRoute] = ROUTES) -> None:
        self._by_service: dict[str, list[tuple[str, re.Pattern[str], ProxyRoute]]] = {}
        for route in routes:
            self._by_service.setdefault(route.service, []).append(
                (route.method, path_pattern(route.path), route)
            )

    def match(self, method: str, path: str) -> tuple[ServiceRule, ProxyRoute | None] | None:
        rule = resolve_service(path)
        if rule is None:
            return None
        for route_method, pattern, route in self._by_service.get(rule.service, ()):
            if route_method == method and pattern.match(path):
                return None if route.composed else (rule, route)
        return rule, None
