"""The thank-you note draft of an interview over HTTP, and the reminder message built from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from resugrow_tracker.domain.reminders import ReminderContext, ReminderKind, build_message

from .conftest import TrackerService, new_user

pytestmark = pytest.mark.integration
NOTES = "We discussed idempotent Kafka consumers; Priya asked about backfilling Airflow DAGs."


async def test_thank_you_draft_names_role_interviewer_and_topics(
    tracker_service: TrackerService, auth_headers: Any
) -> None:
    svc, h = tracker_service, auth_headers(new_user())
    r = await svc.client.post(
        "/v1/applications",
        json={"company": "Acme", "role": "Data Engineer", "stage": "interviewing"},
        headers=h,
    )
    assert r.status_code == 201, r.text
    aid = r.json()["id"]
    when = (datetime.now(UTC) + timedelta(days=2)).isoformat().replace("+00:00", "Z")
    r = await svc.client.post(
        f"/v1/applications/{aid}/interviews",
        json={"scheduled_at": when, "type": "technical", "interviewers": ["Priya Shah"], "notes": NOTES},
        headers=h,
    )
    assert r.status_code == 201, r.text
    interview_id = r.json()["interview"]["id"]
    r = await svc.client.get(f"/v1/applications/{aid}/interviews/{interview_id}/thank-you", headers=h)
    assert r.status_code == 200, r.text
    draft = r.json()
    assert draft["body"].startswith("Dear Priya Shah,")
    assert "Data Engineer role at Acme" in draft["body"]
    assert [t["text"] for t in draft["topics"]] == ["idempotent Kafka consumers", "backfilling Airflow DAGs"]
    assert draft["sent"] is False
    missing = await svc.client.get(f"/v1/applications/{aid}/interviews/nope/thank-you", headers=h)
    assert missing.status_code == 404 and missing.headers["content-type"].startswith(
        "application/problem+json"
    )
    other = await svc.client.get(
        f"/v1/applications/{aid}/interviews/{interview_id}/thank-you", headers=auth_headers(new_user())
    )
    assert other.status_code == 404


def test_the_thank_you_reminder_message_is_the_draft() -> None:
    ctx = ReminderContext(
        company="Acme", role="Data Engineer", interviewers=("Priya Shah",), interview_notes=NOTES
    )
    message = build_message(ReminderKind.THANK_YOU, ctx, due_at=datetime.now(UTC))
    assert message.startswith("Dear Priya Shah,") and "idempotent Kafka consumers" in message
