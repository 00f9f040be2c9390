"""The gateway's long-lived objects, built once per app and reached through `app.state.gateway`."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from typing import Annotated, Any

from fastapi import Depends, Request

from resugrow_gateway.adapters.downstream import Downstreams
from resugrow_gateway.adapters.passwords import Passwords
from resugrow_gateway.adapters.stream_hub import StreamHub
from resugrow_gateway.domain.accounts import RevokedSubjects, VerifiedTokenCache
from resugrow_gateway.domain.breaker import STATE_GAUGE, CircuitBreaker
from resugrow_gateway.domain.dashboard import SECTIONS, SectionCache
from resugrow_gateway.domain.ratelimit import BucketTable, Limit, RateLimiter
from resugrow_gateway.settings import GatewaySettings
from resugrow_platform import Principal, ServicePlatform, Unauthorized, verify_token
from resugrow_platform.metrics import BREAKER_STATE


class GatewayRuntime:
    def __init__(self, settings: GatewaySettings, platform: ServicePlatform) -> None:
        self.settings = settings
        self.platform = platform
        pw = settings.passwords
        self.passwords = Passwords(
            time_cost=pw.time_cost, memory_kib=pw.memory_kib, parallelism=pw.parallelism
        )
        self.downstreams = Downstreams(
            settings.services.as_dict(),
            max_connections=settings.pool.max_connections,
            max_keepalive=settings.pool.max_keepalive_connections,
            connect_timeout_s=settings.pool.connect_timeout_s,
            trusted_proxy_addresses=settings.trusted_proxy_addresses,
        )
        d = settings.dashboard
        self.breakers = {
            name: CircuitBreaker(
                name,
                min_calls=d.breaker_min_calls,
                failure_ratio=d.breaker_failure_ratio,
                window_s=d.breaker_window_s,
                reset_after_s=d.breaker_reset_s,
            )
            for name in SECTIONS
        }
        self.cache = SectionCache(ttl_s=d.cache_ttl_s, max_users=d.cache_max_users)
        rl = settings.rate_limit
        self.limiter = RateLimiter(
            per_user=Limit(rl.per_user_rate_per_s, rl.per_user_burst),
            per_ip=Limit(rl.per_ip_rate_per_s, rl.per_ip_burst),
            max_keys=rl.max_keys,
        )
        self.auth_limiter = BucketTable(Limit(rl.auth_rate_per_s, rl.auth_burst), max_keys=rl.max_keys)
        self.hub = StreamHub(
            queue_size=settings.stream.queue_size, max_per_user=settings.stream.max_connections_per_user
        )
        # As long as an access token of a deleted account could still verify.
        self.revoked = RevokedSubjects(
            remember_s=settings.auth.access_ttl_seconds + settings.auth.leeway_seconds + 60
        )

        self.verified = VerifiedTokenCache()
        # Dashboard calls that outlived their page (see service._fetch_section).
        self.late_sections: set[asyncio.Task[Any]] = set()
        self.in_flight = dict.fromkeys(SECTIONS, 0)

    def user_for(self, token: str) -> str:
        """The verified subject of an access token (signature, issuer, audience, expiry, algorithm
        allow-list: resugrow_platform.verify_token), served from a cache once verified."""
        now = time.time()
        user_id = self.verified.get(token, now=now)
        if user_id is None:
            user_id = verify_token(self.settings.auth, token).user_id
            self.verified.put(token, user_id, expires_at=_expiry(token), now=now)
        return user_id

    def authenticate(self, token: str | None) -> Principal:
        if not token:
            raise Unauthorized()
        user_id = self.user_for(token)
        if self.revoked.is_revoked(user_id, now=self.clock()):
            raise Unauthorized("This account was deleted.")
        return Principal(user_id=user_id, token=token)

    @staticmethod
    def clock() -> float:
        """Monotonic seconds for limits, breakers and caches (immune to wall-clock steps)."""
        return time.monotonic()

    def breaker_changed(self, breaker: CircuitBreaker) -> None:
        BREAKER_STATE.labels(self.settings.service_name, breaker.name).set(STATE_GAUGE[breaker.state])

    async def start(self, _: ServicePlatform) -> None:
        await self.downstreams.start()

    async def stop(self, _: ServicePlatform) -> None:
        await self.downstreams.close()


def _expiry(token: str) -> float:
    """`exp` of a token that already passed verification (so it is well-formed)."""
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return float(claims["exp"])


async def get_runtime(request: Request) -> GatewayRuntime:
    runtime: GatewayRuntime = request.app.state.gateway
    return runtime


RuntimeDep = Annotated[GatewayRuntime, Depends(get_runtime)]
