"""The gateway's long-lived objects, built once per app and reached through `app.state.gateway`."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Depends, Request
from resugrow_platform import ServicePlatform
from resugrow_platform.metrics import BREAKER_STATE

from resugrow_gateway.adapters.downstream import Downstreams
from resugrow_gateway.adapters.passwords import Passwords
from resugrow_gateway.adapters.stream_hub import StreamHub
from resugrow_gateway.domain.accounts import RevokedSubjects
from resugrow_gateway.domain.breaker import STATE_GAUGE, CircuitBreaker
from resugrow_gateway.domain.dashboard import SECTIONS, SectionCache
from resugrow_gateway.domain.ratelimit import BucketTable, Limit, RateLimiter
from resugrow_gateway.settings import GatewaySettings


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
        )
        d = settings.dashboard
        self.breakers = {
            name: CircuitBreaker(name, failure_threshold=d.breaker_failures, reset_after_s=d.breaker_reset_s)
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


async def get_runtime(request: Request) -> GatewayRuntime:
    runtime: GatewayRuntime = request.app.state.gateway
    return runtime


RuntimeDep = Annotated[GatewayRuntime, Depends(get_runtime)]
