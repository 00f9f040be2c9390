"""The timeline on in-memory repositories: reading it and what events add to it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from resugrow_domain import InvalidInput
from resugrow_tracker.commands import ActivityFilter, ApplicationIn, InterviewIn
from resugrow_tracker.domain.timeline import TimelineEntry
from resugrow_tracker.use_cases import activity as uc
from resugrow_tracker.use_cases.applications import create_application
from resugrow_tracker.use_cases.interviews import schedule_interview

from ..fakes import FakeTrackerUnitOfWork

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
U = "user-1"


def _entry(i: int, **kw: object) -> TimelineEntry:
    fields: dict[str, object] = {
        "id": f"e{i}", "user_id": U, "at": NOW + timedelta(minutes=i), "kind": "resume.rendered",
        "title": f"Event {i}", "service": "resume", "application_id": None, "detail": {},
    }  # fmt: skip
    fields.update(kw)
    return TimelineEntry(**fields)  # type: ignore[arg-type]


async def test_events_land_on_the_timeline_newest_first_in_pages() -> None:
    uow = FakeTrackerUnitOfWork()
    for i in range(5):
        uc.record_event(uow, _entry(i))
    uc.record_event(uow, None)  # an event the timeline does not show
    first = await uc.list_activity(uow, ActivityFilter(limit=3), user_id=U)
    assert [e["id"] for e in first["items"]] == ["e4", "e3", "e2"]
    rest = await uc.list_activity(uow, ActivityFilter(limit=3, cursor=first["next_cursor"]), user_id=U)
    assert [e["id"] for e in rest["items"]] == ["e1", "e0"] and rest["next_cursor"] is None
    assert (await uc.list_activity(uow, ActivityFilter(), user_id="someone-else"))["items"] == []
    with pytest.raises(InvalidInput):
        await uc.list_activity(uow, ActivityFilter(cursor="e30"), user_id=U)


async def test_a_match_score_is_attached_to_its_application_and_changes_the_board_version() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = str((await create_application(uow, ApplicationIn(company="A", role="B"), user_id=U, now=NOW))["id"])
    before = await uow.versions.read(U)
    await uc.attach_match_score(uow, _entry(1), application_id=aid, match={"score": 81})
    app = await uow.applications.get(U, aid)
    assert app is not None and app["ats_match"] == {"score": 81}
    assert await uow.versions.read(U) != before
    assert [d["_id"] for d in uow.activity.at_commit] == ["e1"]


async def test_a_practice_session_is_linked_to_the_interview_it_prepared_for() -> None:
    uow = FakeTrackerUnitOfWork()
    body = ApplicationIn(company="Fabrikam", role="Site Reliability Engineer", stage="applied")
    aid = str((await create_application(uow, body, user_id=U, now=NOW))["id"])
    when = NOW + timedelta(days=2)
    out = await schedule_interview(
        uow, InterviewIn(scheduled_at=when, remind=False), user_id=U, app_id=aid, now=NOW
    )
    entry = _entry(1, kind="interview.session.completed", title="Practice session")
    await uc.link_practice_session(
        uow, entry, completed_at=NOW, session_id="s1", application_id=None, role="Site Reliability Engineer"
    )
    app = await uow.applications.get(U, aid)
    assert app is not None and app["interviews"][0]["prep"] == ["s1"]
    (stored,) = uow.activity.at_commit
    assert (
        stored["application_id"] == aid
        and stored["detail"]["prep_for"]["interview_id"] == out["interview"]["id"]
    )


async def test_a_batch_of_events_goes_onto_the_timelines_once() -> None:
    uow = FakeTrackerUnitOfWork()
    entries = [
        TimelineEntry(
            id=f"e{i}", user_id=f"u{i % 2}", at=NOW, kind="resume", title="Rendered", service="resume"
        )
        for i in range(3)
    ]
    await uc.record_event_once(uow, entries[1])  # already there (e.g. from a redelivery)
    assert await uc.record_events(uow, [entries[0], None, entries[1], entries[2], entries[0]]) == 2
    assert [d["_id"] for d in uow.activity.inserted] == ["e0", "e2"]
    assert await uc.record_events(uow, entries) == 0  # a redelivered batch adds nothing
    await uc.record_event_once(uow, entries[2])  # the slow path meeting a batch's entry: no error
    assert sorted(uow.activity.col.docs) == ["e0", "e1", "e2"]
