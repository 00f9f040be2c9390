"""The relay's poll interval: fast while events flow; once quiet, a leader stops renewing its
lease every few seconds and a follower looks again once the leader's lease may have lapsed."""

from __future__ import annotations

from typing import Any

import pytest

from resugrow_platform.relay import OutboxRelay
from resugrow_platform.settings import ServiceSettings


def _relay(**outbox: Any) -> OutboxRelay:
    settings = ServiceSettings(service_name="demo", outbox=outbox)
    return OutboxRelay(db=None, broker=None, settings=settings)  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_busy_relays_poll_at_the_busy_interval() -> None:
    relay = _relay(poll_interval_s=1.0, idle_after_s=30.0, idle_poll_interval_s=30.0, lease_ttl_s=10.0)
    relay.is_leader = True
    assert relay._poll_interval(quiet_for_s=5.0) == 1.0


@pytest.mark.asyncio
async def test_a_quiet_leader_polls_past_its_lease_and_a_follower_within_it() -> None:
    relay = _relay(poll_interval_s=1.0, idle_after_s=30.0, idle_poll_interval_s=30.0, lease_ttl_s=10.0)
    relay.is_leader = True
    assert relay._poll_interval(quiet_for_s=60.0) == 30.0
    relay.is_leader = False
    assert relay._poll_interval(quiet_for_s=60.0) == 10.0
