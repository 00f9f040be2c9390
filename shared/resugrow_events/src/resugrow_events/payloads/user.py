"""Events published by the gateway about accounts."""

from __future__ import annotations

from datetime import datetime

from resugrow_events.envelope import EventPayload


class UserRegisteredV1(EventPayload):
    event_type = "resugrow.user.registered.v1"
    aggregate = "user"
    user_id: str
    email_domain: str | None = None
    registered_at: datetime


class UserDeletedV1(EventPayload):
    """Every service erases the user's data on this event (idempotently)."""

    event_type = "resugrow.user.deleted.v1"
    aggregate = "user"
    user_id: str
    deleted_at: datetime
