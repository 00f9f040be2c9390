"""Which events reach a user's live stream, and how they look as server-sent events.

Only completion events of the user's own asynchronous work are streamed; an event without a
user id, or of another type, is never sent to anyone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from resugrow_events import (
    AtsMatchScoredV1,
    AtsScanCompletedV1,
    CareerOfferEvaluatedV1,
    InterviewSessionCompletedV1,
    LinkedinReviewCompletedV1,
    ReminderDueV1,
    ResumeRenderedV1,
    UserDeletedV1,
)

# Full event type -> the SSE `event:` name a frontend listens for.
STREAMED: dict[str, str] = {
    ResumeRenderedV1.event_type: "resume.rendered",
    AtsScanCompletedV1.event_type: "ats.scan.completed",
    AtsMatchScoredV1.event_type: "ats.match.scored",
    InterviewSessionCompletedV1.event_type: "interview.session.completed",
    LinkedinReviewCompletedV1.event_type: "linkedin.review.completed",
    ReminderDueV1.event_type: "tracker.reminder.due",
    CareerOfferEvaluatedV1.event_type: "career.offer.evaluated",
}
# Also consumed by every gateway replica: a deleted account's tokens stop working everywhere.
ACCOUNT_EVENTS = (UserDeletedV1.event_type,)


@dataclass(frozen=True)
class StreamMessage:
    user_id: str
    event_id: str
    name: str
    subject: str
    data: dict[str, Any]
    time: datetime

    def sse_data(self) -> str:
        body = {
            "id": self.event_id,
            "type": self.name,
            "subject": self.subject,
            "time": self.time.isoformat(),
            "data": self.data,
        }
        return json.dumps(body, separators=(",", ":"), default=str)


def to_stream_message(
    *, event_type: str, event_id: str, user_id: str | None, subject: str, data: dict[str, Any], time: datetime
) -> StreamMessage | None:
    name = STREAMED.get(event_type)
    if name is None or not user_id:
        return None
    return StreamMessage(user_id=user_id, event_id=event_id, name=name, subject=subject, data=data, time=time)
