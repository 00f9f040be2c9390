"""Live events: completions go to their user's open streams; account events revoke at once."""

from __future__ import annotations

import contextlib
from typing import Protocol

from resugrow_events import RawEnvelope
from resugrow_gateway.adapters.stream_hub import StreamHub
from resugrow_gateway.domain.accounts import RevokedSubjects
from resugrow_gateway.domain.stream import ACCOUNT_EVENTS, to_stream_message


class LiveContext(Protocol):
    revoked: RevokedSubjects
    hub: StreamHub

    def clock(self) -> float: ...


def forget_user(gw: LiveContext, user_id: str) -> None:
    gw.revoked.add(user_id, now=gw.clock())
    gw.hub.close_user(user_id)


async def on_live_event(gw: LiveContext, event: RawEnvelope) -> None:
    """Hand one consumed event to this replica's open streams of its user (never anyone else's)."""
    if event.type in ACCOUNT_EVENTS:
        if event.userid:
            forget_user(gw, event.userid)
        return
    message = to_stream_message(
        event_type=event.type,
        event_id=event.id,
        user_id=event.userid,
        subject=event.subject,
        data=event.data,
        time=event.time,
    )
    if message is not None:
        with contextlib.suppress(Exception):
            gw.hub.publish(message)
