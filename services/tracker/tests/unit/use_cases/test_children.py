"""Contacts, notes, tasks and interviews on in-memory repositories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from resugrow_domain import InvalidInput, NotFound
from resugrow_events import ApplicationStageChangedV1, InterviewScheduledV1
from resugrow_testing.fakes import run_fake
from resugrow_tracker.commands import ApplicationIn, ContactIn, InterviewIn, NoteIn, PageQuery, TaskIn
from resugrow_tracker.use_cases import children as uc
from resugrow_tracker.use_cases.applications import create_application
from resugrow_tracker.use_cases.interviews import schedule_interview

from ..fakes import FakeTrackerUnitOfWork

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
U = "user-1"


async def _app(uow: FakeTrackerUnitOfWork, stage: str = "applied") -> str:
    body = ApplicationIn(company="Contoso", role="Data Engineer", stage=stage)
    return str((await create_application(uow, body, user_id=U, now=NOW))["id"])


async def test_contacts_are_added_listed_in_order_and_paged() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = await _app(uow)
    for i, name in enumerate(("Ann", "Bob", "Cy")):
        await uc.add_contact(uow, ContactIn(name=name), user_id=U, app_id=aid, now=NOW + timedelta(minutes=i))
    first = await uc.list_contacts(uow, PageQuery(limit=2), user_id=U, app_id=aid)
    assert [c["name"] for c in first["items"]] == ["Ann", "Bob"]
    rest = await uc.list_contacts(uow, PageQuery(limit=2, cursor=first["next_cursor"]), user_id=U, app_id=aid)
    assert [c["name"] for c in rest["items"]] == ["Cy"] and rest["next_cursor"] is None
    with pytest.raises(InvalidInput):
        await uc.add_contact(uow, ContactIn(), user_id=U, app_id=aid, now=NOW)


async def test_notes_and_tasks_belong_to_an_existing_application() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = await _app(uow)
    await uc.add_note(uow, NoteIn(text="Great call"), user_id=U, app_id=aid, now=NOW)
    assert [n["text"] for n in (await uc.list_notes(uow, PageQuery(), user_id=U, app_id=aid))["items"]] == [
        "Great call"
    ]
    with pytest.raises(NotFound):
        await uc.add_note(uow, NoteIn(text="x"), user_id=U, app_id="missing", now=NOW)
    with pytest.raises(NotFound):
        await uc.list_notes(uow, PageQuery(), user_id="other", app_id=aid)


async def test_a_task_with_remind_gets_a_reminder_at_its_due_time() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = await _app(uow, stage="saved")
    due = NOW + timedelta(days=2)
    await uc.add_task(
        uow, TaskIn(title="Send portfolio", due_at=due, remind=True), user_id=U, app_id=aid, now=NOW
    )
    await uc.add_task(uow, TaskIn(title="No reminder"), user_id=U, app_id=aid, now=NOW)
    tasks = (await uc.list_tasks(uow, PageQuery(), user_id=U, app_id=aid))["items"]
    assert [t["title"] for t in tasks] == ["Send portfolio", "No reminder"]
    assert [(r["origin"], r["due_at"], r["note"]) for r in uow.reminders.col] == [
        ("task", due, "Send portfolio")
    ]


async def test_interview_moves_forward_publishes_and_sets_reminders() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = await _app(uow)
    when = NOW + timedelta(days=3)
    out = await run_fake(
        uow,
        lambda u: schedule_interview(
            u, InterviewIn(scheduled_at=when, type="technical"), user_id=U, app_id=aid, now=NOW
        ),
    )
    assert out["stage"] == "interviewing" and out["moved"]["to"] == "interviewing"
    assert [e.round for e in uow.events(InterviewScheduledV1)] == [1]
    assert [e.to_stage for e in uow.events(ApplicationStageChangedV1)] == ["interviewing"]
    kinds = sorted(r["kind"] for r in uow.reminders.col if r.get("interview_id"))
    assert kinds == ["interview", "thank_you"]
    app = await uow.applications.get(U, aid)
    assert app is not None and app["next_interview_at"] == when


async def test_a_screen_after_interviewing_does_not_move_back() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = await _app(uow, stage="interviewing")
    cmd = InterviewIn(scheduled_at=NOW + timedelta(days=1), type="phone_screen", remind=False)
    out = await schedule_interview(uow, cmd, user_id=U, app_id=aid, now=NOW)
    assert out["moved"] is None and out["stage"] == "interviewing" and out["interview"]["round"] == 1
