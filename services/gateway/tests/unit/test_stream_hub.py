import asyncio
from datetime import UTC, datetime

import pytest

from resugrow_gateway.adapters.stream_hub import CLOSE, StreamHub, TooManyStreams
from resugrow_gateway.domain.stream import StreamMessage


def _msg(user: str, n: int) -> StreamMessage:
    return StreamMessage(
        user_id=user,
        event_id=f"e{n}",
        name="ats.scan.completed",
        subject="s",
        data={"n": n},
        time=datetime(2026, 1, 1, tzinfo=UTC),
    )


async def test_each_user_gets_only_their_own_events_on_every_open_stream():
    hub = StreamHub(queue_size=10, max_per_user=3)
    with hub.subscribe("ann") as a1, hub.subscribe("ann") as a2, hub.subscribe("bob") as b:
        assert hub.publish(_msg("ann", 1)) == 2
        assert hub.publish(_msg("carl", 2)) == 0
        assert (await a1.get()).event_id == "e1" and (await a2.get()).event_id == "e1"
        assert b.empty()
        assert hub.connections == 3
    assert hub.connections == 0


async def test_a_slow_stream_drops_its_oldest_message_instead_of_blocking():
    hub = StreamHub(queue_size=2)
    with hub.subscribe("ann") as queue:
        for n in range(5):
            hub.publish(_msg("ann", n))
        assert [queue.get_nowait().event_id for _ in range(2)] == ["e3", "e4"]
        assert hub.dropped == 3


async def test_stream_limits_and_account_deletion_close():
    hub = StreamHub(max_per_user=1)
    with hub.subscribe("ann") as queue:
        assert not hub.can_connect("ann")
        with pytest.raises(TooManyStreams), hub.subscribe("ann"):
            pass
        hub.close_user("ann")
        assert await asyncio.wait_for(queue.get(), 1) is CLOSE
    assert hub.can_connect("ann")
