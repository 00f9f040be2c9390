"""The incremental analytics and board read models equal the full computation after any writes.

A seeded random sequence of writes (create, patch, move, delete, import, interviews, match
scores from the event consumer, a write that commits late) with reads in between: each read
through the incremental cache must equal the report built from every application from scratch.
"""

from __future__ import annotations

import contextlib
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from resugrow_domain import DomainError
from resugrow_tracker.commands import (
    AnalyticsQuery,
    ApplicationIn,
    ApplicationPatch,
    ImportRequest,
    InterviewIn,
    MoveIn,
)
from resugrow_tracker.domain import analytics as analytics_domain
from resugrow_tracker.domain.board import build_board
from resugrow_tracker.domain.stages import STAGES
from resugrow_tracker.domain.timeline import TimelineEntry
from resugrow_tracker.use_cases import analytics, board, transfer
from resugrow_tracker.use_cases.activity import attach_match_score
from resugrow_tracker.use_cases.applications import (
    create_application,
    delete_application,
    move_application,
    update_application,
)
from resugrow_tracker.use_cases.common import board_columns
from resugrow_tracker.use_cases.interviews import schedule_interview

from ..fakes import DictCache, FakeTrackerUnitOfWork

U = "user-1"
START = datetime(2026, 1, 5, 9, tzinfo=UTC)
SOURCES = [None, "linkedin", "referral", "indeed"]


class World:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.now = START
        self.uow = FakeTrackerUnitOfWork()
        self.uow.applications.clock = lambda: self.now
        # A short overlap, so most refreshes apply only the last writes, not everything.
        self.cache = DictCache(overlap=timedelta(minutes=30))
        self.cache.clock = lambda: self.now
        self.ids: list[str] = []

    def live(self) -> list[str]:
        return [i for i in self.ids if not self.uow.applications.col.docs[i].get("deleted")]

    def when(self) -> datetime:
        return self.now - timedelta(hours=self.rng.randint(0, 24 * 60))


async def _create(w: World) -> None:
    cmd = ApplicationIn(company=f"Co{len(w.ids)}", role="Dev", stage=w.rng.choice(STAGES).value,
                        stage_at=w.when(), source=w.rng.choice(SOURCES), priority=w.rng.choice([None, 0, 2, 3]),
                        resume_label=w.rng.choice([None, "v1", "v2"]))  # fmt: skip
    w.ids.append(str((await create_application(w.uow, cmd, user_id=U, now=w.now))["id"]))


async def _patch(w: World, app_id: str) -> None:
    cmd = ApplicationPatch(priority=w.rng.randint(0, 3), source=w.rng.choice(SOURCES), location="Berlin")
    await update_application(w.uow, cmd, user_id=U, app_id=app_id, now=w.now)


async def _move(w: World, app_id: str) -> None:
    at = w.rng.choice([None, w.when()])
    cmd = MoveIn(to=w.rng.choice(STAGES).value, at=at)
    await move_application(w.uow, cmd, user_id=U, app_id=app_id, now=w.now)


async def _delete(w: World, app_id: str) -> None:
    await delete_application(w.uow, user_id=U, app_id=app_id, now=w.now)


async def _import(w: World, _app_id: str) -> None:
    rows = "".join(
        f"Imp{len(w.ids)}-{i},Dev,{w.rng.choice(['Applied', 'Interview', 'Rejected', 'Offer'])},"
        f"{(w.now - timedelta(days=w.rng.randint(1, 90))).date()}\n"
        for i in range(w.rng.randint(1, 4))
    )
    plan = await transfer.plan_import(
        ImportRequest(content=f"Company,Role,Status,Date Applied\n{rows}".encode()), now=w.now
    )
    before = set(w.uow.applications.col.docs)
    await transfer.import_applications(w.uow, plan, user_id=U, now=w.now)
    w.ids.extend(i for i in w.uow.applications.col.docs if i not in before)


async def _interview(w: World, app_id: str) -> None:
    cmd = InterviewIn(scheduled_at=w.now + timedelta(days=w.rng.randint(1, 9)), type="technical")
    await schedule_interview(w.uow, cmd, user_id=U, app_id=app_id, now=w.now)


