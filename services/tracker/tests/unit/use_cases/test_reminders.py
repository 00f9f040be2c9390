"""Reminders on in-memory repositories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from resugrow_domain import InvalidInput, NotFound
from resugrow_events import ReminderDueV1
from resugrow_testing.fakes import run_fake
from resugrow_tracker.commands import ApplicationIn, ContactIn, MoveIn, ReminderFilter, ReminderIn
from resugrow_tracker.use_cases import reminders as uc
from resugrow_tracker.use_cases.applications import create_application, move_application
from resugrow_tracker.use_cases.children import add_contact

from ..fakes import FakeTrackerUnitOfWork

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
U = "user-1"


async def _app(uow: FakeTrackerUnitOfWork) -> str:
    body = ApplicationIn(company="Contoso", role="Platform Engineer", stage="saved")
    return str((await create_application(uow, body, user_id=U, now=NOW - timedelta(days=9)))["id"])


async def test_create_and_list_reminders_by_status_and_page() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = await _app(uow)
    for h in (3, 1, 2):
        cmd = ReminderIn(kind="follow_up", due_at=NOW + timedelta(hours=h), application_id=aid)
        await uc.create_reminder(uow, cmd, user_id=U, now=NOW)
    first = await uc.list_reminders(uow, ReminderFilter(limit=2), user_id=U)
    assert [r["due_at"] for r in first["items"]] == [NOW + timedelta(hours=1), NOW + timedelta(hours=2)]
    rest = await uc.list_reminders(uow, ReminderFilter(limit=2, cursor=first["next_cursor"]), user_id=U)
    assert [r["due_at"] for r in rest["items"]] == [NOW + timedelta(hours=3)]
    assert (await uc.list_reminders(uow, ReminderFilter(status="sent"), user_id=U))["items"] == []
    with pytest.raises(InvalidInput):
        await uc.list_reminders(uow, ReminderFilter(status="lost"), user_id=U)
    with pytest.raises(NotFound):
        await uc.create_reminder(
            uow, ReminderIn(kind="follow_up", due_at=NOW, application_id="nope"), user_id=U, now=NOW
        )


async def test_a_due_reminder_fires_once_with_a_personal_message_and_a_timeline_entry() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = await _app(uow)
    await move_application(
        uow, MoveIn(to="applied", at=NOW - timedelta(days=9)), user_id=U, app_id=aid, now=NOW
    )
    await add_contact(uow, ContactIn(name="Priya Shah"), user_id=U, app_id=aid, now=NOW)
    uow.reminders.col.docs.clear()
    cmd = ReminderIn(kind="follow_up", due_at=NOW + timedelta(hours=1), application_id=aid)
    rid = (await uc.create_reminder(uow, cmd, user_id=U, now=NOW))["id"]
    later = NOW + timedelta(hours=2)
    assert await run_fake(uow, lambda u: uc.fire_one_due_reminder(u, now=later)) == rid
    assert await uc.fire_one_due_reminder(uow, now=later) is None
    (event,) = uow.events(ReminderDueV1)
    assert event.message.startswith("Hi Priya,") and "Platform Engineer role at Contoso" in event.message
    assert [d["application_id"] for d in uow.activity.col] == [aid]


async def test_a_follow_up_for_a_rejected_application_is_cancelled_not_sent() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = await _app(uow)
    await move_application(uow, MoveIn(to="rejected"), user_id=U, app_id=aid, now=NOW)
    cmd = ReminderIn(kind="follow_up", due_at=NOW + timedelta(hours=1), application_id=aid)
    rid = (await uc.create_reminder(uow, cmd, user_id=U, now=NOW))["id"]
    await uc.fire_one_due_reminder(uow, now=NOW + timedelta(hours=2))
    assert uow.reminders.col.get(rid)["status"] == "cancelled"  # type: ignore[index]
    assert uow.events(ReminderDueV1) == []


def test_reminder_context_of_a_deleted_application_says_so() -> None:
    assert uc.reminder_context(None, {"application_id": "a"}, None).deleted  # type: ignore[union-attr]
    assert uc.reminder_context(None, {}, None) is None
