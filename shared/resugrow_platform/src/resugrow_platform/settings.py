"""Settings base: pydantic-settings with one env prefix per service and nested groups.

`RESUGROW_<NAME>_KAFKA__BOOTSTRAP_SERVERS` configures one service; the unprefixed shared
`RESUGROW_KAFKA__BOOTSTRAP_SERVERS` (and `RESUGROW_MONGO__URL`, `RESUGROW_AUTH__JWT_SECRET`)
configure every service at once, which is what the launcher and compose file use.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SHARED_PREFIX = "RESUGROW_"


class KafkaSettings(BaseModel):
    bootstrap_servers: str = "127.0.0.1:9092"
    # Apache Kafka supports idempotent producers; the embedded Tansu broker does not (D3).
    enable_idempotence: bool = False
    # Prepended to every topic name: lets tests share one broker without seeing each other.
    topic_prefix: str = ""
    client_id: str | None = None
    # Per-instance consumer groups (the gateway's live stream) need their own suffix.
    group_suffix: str = ""
    max_retries: int = Field(default=3, ge=0, le=20)
    retry_backoff_ms: int = Field(default=100, ge=0)
    # How long an event keeps being retried on transient errors before it is dead-lettered.
    transient_retry_budget_s: float = Field(default=30.0, ge=0)
    auto_offset_reset: Literal["earliest", "latest"] = "earliest"
    request_timeout_ms: int = 15000
    fetch_max_wait_ms: int = 25
    # How often a service checks that the broker still has its topics (0 = never) while that
    # matters: after a failed check, or while the broker cannot be reached.
    watch_interval_s: float = Field(default=10.0, ge=0)
    # Otherwise the check waits for the broker to close a silent connection (it restarted:
    # checked at once) or for this long (a topic deleted on a running broker). Checking every
    # 10 s on seven services was about a tenth of an idle platform's broker CPU (issue 16).
    topic_check_s: float = Field(default=60.0, gt=0)
    # A consumer with events waiting and no progress for this long is restarted.
    stall_after_s: float = Field(default=60.0, gt=0)
    # Upper bound of the pause between empty fetches (see messaging.install_idle_fetch_backoff);
    # it bounds the extra latency of the first event after a quiet period.
    idle_fetch_backoff_max_ms: int = Field(default=100, ge=0, le=5000)
    # The pause after the first empty fetch; each further empty one doubles it up to the cap.
    # 25 ms, what Apache Kafka holds an empty fetch (`fetch_max_wait_ms`): starting at 4 ms
    # meant 6 empty fetches in the 0.2 s after each event a consumer got, where a lightly used
    # platform (one edit every few hundred ms) spent a fifth of the broker's CPU (issue 16).
    idle_fetch_backoff_first_ms: float = Field(default=25.0, ge=0, le=5000)
    # After this long with nothing to consume, the cap grows to `idle_fetch_backoff_quiet_ms`:
    # an idle platform then costs almost nothing, and only the first event after a quiet spell
    # waits longer. 0 (or a value not above the cap) keeps the cap.
    idle_fetch_backoff_quiet_ms: int = Field(default=2000, ge=0, le=10000)
    idle_fetch_quiet_after_s: float = Field(default=30.0, ge=0)
    # How long one poll of the consumer waits for records; it returns as soon as any arrive.
    # FastStream also sleeps this long after an empty poll (an event arriving then waits for
    # it) unless `batch_poll_without_pause` (messaging.install_batch_wait) drops that sleep;
    # then a long poll adds no latency and an idle consumer wakes once per poll.
    batch_timeout_ms: int = Field(default=2000, ge=1, le=5000)
    batch_poll_without_pause: bool = True
    # aiokafka's fetch routine wakes at least this often even with nothing to do (its default,
    # 200 ms, is a third of an idle service's wake-ups); new data and rebalances wake it anyway.
    fetcher_timeout_ms: int = Field(default=1000, ge=10, le=10000)
    # Group membership (aiokafka's defaults). A member that stops heartbeating loses its
    # partitions after the session timeout; a member learns of a rebalance at its next heartbeat.
    # Seven idle groups cost 2.16% of one core at 3 s / 10 s and 1.80% at 10 s / 30 s (issue 16),
    # but Tansu holds JoinGroup answers for a time that follows the session timeout, whatever
    # `rebalance_timeout_ms` says (measured with aiokafka, session 10 / 12 / 15 / 30 s): a first
    # member joins after 5 / 6 / 8 / 15 s, a late joiner gets its partitions after 10-11 / 13.5 /
    # 14 s / never, and a killed member's partitions move after 14 / 20.5 / 27 s. At 30 s the
    # join outlasts `request_timeout_ms` (15 s) and no consumer ever joined; above 10 s a late
    # joiner comes within 2 s of it. So the session stays 10 s, and the heartbeat 3 s: 5 s would
    # cut the time a busy event loop may stall a member before it is dropped from 7 s to 5 s,
    # for no gain measurable here (seven idle groups: 1.56% at 3 s, 1.69% at 5 s, one 40 s run
    # each; the whole platform: within run-to-run noise).
    heartbeat_interval_ms: int = Field(default=3000, ge=100)
    session_timeout_ms: int = Field(default=10000, ge=1000)
    # Upper bound on the partitions of a topic this process creates (0 = the topic catalog's
    # count). Every idle fetch covers all of a consumer's partitions, and the embedded Tansu
    # broker's cost grows with them: seven idle consumer groups on the catalog's topics cost
    # 3.14% of one core (clients and broker) at 6 partitions a topic, 2.16% at 2, 1.52% at 1
    # (issue 16). The local launcher sets 1, or the largest --replicas count so replicas still
    # share a group; Compose and Helm keep the catalog's counts (the production scaling ceiling).
    max_partitions: int = Field(default=0, ge=0)


class MongoSettings(BaseModel):
    url: SecretStr = SecretStr("mongodb://127.0.0.1:27017/?directConnection=true")
    database: str = ""
    # Short, so a database that is down answers requests with a 503 within about a second.
    server_selection_timeout_ms: int = 1500
    # Also bounds the health check of a paused server (the monitor's socket timeout).
    connect_timeout_ms: int = 2000
    # Deadline for all database calls of one HTTP request (0 = none); long enough for the
    # heaviest read (tracker analytics over thousands of applications on the embedded server).
    request_timeout_s: float = 5.0
    # How long a command keeps retrying transient transaction errors (write conflicts) before 503.
    transaction_retry_budget_s: float = 5.0
    # PyMongo's server monitoring. "stream" (the driver's default against a 4.4+ server) keeps an
    # awaited hello open per client, polls it for cancellation every 0.5 s and runs a second,
    # RTT monitor; "poll" sends one hello every heartbeat instead. Seven idle clients on the
    # embedded SecantusDB cost 0.89% of one core streaming and 0.30% polling (client and server,
    # issue 16). A failed operation still wakes the monitor at once in either mode, so outage
    # detection is unchanged; "stream" only notices a replica-set change sooner on its own, so
    # Compose and Helm set it (a MongoDB replica set holds the awaited hello cheaply).
    server_monitoring_mode: Literal["auto", "stream", "poll"] = "poll"
    # Driver default; 60 s saved only another 0.07% for seven clients, not worth a slower view
    # of the server when nothing else talks to it.
    heartbeat_frequency_ms: int = Field(default=10000, ge=500)
    # PyMongo's background upkeep (closing cursors dropped unread, idle connections past their
    # limit) runs every second and wakes every 0.5 s between runs; nothing in it is urgent. No
    # client option sets it, so `app.slow_pool_upkeep` sets the executor's private period:
    # one idle polling client, 30 s under uvloop, 25 / 17 ms of CPU at the driver's 1 s and
    # 14 / 13.5 ms at 5 s (epoll wake-ups 347 / 260 -> 231 / 226; issue 16). 0 keeps the driver's.
    upkeep_interval_s: float = Field(default=5.0, ge=0)
    # The server monitor sleeps until its next check or until an operation asks for one early
    # (`mongo_monitor.install_wakeable_monitors`), instead of waking every 0.5 s to look for
    # such a request: PyMongo's executor step, two of an idle service's ~20 wake-ups a second.
    # Same checks at the same moments. Idle platform, three adjacent A/B pairs: 0.24-0.28 points
    # less (2.07 / 2.78 / 3.02% against 2.35 / 3.02 / 3.30% of one core, 0.03-0.05 per service;
    # issue 16). False keeps PyMongo's executor.
    wakeable_monitor: bool = True


class OtelSettings(BaseModel):
    # Tracing is off unless the standard OTEL_* variables configure an exporter.
    enabled: bool | None = None
    console: bool = False


class AuthSettings(BaseModel):
    jwt_secret: SecretStr = SecretStr("")
    # Comma-separated keys still accepted for verification (never for signing) during a rotation.
    previous_jwt_secrets: SecretStr = SecretStr("")
    issuer: str = "resugrow-gateway"
    audience: str = "resugrow"
    algorithms: list[str] = Field(default_factory=lambda: ["HS256"])
    access_ttl_seconds: int = 900
    leeway_seconds: int = 5
    # How often a process re-reads erased users (tokens of erased users are refused).
    deleted_users_refresh_s: float = 5.0


class OutboxSettings(BaseModel):
    enabled: bool = True
    batch_size: int = 200
    poll_interval_s: float = 1.0
    # A relay that has sent nothing for `idle_after_s` polls this often instead (commits in the
    # same process wake it at once; the poll finds events written by other replicas, or left by
    # a replica that stopped, when the change stream is off).
    idle_poll_interval_s: float = 30.0
    idle_after_s: float = 30.0
    # Wake the relay from a change stream on the outbox. Cheap on a MongoDB replica set; the
    # embedded SecantusDB answers the stream's getMore at once, so there it costs a busy loop.
    watch_changes: bool = False
    lease_ttl_s: float = 10.0
    # Before a pass that is not draining a backlog, the relay waits until no HTTP request of this
    # process has been in flight for `yield_quiet_ms` (the gap between an answer and the client's
    # next request), at most `yield_max_ms` (0 = never waits): the render a user asks for right
    # after an edit runs before the edit's event cascade takes the cores (see activity.py).
    yield_quiet_ms: float = Field(default=15.0, ge=0, le=1000)
    yield_max_ms: float = Field(default=100.0, ge=0, le=5000)
    max_backoff_s: float = 30.0
    # Sent events are kept this long (for replay after a broker loses data), then purged.
    sent_retention_s: float = 6 * 3600
    purge_interval_s: float = 300.0


class AdmissionSettings(BaseModel):
    # Requests served at once by one process (0 = no limit), how many may wait for a slot, and
    # for how long, before a fast 503 + Retry-After (see admission.py).
    max_in_flight: int = Field(default=64, ge=0)
    max_waiting: int = Field(default=128, ge=0)
    wait_s: float = Field(default=0.5, ge=0)


class ServiceSettings(BaseSettings):
    """Base of every service's settings. Subclasses set `service_name` and the env prefix."""

    model_config = SettingsConfigDict(
        env_prefix="RESUGROW_SERVICE_", env_nested_delimiter="__", extra="ignore"
    )

    service_name: str = "service"
    role: Literal["api", "worker", "all"] = "all"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_json: bool = True
    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    mongo: MongoSettings = Field(default_factory=MongoSettings)
    otel: OtelSettings = Field(default_factory=OtelSettings)
    auth: AuthSettings = Field(default_factory=AuthSettings)
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    admission: AdmissionSettings = Field(default_factory=AdmissionSettings)
    # Requests larger than this are refused with 413 before the body is read.
    max_request_bytes: int = 2 * 1024 * 1024
    graceful_timeout_s: float = 15.0
    # uvicorn's event loop ("auto": uvloop when installed). uvloop (libuv) accepts one new
    # connection per pass of the loop: a burst of N new connections to a busy process waits up
    # to N passes before its first byte is read (issue 16; the gateway uses "asyncio", which
    # accepts every pending connection in one pass).
    event_loop: Literal["auto", "asyncio", "uvloop"] = "auto"
    # /metrics: open to anyone who reaches the port when public and no token is set; with a token,
    # only to `Authorization: Bearer <token>` (Prometheus' `authorization.credentials`); else 404.
    metrics_public: bool = True
    metrics_token: SecretStr | None = None

    @model_validator(mode="before")
    @classmethod
    def _shared_fallbacks(cls, data: Any) -> Any:
        """Fill groups from the unprefixed RESUGROW_<GROUP>__<FIELD> variables when not set per service."""
        if not isinstance(data, dict):
            return data
        for key, value in os.environ.items():
            if not key.startswith(SHARED_PREFIX) or "__" not in key:
                continue
            group, _, field_name = key[len(SHARED_PREFIX) :].lower().partition("__")
            if group not in {"kafka", "mongo", "auth", "otel", "outbox", "admission"}:
                continue
            section = data.setdefault(group, {})
            if isinstance(section, dict):
                section.setdefault(field_name, value)
        return data

    @model_validator(mode="after")
    def _defaults(self) -> ServiceSettings:
        if not self.mongo.database:
            self.mongo.database = f"resugrow_{self.service_name}"
        return self

    @property
    def runs_api(self) -> bool:
        return self.role in ("api", "all")

    @property
    def runs_consumers(self) -> bool:
        return self.role in ("worker", "all")

    @property
    def group_id(self) -> str:
        return f"{self.kafka.topic_prefix}{self.service_name}{self.kafka.group_suffix}"

    def topic(self, name: str) -> str:
        return f"{self.kafka.topic_prefix}{name}"


def service_settings_config(name: str, **overrides: Any) -> SettingsConfigDict:
    """The settings config every service uses: env prefix RESUGROW_<NAME>_ and nested '__'."""
    config = SettingsConfigDict(
        env_prefix=f"RESUGROW_{name.upper()}_", env_nested_delimiter="__", extra="ignore"
    )
    config.update(overrides)  # type: ignore[typeddict-item]
    return config
