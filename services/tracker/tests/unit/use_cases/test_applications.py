"""Applications use cases on in-memory repositories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from resugrow_domain import InvalidInput, NotFound
from resugrow_events import ApplicationCreatedV1, ApplicationStageChangedV1
from resugrow_testing.fakes import run_fake
from resugrow_tracker.commands import ApplicationIn, ApplicationPatch, ApplicationSearch, MoveIn
from resugrow_tracker.domain.errors import Gone
from resugrow_tracker.use_cases import applications as uc

from ..fakes import FakeTrackerUnitOfWork

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
U = "user-1"


async def _create(uow: FakeTrackerUnitOfWork, **fields: object) -> dict[str, object]:
    body = ApplicationIn.model_validate({"company": "Northwind", "role": "Engineer", **fields})
    return await run_fake(uow, lambda u: uc.create_application(u, body, user_id=U, now=NOW))


async def test_create_stores_publishes_touches_and_sets_follow_up() -> None:
    uow = FakeTrackerUnitOfWork()
    app = await _create(
        uow, stage="applied", source="LinkedIn", salary_min=1, salary_max=2, salary_currency="usd"
    )
    assert app["stage"] == "applied" and app["source"] == "linkedin"
    assert app["salary"] == {"min": 1, "max": 2, "currency": "USD"}
    assert [e.application_id for e in uow.events(ApplicationCreatedV1)] == [app["id"]]
    assert U in uow.touched
    kinds = [r["kind"] for r in uow.reminders.col]
    assert kinds == ["follow_up"]


async def test_create_rejects_unknown_stage_future_date_and_bad_salary_without_storing() -> None:
    uow = FakeTrackerUnitOfWork()
    for fields, field in (
        ({"stage": "daydreaming"}, "stage"),
        ({"stage_at": NOW + timedelta(days=3)}, "stage_at"),
        ({"salary_min": 5, "salary_max": 1}, "salary_min"),
        ({"column_id": "nope"}, "column_id"),
    ):
        with pytest.raises(InvalidInput) as err:
            await _create(uow, **fields)
        assert err.value.errors[0].field == field
    assert len(uow.applications.col) == 0 and uow.published == []


async def test_saved_with_deadline_gets_a_deadline_reminder_two_days_before() -> None:
    uow = FakeTrackerUnitOfWork()
    await _create(uow, deadline=NOW + timedelta(days=10))
    (reminder,) = list(uow.reminders.col)
    assert reminder["kind"] == "deadline" and reminder["due_at"] == NOW + timedelta(days=8)


async def test_list_filters_sorts_and_pages_with_an_opaque_cursor() -> None:
    uow = FakeTrackerUnitOfWork()
    for name in ("Alpha", "Beta", "Gamma"):
        await _create(uow, company=name, stage="applied")
    page = await uc.list_applications(uow, ApplicationSearch(sort="company", limit=2), user_id=U)
    assert [a["company"] for a in page["items"]] == ["Alpha", "Beta"] and page["total"] == 3
    rest = await uc.list_applications(
        uow, ApplicationSearch(sort="company", limit=2, cursor=page["next_cursor"]), user_id=U
    )
    assert [a["company"] for a in rest["items"]] == ["Gamma"] and rest["next_cursor"] is None
    only = await uc.list_applications(uow, ApplicationSearch(q="bet"), user_id=U)
    assert [a["company"] for a in only["items"]] == ["Beta"]
    for bad in (
        ApplicationSearch(sort="salary"),
        ApplicationSearch(cursor="@@@"),
        ApplicationSearch(stage=["limbo"]),
    ):
        with pytest.raises(InvalidInput):
            await uc.list_applications(uow, bad, user_id=U)


async def test_get_shows_ordered_moves_and_hides_other_users() -> None:
    uow = FakeTrackerUnitOfWork()
    app = await _create(uow, stage="applied")
    got = await uc.get_application(uow, user_id=U, app_id=str(app["id"]))
    assert [m["to"] for m in got["moves"]] == ["applied"]
    with pytest.raises(NotFound):
        await uc.get_application(uow, user_id="someone-else", app_id=str(app["id"]))


async def test_update_changes_fields_but_not_company_to_null_or_column_of_other_stage() -> None:
    uow = FakeTrackerUnitOfWork()
    app = await _create(uow, stage="applied")
    aid = str(app["id"])
    out = await run_fake(
        uow,
        lambda u: uc.update_application(
            u, ApplicationPatch(location="Berlin", priority=3), user_id=U, app_id=aid, now=NOW
        ),
    )
    assert out["location"] == "Berlin" and out["priority"] == 3
    with pytest.raises(InvalidInput):
        await uc.update_application(uow, ApplicationPatch(company=None), user_id=U, app_id=aid, now=NOW)
    with pytest.raises(InvalidInput):
        await uc.update_application(uow, ApplicationPatch(column_id="offer"), user_id=U, app_id=aid, now=NOW)


async def test_delete_is_soft_cancels_reminders_and_later_moves_are_gone() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = str((await _create(uow, stage="applied"))["id"])
    await run_fake(uow, lambda u: uc.delete_application(u, user_id=U, app_id=aid, now=NOW))
    assert {r["status"] for r in uow.reminders.col} == {"cancelled"}
    with pytest.raises(Gone):
        await uc.move_application(uow, MoveIn(to="offer"), user_id=U, app_id=aid, now=NOW)
    with pytest.raises(NotFound):
        await uc.delete_application(uow, user_id=U, app_id=aid, now=NOW)


async def test_move_records_history_publishes_and_keeps_a_note() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = str((await _create(uow, stage="applied", stage_at=NOW - timedelta(days=5)))["id"])
    out = await run_fake(
        uow,
        lambda u: uc.move_application(
            u, MoveIn(to="screening", note="Recruiter called"), user_id=U, app_id=aid, now=NOW
        ),
    )
    assert out["stage"] == "screening" and out["move"]["from"] == "applied"
    assert [e.to_stage for e in uow.events(ApplicationStageChangedV1)] == ["screening"]
    assert [n["text"] for n in uow.notes.col] == ["Recruiter called"]
    with pytest.raises(InvalidInput):
        await uc.move_application(uow, MoveIn(to="offer", column_id="offer"), user_id=U, app_id=aid, now=NOW)
    moved = await uc.move_application(uow, MoveIn(column_id="offer"), user_id=U, app_id=aid, now=NOW)
    assert moved["stage"] == "offer" and moved["column_id"] == "offer"


async def test_history_has_stints_with_days_in_each_stage() -> None:
    uow = FakeTrackerUnitOfWork()
    aid = str((await _create(uow, stage="applied", stage_at=NOW - timedelta(days=4)))["id"])
    await uc.move_application(
        uow, MoveIn(to="screening", at=NOW - timedelta(days=1)), user_id=U, app_id=aid, now=NOW
    )
    hist = await uc.get_history(uow, user_id=U, app_id=aid, now=NOW)
    assert hist["stage"] == "screening"
    assert [(s["stage"], s["days"]) for s in hist["stints"]] == [("applied", 3.0), ("screening", 1.0)]


def test_salary_of_keeps_the_current_salary_when_the_patch_has_no_salary_field() -> None:
    current = {"min": 1.0, "max": 2.0}
    assert uc.salary_of(ApplicationPatch(location="x"), current) is current
    assert uc.salary_of(ApplicationPatch(salary_max=3), current) == {"min": 1.0, "max": 3.0}
