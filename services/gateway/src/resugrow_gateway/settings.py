"""Gateway settings (env prefix RESUGROW_GATEWAY_, nested with `__`).

Example: RESUGROW_GATEWAY_SERVICES__RESUME=http://127.0.0.1:8001
"""

from __future__ import annotations

import os
import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, model_validator

from resugrow_gateway.domain.routing import UPLOAD_LIMIT
from resugrow_platform import KafkaSettings, ServiceSettings, service_settings_config


class DownstreamUrls(BaseModel):
    resume: str = "http://127.0.0.1:8001"
    ats: str = "http://127.0.0.1:8002"
    interview: str = "http://127.0.0.1:8003"
    linkedin: str = "http://127.0.0.1:8004"
    tracker: str = "http://127.0.0.1:8005"
    career: str = "http://127.0.0.1:8006"

    def as_dict(self) -> dict[str, str]:
        return {name: str(url).rstrip("/") for name, url in self.model_dump().items()}


class PoolSettings(BaseModel):
    # Per downstream, for each of its two pools (aiohttp for calls whose body is in memory, httpx
    # for streamed uploads and the writing tools), and small on purpose: httpcore scans every
    # pooled connection (polling each idle socket) for each request, so a large pool costs CPU on
    # every call; and every opened connection is kept alive, since a keep-alive cap below the
    # pool size makes the pool close and reopen connections constantly under load (measured at
    # 120 dashboards/s).
    max_connections: int = 32
    max_keepalive_connections: int = 32
    connect_timeout_s: float = 2.0


class DashboardSettings(BaseModel):
    # The whole page answers within this, whatever the services do (counted from the page's
    # start in the gateway; below 300 ms so the answer reaches the caller within 300 ms).
    overall_deadline_s: float = Field(default=0.25, gt=0, le=5)
    section_deadline_s: float = Field(default=0.2, gt=0, le=5)
    # Read model (adapters/dashboard_store.py): a stored section is shown while no event or
    # forwarded write invalidated it and it is at most max_age_s old (this bounds what no event
    # announces: time-based fields, effects inside a consuming service); past that, live.
    max_age_s: float = Field(default=300.0, gt=0)
    # A stored section an event made out of date (or past max_age_s) is shown, marked `stale`,
    # while a background call refreshes it, if it is at most this old; older, or changed by the
    # user's own write, it is fetched live for the page.
    stale_max_age_s: float = Field(default=900.0, ge=0)
    # A background refresh (no page waiting) may take this long.
    refresh_deadline_s: float = Field(default=1.0, gt=0, le=10)
    # Summary calls in flight per service from this process (pages and refreshes together);
    # past it a section is `busy` at once: an overloaded service gets no queue from us.
    max_live_calls: int = Field(default=8, ge=1)
    # At sign-in, fetch in the background the sections the read model lacks (all six for a new
    # user), so the first dashboard needs no live call.
    prefetch_at_sign_in: bool = True
    # Users whose sections are refreshed as soon as an event changes them (those who opened a
    # dashboard lately on this replica, with their token until it expires; 0 turns it off).
    recent_users: int = Field(default=10_000, ge=0)
    # Dashboard pages served at once by this process; past it a 503 + Retry-After answers at
    # once, before any other work (token check, logging), so admitted pages keep their latency.
    max_pages_in_flight: int = Field(default=32, ge=0)
    # ... and while the event loop runs later than this (0: not checked): a new page would wait
    # that long before its first line runs, and so would every refusal (resugrow_platform
    # admission.LoadGate). Measured only while pages are asked for; no timer.
    max_loop_lag_s: float = Field(default=0.02, ge=0, le=1)
    # ... but this many pages are admitted whatever the lag: with so few in flight a late loop
    # is a moment's pause (a collector pass, a batch of events, another process on the CPU), and
    # refusing would only turn it into errors at a rate the gateway sustains.
    min_pages_in_flight: int = Field(default=4, ge=0)
    # Past that floor, pages admitted per pass of the event loop (0: no bound): the lag is
    # measured once per pass, so a surge within one pass is not all admitted on the last one's.
    max_pages_per_pass: int = Field(default=4, ge=0)
    # Serve admitted pages before the middleware stack (api/dashboard_lane.py: no trace span per
    # page; about half the gateway's CPU per page). Off, or with CORS configured, the stack does.
    fast_lane: bool = True
    # Sweep: delete the sections of accounts deleted within the look-back window (what the
    # `user.deleted` event missed on a replica whose consumer had not joined yet, or what a
    # late answer wrote back), every erasure_sweep_s.
    erasure_sweep_s: float = Field(default=30.0, gt=0)
    erasure_lookback_s: float = Field(default=900.0, gt=0)
    # A failed live call shows the last stored copy (degraded, stale) up to this age.
    degraded_max_age_s: float = Field(default=24 * 3600.0, ge=0)
    # Reading the read model: a read that fails is answered live (the database is not needed);
    # one slower than this means overload, and the page answers every section `busy` instead of
    # adding six live calls to it.
    read_model_timeout_s: float = Field(default=0.2, gt=0, le=5)
    # Read-model reads outstanding at once (slow ones finish in the background); past it a page
    # is answered `busy` without adding a read to an overloaded database.
    max_reads_in_flight: int = Field(default=32, ge=1)
    # Marking a section out of date before a forwarded write's answer leaves.
    mark_timeout_s: float = Field(default=1.0, gt=0, le=10)
    # Sections changed by a consuming service are invalidated again this long after the event.
    settle_s: float = Field(default=3.0, ge=0, le=60)
    # Open a service's breaker when, within the window, at least min_calls calls were made and
    # at least failure_ratio of them failed; probe again after breaker_reset_s.
    breaker_min_calls: int = Field(default=10, ge=1)
    breaker_failure_ratio: float = Field(default=0.5, gt=0, le=1)
    breaker_window_s: float = Field(default=10.0, gt=0)
    breaker_reset_s: float = Field(default=5.0, gt=0)
    # While dashboards are served, each service's liveness is probed at most this often (in the
    # background; 0 turns it off): a section stored for a service that does not answer within
    # health_timeout_s is shown `degraded`, and no page waits on a live call to it.
    health_interval_s: float = Field(default=1.0, ge=0)
    health_timeout_s: float = Field(default=0.5, gt=0, le=5)


