"""The CloudEvents-style envelope every Resugrow event travels in (structured mode)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from uuid6 import uuid7


class EventPayload(BaseModel):
    """Base of every payload: frozen, strict about unknown fields on our side, typed per event.

    Subclasses set ``event_type`` to the full versioned type (``resugrow.<domain>.<event>.v<N>``).
    Consumers tolerate fields they do not know (``extra="ignore"``) so additive changes never
    break an older consumer.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")
    event_type: ClassVar[str] = ""
    # Subject of an event is its aggregate id; it is also the Kafka key so one aggregate stays ordered.
    aggregate: ClassVar[str] = ""


P = TypeVar("P", bound=EventPayload)


def new_event_id() -> str:
    # UUIDv7: time-ordered, so ids sort by creation and index well; it is also the idempotency key.
    return str(uuid7())


def utcnow() -> datetime:
    return datetime.now(UTC)


class Envelope(BaseModel, Generic[P]):
    model_config = ConfigDict(frozen=True, populate_by_name=True)

    specversion: str = "1.0"
    id: str = Field(default_factory=new_event_id)
    type: str
    source: str
    subject: str
    time: datetime = Field(default_factory=utcnow)
    datacontenttype: str = "application/json"
    userid: str | None = None
    correlationid: str | None = None
    causationid: str | None = None
    data: P

    @classmethod
    def wrap(
        cls,
        payload: P,
        *,
        source: str,
        subject: str,
        userid: str | None = None,
        correlationid: str | None = None,
        causationid: str | None = None,
    ) -> Envelope[P]:
        if not payload.event_type:
            raise ValueError(f"{type(payload).__name__} has no event_type")
        event_id = new_event_id()
        typed: Any = Envelope[type(payload)]  # type: ignore[misc]
        result: Envelope[P] = typed(
            id=event_id,
            type=payload.event_type,
            source=source,
            subject=subject,
            userid=userid,
            correlationid=correlationid or event_id,
            causationid=causationid,
            data=payload,
        )
        return result


class RawEnvelope(BaseModel):
    """An envelope whose payload is not yet typed: used by generic consumers (timeline, gateway stream)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    specversion: str = "1.0"
    id: str
    type: str
    source: str
    subject: str
    time: datetime
    datacontenttype: str = "application/json"
    userid: str | None = None
    correlationid: str | None = None
    causationid: str | None = None
    data: dict[str, Any]
