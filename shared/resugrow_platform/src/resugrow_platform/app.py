"""The service app factory: one place that wires settings -> clients -> middlewares -> routers -> consumers.

Nothing connects before the lifespan starts. The lifespan starts the Mongo client, creates topics,
starts the broker (producer and consumers), the outbox relay and background tasks; on shutdown it
stops consuming, lets in-flight work finish, commits, flushes the producer and closes clients.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Request
from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from typing_extensions import TypeVar as DefaultedTypeVar

from resugrow_events import Envelope, EventPayload, UserDeletedV1, dlq_topic
from resugrow_platform import watchers
from resugrow_platform.activity import RequestActivity
from resugrow_platform.admission import AdmissionMiddleware
from resugrow_platform.conditional import ConditionalGetMiddleware
from resugrow_platform.consumer import BatchHandler, Subscription
from resugrow_platform.erasure import TOMBSTONES, DeletedUsers, write_tombstone
from resugrow_platform.errors import install_problem_handlers
from resugrow_platform.health import health_router
from resugrow_platform.http import JsonBodyPolicyMiddleware, RequestContextMiddleware
from resugrow_platform.logging import configure_logging, get_logger
from resugrow_platform.messaging import build_broker, ensure_topics
from resugrow_platform.mongo_monitor import install_wakeable_monitors
from resugrow_platform.outbox import LEDGER, OUTBOX, UnitOfWork, unit_of_work
from resugrow_platform.relay import OutboxRelay
from resugrow_platform.settings import ServiceSettings
from resugrow_platform.subscriber import build_subscriber
from resugrow_platform.telemetry import configure_tracing, instrument_app, shutdown_tracing
from resugrow_platform.transactions import run_in_transaction

Hook = Callable[["ServicePlatform[Any]"], Coroutine[Any, Any, None]]
UserHook = Callable[[UnitOfWork, str], Awaitable[None]]
# The default keeps plain `ServicePlatform` annotations valid while services move to `ServicePlatform[XSettings]`.
S = DefaultedTypeVar("S", bound=ServiceSettings, default=ServiceSettings, covariant=True)
T = TypeVar("T")


class ServicePlatform(Generic[S]):
    """Generic in the service's own settings class, so `platform.settings` needs no downcast."""

    def __init__(
        self,
        settings: S,
        *,
        title: str,
        version: str = "0.1.0",
        tombstones_in_background: bool = False,
        **fastapi_kwargs: Any,
    ):
        """`tombstones_in_background`: refresh this process's copy of the erased users every
        `auth.deleted_users_refresh_s` in a background task, for a service whose token checks
        are synchronous (the gateway). Otherwise the request that finds the copy older than that
        refreshes it (`auth.current_user`), so a process nobody calls sends no query."""
        self.settings = settings
        self.tombstones_in_background = tombstones_in_background
        configure_logging(settings.service_name, settings.log_level, settings.log_json)
        configure_tracing(settings.service_name, enabled=settings.otel.enabled, console=settings.otel.console)
        self.log = get_logger(f"resugrow.{settings.service_name}").bind(service=settings.service_name)
        self.broker: KafkaBroker = build_broker(settings)
        self._mongo: AsyncMongoClient[Any] | None = None
        self.relay: OutboxRelay | None = None
        self.subscriptions: list[Subscription] = []
        self._startup: list[Hook] = []
        self._shutdown: list[Hook] = []
        self._background: list[Hook] = []
        self._tasks: list[asyncio.Task[Any]] = []
        self._published_topics: set[str] = set()
        self._consumer_registered = False
        self._max_records = 1
        self.started = False
        self.consumers_started = False
        self.deleted_users = DeletedUsers()
        self.activity = RequestActivity()  # requests in flight: the relay waits for a quiet moment
        self.consumers_stalled = False
        self.consumer_restarts = 0
        self._subscriber: Any = None
        self._last_progress = 0.0
        self.app = FastAPI(title=title, version=version, lifespan=self._lifespan, **fastapi_kwargs)
        self.app.state.platform = self
        install_problem_handlers(self.app)
        # Inside the request context (so a 304 is logged with its request id).
        self.app.add_middleware(ConditionalGetMiddleware)
        self.app.add_middleware(JsonBodyPolicyMiddleware)  # inside the request context (size limit)
        self.app.add_middleware(
            RequestContextMiddleware,
            service=settings.service_name,
            max_body=settings.max_request_bytes,
            db_timeout_s=settings.mongo.request_timeout_s,
        )
        # Added last, so it runs first: a refused request costs almost nothing.
        self.app.add_middleware(
            AdmissionMiddleware,
            service=settings.service_name,
            max_in_flight=settings.admission.max_in_flight,
            max_waiting=settings.admission.max_waiting,
            wait_s=settings.admission.wait_s,
            activity=self.activity,
        )
        self.app.include_router(health_router)
        instrument_app(self.app)

    # -- wiring (called from create_app) -------------------------------------------------------
    def include_router(self, router: APIRouter, **kwargs: Any) -> None:
        if self.settings.runs_api:
            self.app.include_router(router, **kwargs)

    def on_startup(self, hook: Hook) -> None:
        self._startup.append(hook)

    def on_shutdown(self, hook: Hook) -> None:
        self._shutdown.append(hook)

    def background(self, task: Hook) -> None:
        """A long-running coroutine started after the broker (e.g. a scheduler); cancelled on shutdown."""
        self._background.append(task)

    def publishes(self, *payloads: type[EventPayload]) -> None:
        """Declare what the service publishes: topics are created at start-up and appear in AsyncAPI."""
        for payload in payloads:
            topic = self.settings.topic(payload.event_type)
            self._published_topics.add(topic)
            self.broker.publisher(topic, title=payload.event_type, schema=Envelope[payload])  # type: ignore[valid-type]

    def consume(
        self,
        payload: type[EventPayload],
        handler: Callable[..., Awaitable[None]],
        *,
        transactional: bool = True,
        max_records: int = 100,
        batch_handler: BatchHandler | None = None,
        batch_dedupes: bool = False,
        batch_transactional: bool = True,
        ledger: bool = True,
    ) -> None:
        sub = Subscription(
            payload.event_type,
            handler,
            payload,
            transactional,
            batch_handler=batch_handler,
            batch_dedupes=batch_dedupes,
            batch_transactional=batch_transactional,
            ledger=ledger,
        )
        self._subscribe(sub, max_records)

    def consume_raw(
        self,
        topic: str,
        handler: Callable[..., Awaitable[None]],
        *,
        transactional: bool = True,
        max_records: int = 100,
        ledger: bool = True,
    ) -> None:
        self._subscribe(Subscription(topic, handler, None, transactional, ledger=ledger), max_records)

    def erase_user_data(
        self,
        collections: tuple[str, ...] | list[str],
        *,
        user_field: str = "user_id",
        hooks: tuple[UserHook, ...] = (),
    ) -> None:
        """Honour user.deleted: delete every document this service holds for the user, idempotently."""
        fields = user_field

        async def erase(uow: UnitOfWork, event: Envelope[UserDeletedV1]) -> None:
            user_id = event.data.user_id
            for name in collections:
                await uow.db[name].delete_many({fields: user_id}, session=uow.session)
            # Events about the user waiting to be sent carry their data too (sent ones as well).
            await uow.db[OUTBOX].delete_many({"user_id": user_id}, session=uow.session)
            for hook in hooks:
                await hook(uow, user_id)
            await write_tombstone(uow.db, uow.session, user_id)
            self.deleted_users.add(user_id)
            self.log.info("user_erased", user_id=user_id, count=len(collections))

        self.consume(UserDeletedV1, erase)

    async def bury_user(self, user_id: str, *, purge_outbox: bool) -> None:
        """Make an erasure final outside a consumer (the gateway, which deletes the account
        itself): tombstone written and tokens refused at once. Purge the user's outbox events
        only once `user.deleted` itself is out (when it comes back to us), or it is never sent."""
        self.deleted_users.add(user_id)
        async with self.mongo.start_session() as session, await session.start_transaction():
            if purge_outbox:
                await self.db[OUTBOX].delete_many({"user_id": user_id}, session=session)
            await write_tombstone(self.db, session, user_id)

    def purge_user_outbox_when_sent(self, user_id: str, *, within_s: float = 120.0) -> None:
        """In the background: once none of the user's events waits to be published (its
        `user.deleted` included), delete them from the outbox, so nothing stored names the user."""

        async def purge() -> None:
            deadline = asyncio.get_running_loop().time() + within_s
            while asyncio.get_running_loop().time() < deadline:
                with contextlib.suppress(Exception):
                    if not await self.db[OUTBOX].count_documents({"user_id": user_id, "status": "pending"}):
                        await self.db[OUTBOX].delete_many({"user_id": user_id, "status": "sent"})
                        return
                await asyncio.sleep(0.5)

        task = asyncio.create_task(purge(), name=f"purge-outbox-{user_id}")
        self._tasks.append(task)
        # Forgotten once done: one task per deleted account must not pile up.
        task.add_done_callback(self._forget_task)

    def _forget_task(self, task: asyncio.Task[Any]) -> None:
        if task in self._tasks:
            self._tasks.remove(task)

    def _subscribe(self, sub: Subscription, max_records: int) -> None:
        if not self.settings.runs_consumers:
            return
        if self._consumer_registered:
            raise RuntimeError("consume() must be called in create_app, before the app starts")
        self.subscriptions.append(sub)
        self._max_records = max(self._max_records, max_records)

    def register_consumers(self) -> None:
        """One Kafka consumer per process for all of the service's topics (see subscriber.py).
        Idempotent: called by the lifespan and by the AsyncAPI generator."""
        if self._consumer_registered or not self.subscriptions:
            return
        self._consumer_registered = True
        self._subscriber = build_subscriber(self)

    # -- runtime -------------------------------------------------------------------------------
    @property
    def mongo(self) -> AsyncMongoClient[Any]:
        if self._mongo is None:
            raise RuntimeError("The Mongo client exists only while the app's lifespan runs.")
        return self._mongo

    @property
    def db(self) -> AsyncDatabase[Any]:
        return self.mongo[self.settings.mongo.database]

    def unit_of_work(
        self, *, event: Envelope[Any] | None = None
    ) -> contextlib.AbstractAsyncContextManager[UnitOfWork]:
        ledger = (self.settings.group_id, event.id, event.type) if event is not None else None
        return unit_of_work(self.mongo, self.db, self.settings, ledger=ledger)

    async def transact(
        self,
        work: Callable[[UnitOfWork], Awaitable[T]],
        *,
        event: Envelope[Any] | None = None,
        budget_s: float | None = None,
    ) -> T:
        """Run `work` in one transaction, retrying transient conflicts (see transactions.py)."""
        ledger = (self.settings.group_id, event.id, event.type) if event is not None else None
        return await run_in_transaction(
            self.mongo, self.db, self.settings, work, ledger=ledger, budget_s=budget_s
        )

    def mark_progress(self) -> None:
        """Called by consumers as events complete: the watchdog's proof of life."""
        self._last_progress = asyncio.get_running_loop().time()

    async def _start_consumers(self) -> None:
        try:
            await self.broker.start()
            self.consumers_started = True
        except Exception as exc:
            self.log.error("consumers_failed_to_start", reason=type(exc).__name__)
            raise

    def topics(self) -> list[str]:
        consumed = [self.settings.topic(s.topic) for s in self.subscriptions]
        dlq = [self.settings.topic(dlq_topic(self.settings.service_name))] if self.subscriptions else []
        return sorted(set(consumed) | self._published_topics | set(dlq))

    @contextlib.asynccontextmanager
    async def _lifespan(self, app: FastAPI) -> AsyncIterator[None]:
        s = self.settings
        if s.mongo.wakeable_monitor:
            install_wakeable_monitors()
        self._mongo = AsyncMongoClient(
            s.mongo.url.get_secret_value(),
            serverSelectionTimeoutMS=s.mongo.server_selection_timeout_ms,
            connectTimeoutMS=s.mongo.connect_timeout_ms,
            serverMonitoringMode=s.mongo.server_monitoring_mode,
            heartbeatFrequencyMS=s.mongo.heartbeat_frequency_ms,
            tz_aware=True,
            uuidRepresentation="standard",
        )
        slow_pool_upkeep(self._mongo, s.mongo.upkeep_interval_s)
        try:
            await self._start()
            yield
        finally:
            await self._stop()

    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> None:
        self._tasks.append(asyncio.create_task(coro, name=name))

    async def _start(self) -> None:
        s = self.settings
        await self.db[LEDGER].create_index("at")
        await self.db[OUTBOX].create_index("user_id")
        await self.db[TOMBSTONES].create_index("deleted_at")
        await self.deleted_users.refresh(self.db)
        if self.tombstones_in_background:
            self._spawn(watchers.refresh_deleted_users(self), "tombstones")
        await ensure_topics(
            s.kafka.bootstrap_servers,
            self.topics(),
            s.kafka.topic_prefix,
            max_partitions=s.kafka.max_partitions,
        )
        for hook in self._startup:
            await hook(self)
        self.register_consumers()
        # The producer connects now; consumers join their group in the background (a group
        # join takes seconds) so the API serves at once. /readyz waits for them.
        await self.broker.connect()
        self._spawn(self._start_consumers(), "consumers")
        if s.outbox.enabled:
            self.relay = OutboxRelay(self.db, self.broker, s, activity=self.activity)
            await self.relay.start()
        if s.kafka.watch_interval_s > 0:
            self._spawn(watchers.watch_broker(self), "broker-watch")
            if self.subscriptions:
                self.mark_progress()
                self._spawn(watchers.watch_consumers(self), "consumer-watch")
        for task in self._background:
            self._spawn(task(self), getattr(task, "__name__", "bg"))
        self.started = True
        self.log.info("service_started", role=s.role, count=len(self.subscriptions))

    async def _stop(self) -> None:
        self.started = False
        self.consumers_started = False
        for t in self._tasks:
            t.cancel()
        for t in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        self._tasks = []
        # Stop consuming first (FastStream waits for in-flight handlers up to graceful_timeout and
        # commits their offsets), then drain the relay, then flush the producer and close clients.
        with contextlib.suppress(Exception):
            for sub in self.broker.subscribers:
                await sub.stop()
        if self.relay is not None:
            await self.relay.stop()
        with contextlib.suppress(Exception):
            await self.broker.stop()
        # broker.stop() skips the producer's disconnect when a subscriber whose start was
        # cancelled (shutdown during the group join) fails to stop: close it regardless.
        with contextlib.suppress(Exception):
            await self.broker.config.disconnect()
        for hook in self._shutdown:
            with contextlib.suppress(Exception):
                await hook(self)
        if self._mongo is not None:
            await self._mongo.close()
        self._mongo = None
        shutdown_tracing()
        self.log.info("service_stopped")


def slow_pool_upkeep(client: AsyncMongoClient[Any], interval_s: float) -> None:
    """Run PyMongo's upkeep executor every `interval_s` (see MongoSettings.upkeep_interval_s).
    Private attributes of PyMongo 4.x: if a release renames them, the driver's period stays."""
    executor = getattr(client, "_kill_cursors_executor", None)
    if interval_s > 0 and hasattr(executor, "_interval") and hasattr(executor, "_min_interval"):
        executor._interval = executor._min_interval = interval_s  # type: ignore[union-attr]


def get_platform(request: Request) -> ServicePlatform[Any]:
    platform: ServicePlatform[Any] = request.app.state.platform
    return platform


PlatformDep = Annotated[ServicePlatform[Any], Depends(get_platform)]