class RateLimitSettings(BaseModel):
    enabled: bool = True
    # In-process buckets: each replica enforces these on its own, so the effective ceiling for a
    # user is `replicas x limit` (documented in the README); cheap enough for every request.
    per_user_rate_per_s: float = 20.0
    per_user_burst: int = 60
    per_ip_rate_per_s: float = 50.0
    per_ip_burst: int = 150
    # Brute-force guard on the credential endpoints, per IP.
    auth_rate_per_s: float = 0.5
    auth_burst: int = 10
    max_keys: int = 100_000


class CorsSettings(BaseModel):
    allow_origins: list[str] = Field(default_factory=list)
    allow_credentials: bool = False
    max_age_s: int = 600


class PasswordSettings(BaseModel):
    # argon2id with RFC 9106's second recommended option (t=3, 64 MiB); tests lower the cost.
    time_cost: int = Field(default=3, ge=1)
    memory_kib: int = Field(default=65536, ge=1024)
    parallelism: int = Field(default=4, ge=1)


class MailSettings(BaseModel):
    # A local SMTP server by default: `make run` starts one (aiosmtpd), compose runs Mailpit.
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = 1025
    sender: str = "Resugrow <no-reply@resugrow.local>"
    starttls: bool = False
    username: str | None = None
    password: SecretStr = SecretStr("")
    timeout_s: float = 10.0
    attempts: int = Field(default=3, ge=1, le=10)


class AccountSettings(BaseModel):
    verify_ttl_s: int = Field(default=48 * 3600, ge=60)
    reset_ttl_s: int = Field(default=3600, ge=60, le=24 * 3600)
    # Reset mails per address per hour (more requests get the same answer, but no mail).
    resets_per_hour: int = Field(default=3, ge=1)
    # Where the web app's /verify-email and /reset-password pages live (links in the mails).
    app_url: str = "http://127.0.0.1:8000"


