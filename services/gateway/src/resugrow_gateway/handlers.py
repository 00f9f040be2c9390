"""Thin subscribers: completion events go to the live stream; account deletions revoke at once.

Every gateway replica consumes these topics in its own consumer group (see settings), so each
sees every event and hands it to the streams its own users have open.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from resugrow_events import RawEnvelope
from resugrow_gateway.domain.stream import ACCOUNT_EVENTS, STREAMED
from resugrow_gateway.runtime import GatewayRuntime
from resugrow_gateway.use_cases import live

LIVE_TOPICS = (*STREAMED, *ACCOUNT_EVENTS)


def live_event_handler(gw: GatewayRuntime) -> Callable[[Any, RawEnvelope], Awaitable[None]]:
    async def on_live_event(_: Any, event: RawEnvelope) -> None:
        """Fan a completion event out to its user's open streams on this replica."""
        await live.on_live_event(gw, event)
        if event.type in ACCOUNT_EVENTS and event.userid:
            # Once published, the user's own events (registered, deleted) leave the outbox too.
            await gw.platform.bury_user(event.userid, purge_outbox=True)

    return on_live_event