async def _match_score(w: World, app_id: str) -> None:
    entry = TimelineEntry(id=f"e{w.rng.random()}", user_id=U, at=w.now, kind="match", title="Match scored", service="ats",
                          application_id=app_id, detail={})  # fmt: skip
    await attach_match_score(w.uow, entry, application_id=app_id, match={"score": w.rng.randint(0, 100)})


async def _late_commit(w: World, app_id: str) -> None:
    """Stamped before the last refresh but committed (visible) only now, within the overlap."""
    real = w.uow.applications.clock
    w.uow.applications.clock = lambda: w.now - timedelta(minutes=20)
    try:
        await _patch(w, app_id)
    finally:
        w.uow.applications.clock = real


WRITES = [_patch, _move, _move, _delete, _import, _interview, _match_score, _late_commit]


async def _expected(w: World, as_of: datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The full computation, from every live application."""
    docs = await w.uow.applications.active(U)
    records = [analytics._record(d) for d in docs]
    report = analytics_domain.compute(
        records, as_of=as_of, include_ids=True, thresholds=analytics_domain.Thresholds()
    )
    cols = build_board(docs, await board_columns(w.uow, U), as_of=as_of, cards_per_column=5)
    return report, cols


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
async def test_incremental_read_models_equal_the_full_computation(seed: int) -> None:
    w = World(seed)
    carried = boards_carried = 0
    for _ in range(6):
        await _create(w)
    for step in range(80):
        w.now += timedelta(minutes=w.rng.choice([1, 10, 45, 180]))
        live = w.live()
        if not live or w.rng.random() < 0.2:
            await _create(w)
        else:
            # A move the rules refuse changes nothing; the models must agree on that too.
            with contextlib.suppress(DomainError):
                await w.rng.choice(WRITES)(w, w.rng.choice(live))
        if w.rng.random() < 0.5:
            as_of = w.now if w.rng.random() < 0.8 else w.now - timedelta(days=w.rng.randint(1, 40))
            report, cols = await _expected(w, as_of)
            got = await analytics.get_analytics(w.uow, w.cache, AnalyticsQuery(as_of=as_of), user_id=U)
            assert got == report, f"analytics differ after step {step}"
            # The running totals themselves, not only the report: equal to totals built from
            # scratch, and carried over from the previous read (not rebuilt).
            kept = await analytics.analytics_records(w.uow, w.cache, U)
            fresh = analytics_domain.PreparedRecords(
                [analytics._record(d) for d in await w.uow.applications.active(U)]
            )
            assert kept.summary().state() == fresh.summary().state(), f"totals differ after step {step}"  # type: ignore[union-attr]
            carried += kept.incremental_from_previous
            got_board = await board.get_board(w.uow, w.cache, user_id=U, now=as_of, cards_per_column=5)
            assert got_board["columns"] == cols, f"board differs after step {step}"
            index = await board.board_index(w.uow, w.cache, U, await board_columns(w.uow, U))
            boards_carried += index.from_previous
    assert len(w.live()) > 10  # the sequence really built up a history
    # and most reads updated the totals and the board order instead of rebuilding them
    assert carried >= 10 and boards_carried >= 10


async def test_a_read_after_a_write_applies_only_the_changed_application() -> None:
    w = World(9)
    for _ in range(8):
        await _create(w)
    w.now += timedelta(hours=1)  # past the overlap: the next refreshes do not re-read these
    first = await analytics.analytics_records(w.uow, w.cache, U)
    analytics_domain.compute(first, as_of=w.now)
    w.now += timedelta(hours=2)
    await _move(w, w.ids[3])
    again = await analytics.analytics_records(w.uow, w.cache, U)
    assert again is not first
    assert again.incremental_from_previous  # the totals were updated, not rebuilt
    # Unchanged applications keep their record (and its walked history); the moved one is new.
    kept = [a is b for a, b in zip(first.records, again.records, strict=True)]
    assert kept == [i != 3 for i in range(8)]
    await delete_application(w.uow, user_id=U, app_id=w.ids[0], now=w.now)
    after_delete = await analytics.analytics_records(w.uow, w.cache, U)
    assert [r.id for r in after_delete.records] == w.ids[1:]
