"""The gateway's one runtime object: built once in create_app, reached by routes through `RuntimeDep`."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from resugrow_gateway.adapters.dashboard_store import MongoDashboardReadModel
from resugrow_gateway.adapters.downstream import Downstreams
from resugrow_gateway.adapters.mailer import SmtpMailer
from resugrow_gateway.adapters.passwords import Passwords
from resugrow_gateway.adapters.stream_hub import StreamHub
from resugrow_gateway.adapters.unit_of_work import GatewayUnitOfWork
from resugrow_gateway.domain.accounts import RevokedSubjects, VerifiedTokenCache
from resugrow_gateway.domain.breaker import STATE_GAUGE, CircuitBreaker
from resugrow_gateway.domain.dashboard import SECTIONS, Answer, Outcome, RecentCallers, ServiceHealth
from resugrow_gateway.domain.ratelimit import BucketTable, Limit, RateLimiter
from resugrow_gateway.settings import GatewaySettings
from resugrow_gateway.use_cases.ports import AccountPolicy, AccountTools
from resugrow_platform import Principal, ServicePlatform, Unauthorized, UnitOfWork, issue_token, verify_token
from resugrow_platform.admission import LoadGate
from resugrow_platform.logging import get_logger
from resugrow_platform.metrics import BREAKER_STATE

T = TypeVar("T")


class AccessTokenIssuer:
    def __init__(self, settings: GatewaySettings) -> None:
        self.auth = settings.auth

    def issue(self, user_id: str, *, session_id: str, now: datetime) -> str:
        # `sid` names the sign-in, so the sessions list can mark "this device" and a password
        # change can keep it while ending the others.
        return issue_token(
            self.auth,
            user_id,
            ttl_seconds=self.auth.access_ttl_seconds,
            extra={"sid": session_id},
            now=now.timestamp(),
        )


def account_tools(settings: GatewaySettings, passwords: Passwords, mailer: SmtpMailer) -> AccountTools:
    a = settings.accounts
    return AccountTools(
        passwords=passwords,
        tokens=AccessTokenIssuer(settings),
        mailer=mailer,
        policy=AccountPolicy(
            access_ttl_s=settings.auth.access_ttl_seconds,
            refresh_ttl_days=settings.refresh_ttl_days,
            verify_ttl_s=a.verify_ttl_s,
            reset_ttl_s=a.reset_ttl_s,
            resets_per_hour=a.resets_per_hour,
            app_url=a.app_url,
        ),
    )


def page_gate(settings: GatewaySettings) -> LoadGate:
    """Which dashboard pages are admitted now (middleware.DashboardAdmission): by the event
    loop's measured lag and a count."""
    d = settings.dashboard
    return LoadGate(
        max_in_flight=d.max_pages_in_flight,
        max_lag_s=d.max_loop_lag_s,
        lag_floor=d.min_pages_in_flight,
        max_per_pass=d.max_pages_per_pass,
    )


class GatewayRuntime:
    def __init__(self, settings: GatewaySettings, platform: ServicePlatform[GatewaySettings]) -> None:
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
        # Shared by every replica (the gateway's own database); looked up once the app runs.
        self.read_model = MongoDashboardReadModel(lambda: platform.db)
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
        log = platform.log if platform is not None else get_logger("resugrow.gateway")
        # Sessions ended on this replica: their access tokens stop here at once (elsewhere within
        # the access-token TTL, like any access token).
        self.revoked_sessions = RevokedSubjects(remember_s=self.revoked.remember_s)
        self.mailer = SmtpMailer(settings.mail, log)
        self.tools = account_tools(settings, self.passwords, self.mailer)
        # Dashboard calls that outlived their page (see use_cases/dashboard.fetch_section).
        self.late_sections: set[asyncio.Task[Any]] = set()
        self.in_flight = dict.fromkeys(SECTIONS, 0)
        # (user, section) -> (generation it was read at, the call): see use_cases/dashboard.shared_fetch
        self.fetching: dict[tuple[str, str], tuple[int, asyncio.Task[Outcome]]] = {}
        self.recent = RecentCallers(max_users=d.recent_users)
        self.health = ServiceHealth(interval_s=d.health_interval_s)
        self.user_calls: dict[str, int] = {}
        self.unsaved: dict[str, dict[str, Answer]] = {}
        self.page_gate = page_gate(settings)
        self.reads_in_flight = 0

    def user_for(self, token: str) -> str:
        """The verified subject of an access token (signature, issuer, audience, expiry, algorithm
        allow-list: resugrow_platform.verify_token), served from a cache once verified."""
        now = time.time()
        user_id = self.verified.get(token, now=now)
        if user_id is None:
            user_id = verify_token(self.settings.auth, token).user_id
            self.verified.put(token, user_id, expires_at=_expiry(token), now=now)
        return user_id

    async def transact(self, work: Callable[[GatewayUnitOfWork], Awaitable[T]]) -> T:
        """One transaction (retried on transient conflicts by the platform); after-commit actions
        (mails) run once it committed."""
        pending: list[Callable[[], None]] = []

        async def run(uow: UnitOfWork) -> T:
            gateway_uow = GatewayUnitOfWork.within(uow)
            result = await work(gateway_uow)
            pending[:] = gateway_uow.pending
            return result

        result = await self.platform.transact(run)
        for action in pending:
            action()
        return result

    def reader(self) -> GatewayUnitOfWork:
        return GatewayUnitOfWork.reader(self.platform.db)

    def authenticate(self, token: str | None) -> Principal:
        if not token:
            raise Unauthorized()
        user_id = self.user_for(token)
        # Tombstones are persisted: a deleted account stays refused after any restart.
        if self.revoked.is_revoked(user_id, now=self.clock()) or user_id in self.platform.deleted_users:
            raise Unauthorized("This account was deleted.")
        if self.revoked_sessions.any() and self.revoked_sessions.is_revoked(
            session_of(token) or "", now=self.clock()
        ):
            raise Unauthorized("This session was signed out.")
        return Principal(user_id=user_id, token=token)

    @staticmethod
    def clock() -> float:
        """Monotonic seconds for limits, breakers and caches (immune to wall-clock steps)."""
        return time.monotonic()

    @staticmethod
    def token_expiry(authorization: str) -> float:
        """When the (already verified) bearer token in this header expires, in epoch seconds."""
        return _expiry(authorization.partition(" ")[2].strip())

    def erased(self, user_id: str) -> bool:
        return self.platform is not None and user_id in self.platform.deleted_users

    def breaker_changed(self, breaker: CircuitBreaker) -> None:
        BREAKER_STATE.labels(self.settings.service_name, breaker.name).set(STATE_GAUGE[breaker.state])

    async def start(self, _: ServicePlatform) -> None:
        await self.downstreams.start()

    async def stop(self, _: ServicePlatform) -> None:
        await self.mailer.drain()
        await self.downstreams.close()


def verified_claims(token: str) -> dict[str, Any]:
    """The claims of a token that already passed verification (so it is well-formed)."""
    payload = token.split(".")[1]
    claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims


def session_of(token: str | None) -> str | None:
    if not token:
        return None
    sid = verified_claims(token).get("sid")
    return str(sid) if sid else None


def _expiry(token: str) -> float:
    return float(verified_claims(token)["exp"])
