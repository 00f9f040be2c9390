"""Thin subscribers: completion events go to the live stream; account deletions revoke at once;
every event that changes a dashboard section invalidates it in the read model.

Every gateway replica consumes these topics in its own consumer group (see settings), so each
sees every event and hands it to the streams its own users have open. The read model is shared
(the gateway's database), so each replica writes the same invalidation: repeating one is harmless.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from resugrow_events import RawEnvelope
from resugrow_gateway.domain.dashboard_events import DASHBOARD_TOPICS
from resugrow_gateway.domain.stream import ACCOUNT_EVENTS, STREAMED
from resugrow_gateway.runtime import GatewayRuntime
from resugrow_gateway.settings import GatewaySettings
from resugrow_gateway.use_cases import dashboard_upkeep, live
from resugrow_platform import ServicePlatform

LIVE_TOPICS = (*STREAMED, *ACCOUNT_EVENTS)
CONSUMED_TOPICS = tuple(dict.fromkeys((*LIVE_TOPICS, *DASHBOARD_TOPICS)))


def live_event_handler(gw: GatewayRuntime) -> Callable[[Any, RawEnvelope], Awaitable[None]]:
    async def on_live_event(_: Any, event: RawEnvelope) -> None:
        """Fan a completion event out to its user's open streams on this replica; keep the dashboard read model current."""
        if event.type in LIVE_TOPICS:
            await live.on_live_event(gw, event)
        await dashboard_upkeep.on_event(gw, event_type=event.type, user_id=event.userid)
        if event.type in ACCOUNT_EVENTS and event.userid:
            # Once published, the user's own events (registered, deleted) leave the outbox too.
            await gw.platform.bury_user(event.userid, purge_outbox=True)

    return on_live_event


def subscribe(platform: ServicePlatform[GatewaySettings], gw: GatewayRuntime) -> None:
    on_live_event = live_event_handler(gw)
    for topic in CONSUMED_TOPICS:
        # Non-transactional: streams take events in memory, and the read model's writes are
        # invalidations that may repeat (no ledger needed, so none is looked up either).
        platform.consume_raw(topic, on_live_event, transactional=False, ledger=False)