class StreamSettings(BaseModel):
    queue_size: int = 100
    ping_s: float = 15.0
    max_connections_per_user: int = 5


class GatewaySettings(ServiceSettings):
    model_config = service_settings_config("gateway")

    service_name: str = "gateway"
    port: int = 8000
    # The public entry point takes bursts of new client connections: with uvloop's one accept per
    # loop pass, the 50th new connection of a surge waited ~50 passes (measured 0.8 s) before its
    # request was read, let alone refused (issue 16, bench/gateway.py --platform, session 6).
    event_loop: Literal["auto", "asyncio", "uvloop"] = "asyncio"
    services: DownstreamUrls = Field(default_factory=DownstreamUrls)
    pool: PoolSettings = Field(default_factory=PoolSettings)
    dashboard: DashboardSettings = Field(default_factory=DashboardSettings)
    rate_limit: RateLimitSettings = Field(default_factory=RateLimitSettings)
    cors: CorsSettings = Field(default_factory=CorsSettings)
    stream: StreamSettings = Field(default_factory=StreamSettings)
    passwords: PasswordSettings = Field(default_factory=PasswordSettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    accounts: AccountSettings = Field(default_factory=AccountSettings)
    refresh_ttl_days: int = Field(default=30, ge=1, le=365)
    # Above every per-route limit, so the route's own (smaller) limit answers first.
    max_request_bytes: int = UPLOAD_LIMIT + 64 * 1024
    # Per-route timeout overrides in seconds, keyed by operation id (e.g. {"render_resume": 90}).
    route_timeouts: dict[str, float] = Field(default_factory=dict)
    # Trust X-Forwarded-For from this many proxies in front of the gateway (0: use the socket peer).
    trusted_proxies: int = Field(default=0, ge=0, le=5)
    # ... and only when the socket peer is one of these addresses (the proxies' own addresses or
    # networks); an X-Forwarded-For from anyone else is ignored.
    trusted_proxy_addresses: list[str] = Field(default_factory=list)
    # The gateway is the public listener: its /metrics needs RESUGROW_GATEWAY_METRICS_TOKEN.
    metrics_public: bool = False

    @model_validator(mode="before")
    @classmethod
    def _per_instance_consumer(cls, data: Any) -> Any:
        """Every replica must see every event, so each joins its own consumer group and starts
        at the end of the log (a live stream shows what happens while it is open, not history).
        Set KAFKA__GROUP_SUFFIX (e.g. to the pod name) to make the group name predictable."""
        if not isinstance(data, dict):
            return data
        kafka = data.get("kafka")
        if isinstance(kafka, KafkaSettings):
            kafka = kafka.model_dump()
        kafka = dict(kafka or {})
        env = os.environ.get("RESUGROW_GATEWAY_KAFKA__GROUP_SUFFIX") or os.environ.get(
            "RESUGROW_KAFKA__GROUP_SUFFIX"
        )
        if not kafka.get("group_suffix"):
            kafka["group_suffix"] = env or f"-{uuid.uuid4().hex[:12]}"
        kafka.setdefault("auto_offset_reset", "latest")
        data["kafka"] = kafka
        return data

    @model_validator(mode="after")
    def _check(self) -> GatewaySettings:
        if self.dashboard.section_deadline_s > self.dashboard.overall_deadline_s:
            self.dashboard.section_deadline_s = self.dashboard.overall_deadline_s
        secret = self.auth.jwt_secret.get_secret_value()
        if self.runs_api and any(a.startswith("HS") for a in self.auth.algorithms) and len(secret) < 32:
            raise ValueError(
                "The gateway signs tokens: set RESUGROW_AUTH__JWT_SECRET (or RESUGROW_GATEWAY_AUTH__JWT_SECRET) "
                "to at least 32 random bytes, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
            )
        return self
