"""Board, analytics and the dashboard summary on in-memory repositories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from resugrow_domain import InvalidInput
from resugrow_tracker.commands import AnalyticsQuery, ApplicationIn, ColumnIn, ColumnsIn, MoveIn
from resugrow_tracker.domain.stages import Stage
from resugrow_tracker.use_cases import analytics, board
from resugrow_tracker.use_cases.applications import create_application, move_application
from resugrow_tracker.use_cases.common import board_columns

from ..fakes import DictCache, FakeTrackerUnitOfWork

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
U = "user-1"


async def _app(uow: FakeTrackerUnitOfWork, company: str, stage: str = "applied") -> str:
    body = ApplicationIn(company=company, role="Engineer", stage=stage, stage_at=NOW - timedelta(days=40))
    return str((await create_application(uow, body, user_id=U, now=NOW))["id"])


def _cards(b: dict[str, object]) -> dict[str, list[str]]:
    return {c["id"]: [x["company"] for x in c["cards"]] for c in b["columns"]}  # type: ignore[attr-defined,index]


async def test_board_is_cached_until_the_users_data_changes() -> None:
    uow, cache = FakeTrackerUnitOfWork(), DictCache()
    await _app(uow, "Alpha")
    first = await board.get_board(uow, cache, user_id=U, now=NOW)
    assert _cards(first)["applied"] == ["Alpha"]
    cols = await board_columns(uow, U)
    assert await board.board_index(uow, cache, U, cols) is await board.board_index(uow, cache, U, cols)
    await _app(uow, "Beta")  # touches the user: the cached docs are stale
    again = await board.get_board(uow, cache, user_id=U, now=NOW, cards_per_column=10)
    assert sorted(_cards(again)["applied"]) == ["Alpha", "Beta"]


async def test_columns_default_then_custom_and_invalid_ones_are_refused() -> None:
    uow = FakeTrackerUnitOfWork()
    default = await board.get_columns(uow, user_id=U)
    assert [c["id"] for c in default["columns"]][:2] == ["saved", "applied"]
    cmd = ColumnsIn(
        columns=[ColumnIn(name="Wishlist", stage="saved"), ColumnIn(name="Sent", stage="applied")]
    )
    saved = await board.set_columns(uow, cmd, user_id=U, now=NOW)
    assert [c["id"] for c in saved["columns"]] == ["wishlist", "sent"]
    assert (await board.get_columns(uow, user_id=U)) == saved
    bad = ColumnsIn(columns=[ColumnIn(name="Limbo", stage="nowhere")])
    with pytest.raises(InvalidInput):
        await board.set_columns(uow, bad, user_id=U, now=NOW)


async def test_analytics_counts_the_funnel_and_uses_custom_thresholds() -> None:
    uow, cache = FakeTrackerUnitOfWork(), DictCache()
    aid = await _app(uow, "Alpha")
    await _app(uow, "Beta")
    await move_application(
        uow, MoveIn(to="screening", at=NOW - timedelta(days=30)), user_id=U, app_id=aid, now=NOW
    )
    report = await analytics.get_analytics(uow, cache, AnalyticsQuery(as_of=NOW), user_id=U)
    assert report["totals"]["by_stage"]["screening"] == 1 and report["totals"]["by_stage"]["applied"] == 1
    loose = await analytics.get_analytics(
        uow, cache, AnalyticsQuery(as_of=NOW, ghost_after="applied:90"), user_id=U
    )
    assert loose["thresholds"]["ghost_after_days"]["applied"] == 90
    assert (await analytics.analytics_records(uow, cache, U)) is (
        await analytics.analytics_records(uow, cache, U)
    )


def test_thresholds_parse_stage_days_pairs_and_refuse_garbage() -> None:
    th = analytics.parse_thresholds("applied:45, screening:14", None)
    assert th.ghost_after_days[Stage.APPLIED] == 45 and th.ghost_after_days[Stage.SCREENING] == 14
    for bad in ("limbo:3", "applied:x", "applied:0"):
        with pytest.raises(InvalidInput) as err:
            analytics.parse_thresholds(None, bad)
        assert err.value.errors[0].field == "stale_after"


async def test_summary_counts_the_pipeline_and_lists_what_is_next() -> None:
    uow = FakeTrackerUnitOfWork()
    await _app(uow, "Alpha")
    await _app(uow, "Beta", stage="saved")
    out = await analytics.summary(uow, user_id=U, now=NOW)
    assert out["total"] == 2 and out["pipeline"]["applied"] == 1 and out["active"] == 1
    assert out["presumed_ghosted"] + out["stale"] >= 1
    assert out["next_reminders"] == [] or all(r["kind"] for r in out["next_reminders"])
