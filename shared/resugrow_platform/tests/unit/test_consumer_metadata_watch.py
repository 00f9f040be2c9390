"""The consumer watch asks for fresh metadata when its member knows no partitions of a subscribed
topic (it rejoined while a broker restarted empty had none), and only then."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from resugrow_platform.watchers import refresh_stale_metadata


class _Client:
    def __init__(self) -> None:
        self.refreshes = 0

    def force_metadata_update(self) -> Any:
        self.refreshes += 1
        fut = asyncio.get_running_loop().create_future()
        fut.set_result(True)
        return fut


class _Consumer:
    def __init__(self, known: dict[str, set[int]]) -> None:
        self.known = known
        self._client = _Client()

    def partitions_for_topic(self, topic: str) -> set[int] | None:
        return self.known.get(topic)


class _Log:
    def __init__(self) -> None:
        self.events: list[tuple[str, dict[str, Any]]] = []

    def warning(self, event: str, **kw: Any) -> None:
        self.events.append((event, kw))


def _platform() -> Any:
    settings = SimpleNamespace(
        topic=lambda name: f"p.{name}",
        kafka=SimpleNamespace(request_timeout_ms=1000),
    )
    subs = [SimpleNamespace(topic="resugrow.a.v1"), SimpleNamespace(topic="resugrow.b.v1")]
    return SimpleNamespace(settings=settings, subscriptions=subs, log=_Log())


async def test_no_refresh_when_every_subscribed_topic_has_partitions() -> None:
    platform = _platform()
    consumer = _Consumer({"p.resugrow.a.v1": {0, 1}, "p.resugrow.b.v1": {0}})
    await refresh_stale_metadata(platform, consumer)
    assert consumer._client.refreshes == 0
    assert platform.log.events == []


async def test_refresh_when_a_subscribed_topic_is_unknown_to_the_member() -> None:
    platform = _platform()
    # An empty set is what the metadata cache holds for a topic that lost its partitions.
    consumer = _Consumer({"p.resugrow.a.v1": {0, 1}, "p.resugrow.b.v1": set()})
    await refresh_stale_metadata(platform, consumer)
    assert consumer._client.refreshes == 1
    assert platform.log.events == [("consumer_topics_unknown", {"count": 1, "topics": ["p.resugrow.b.v1"]})]
