"""pytest plugin: loaded with `-p resugrow_testing.plugin` from the root pyproject."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pytest
import pytest_asyncio
from pydantic import SecretStr

from resugrow_testing.infra import Infrastructure, provide_infrastructure

TEST_JWT_SECRET = "resugrow-test-secret-key-that-is-long-enough-32b"
S = TypeVar("S")


def make_token(user_id: str, *, ttl_seconds: int = 900, secret: str = TEST_JWT_SECRET, **kwargs: Any) -> str:
    from resugrow_platform.auth import issue_token
    from resugrow_platform.settings import AuthSettings

    settings = AuthSettings(jwt_secret=SecretStr(secret))
    return issue_token(settings, user_id, ttl_seconds=ttl_seconds, **kwargs)


async def wait_until(
    predicate: Callable[[], Awaitable[Any]], timeout: float = 20.0, interval: float = 0.05
) -> Any:
    """Poll an async predicate until it returns something truthy (event effects are asynchronous)."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = await predicate()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")


@pytest.fixture(scope="session")
def infra() -> Iterator[Infrastructure]:
    with provide_infrastructure() as endpoints:
        yield endpoints


@pytest.fixture(scope="session")
def service_settings(infra: Infrastructure) -> Callable[..., Any]:
    """Factory: settings of the given class pointed at the test infrastructure, isolated per call."""

    def factory(settings_cls: type[S], **overrides: Any) -> S:
        unique = uuid.uuid4().hex[:10]
        kafka = {
            "bootstrap_servers": infra.kafka_bootstrap,
            "enable_idempotence": False,
            "topic_prefix": f"t{unique}.",
            "retry_backoff_ms": 20,
        }
        kafka.update(overrides.pop("kafka", {}))
        mongo = {"url": SecretStr(infra.mongo_url), "database": f"test_{unique}"}
        mongo.update(overrides.pop("mongo", {}))
        auth = {"jwt_secret": SecretStr(TEST_JWT_SECRET)}
        auth.update(overrides.pop("auth", {}))
        outbox = {"poll_interval_s": 0.5}
        outbox.update(overrides.pop("outbox", {}))
        return settings_cls(kafka=kafka, mongo=mongo, auth=auth, outbox=outbox, log_json=True, **overrides)  # type: ignore[call-arg]

    return factory


@pytest.fixture(scope="session")
def app_client() -> Callable[..., contextlib.AbstractAsyncContextManager[httpx.AsyncClient]]:
    """Factory: `async with app_client(app) as client:` runs the lifespan and binds a client to the app."""
    from asgi_lifespan import LifespanManager

    @contextlib.asynccontextmanager
    async def factory(app: Any, **kwargs: Any) -> AsyncIterator[httpx.AsyncClient]:
        async with LifespanManager(app, startup_timeout=60, shutdown_timeout=30) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test", **kwargs) as client:
                yield client

    return factory


@pytest.fixture(scope="session")
def auth_headers() -> Callable[..., dict[str, str]]:
    def factory(user_id: str | None = None, **kwargs: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {make_token(user_id or 'u-' + uuid.uuid4().hex[:8], **kwargs)}"}

    return factory


@pytest.fixture(scope="session")
def wait_for() -> Callable[..., Awaitable[Any]]:
    return wait_until


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def publish_event(infra: Infrastructure) -> AsyncIterator[Callable[..., Awaitable[str]]]:
    """Publish an envelope straight to a (prefixed) topic, to drive a consumer under test."""
    from faststream.kafka import KafkaBroker

    from resugrow_events import Envelope
    from resugrow_platform.messaging import encode_envelope, ensure_topics

    broker = KafkaBroker(infra.kafka_bootstrap, enable_idempotence=False, logger=None)
    await broker.start()

    async def publish(
        settings: Any,
        payload: Any,
        *,
        subject: str,
        user_id: str | None = None,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> str:
        topic = settings.topic(payload.event_type if payload is not None else "")
        await ensure_topics(infra.kafka_bootstrap, [topic], settings.kafka.topic_prefix)
        if raw is not None:
            await broker.publish(raw, topic, key=subject.encode(), headers=headers or {})
            return ""
        env = Envelope.wrap(payload, source="/tests", subject=subject, userid=user_id)
        await broker.publish(encode_envelope(env), topic, key=subject.encode(), headers=headers or {})
        return env.id

    yield publish
    await broker.stop()


@pytest.fixture(scope="session")
def serve_app() -> Callable[..., contextlib.AbstractAsyncContextManager[str]]:
    """Factory: `async with serve_app(app) as base_url:` serves the app with uvicorn on a free
    loopback port inside the test's event loop (for tests that cross real HTTP, like the gateway's)."""
    import uvicorn

    from resugrow_testing.localinfra import free_port

    @contextlib.asynccontextmanager
    async def factory(app: Any, *, startup_timeout: float = 60.0) -> AsyncIterator[str]:
        port = free_port()
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_config=None, lifespan="on", access_log=False
        )
        server = uvicorn.Server(config)
        # The test runner owns SIGINT; uvicorn must not take it over.
        server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]
        task = asyncio.create_task(server.serve())
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("server exited during start-up")
            if time.monotonic() > deadline:
                raise TimeoutError("server did not start")
            await asyncio.sleep(0.02)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, 30)

    return factory


@dataclass
class RunningService:
    """A service app running its lifespan on the test infrastructure, with a client bound to it."""

    settings: Any
    app: Any
    client: httpx.AsyncClient

    @property
    def db(self) -> Any:
        return self.app.state.platform.db


def new_user_id() -> str:
    return f"u-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def start_service(
    service_settings: Callable[..., Any], app_client: Callable[..., Any]
) -> Callable[..., contextlib.AbstractAsyncContextManager[RunningService]]:
    """Factory: `async with start_service(create_app, MySettings, **overrides) as svc:` gives a
    running service (API and consumers) with its own database and topic prefix."""

    @contextlib.asynccontextmanager
    async def factory(
        create_app: Callable[[Any], Any], settings_cls: type, **overrides: Any
    ) -> AsyncIterator[RunningService]:
        settings = service_settings(settings_cls, **overrides)
        app = create_app(settings)
        async with app_client(app, timeout=60) as client:
            yield RunningService(settings, app, client)

    return factory
