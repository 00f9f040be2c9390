"""Job-search analytics computed from stage history, never from the current status alone.

A funnel built from current status forgets every "interviewed, then rejected" application;
here each application contributes every stage it ever reached, read from its ordered moves up
to ``as_of``. Everything is a pure function of (applications, as_of, thresholds), so a report
asked for again with the same ``as_of`` gives the same numbers.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from resugrow_tracker.domain.analytics_summary import AnalyticsSummary, Contribution
from resugrow_tracker.domain.funnel import DAY, Facts
from resugrow_tracker.domain.history import Move
from resugrow_tracker.domain.stages import (
    ACTIVE,
    CLOSED,
    FUNNEL_RANK,
    PROVES_APPLIED,
    RESPONSE_STAGES,
    Stage,
)

# After this long without a move, an application in the stage is presumed ghosted.
DEFAULT_GHOST_AFTER_DAYS: dict[Stage, int] = {
    Stage.APPLIED: 30,
    Stage.SCREENING: 21,
    Stage.INTERVIEWING: 21,
    Stage.OFFER: 14,
}
# After this long without a move, an application needs a nudge (before it counts as ghosted).
DEFAULT_STALE_AFTER_DAYS: dict[Stage, int] = {
    Stage.SAVED: 14,
    Stage.APPLIED: 14,
    Stage.SCREENING: 7,
    Stage.INTERVIEWING: 7,
    Stage.OFFER: 5,
}

DEFINITIONS: dict[str, str] = {
    "population": "Applications whose first move is at or before as_of; moves after as_of are ignored; "
    "moves are ordered by when they happened (ties by entry order).",
    "applied": "Applications that reached 'applied' or any later funnel stage, or were rejected or "
    "ghosted (only a sent application can be).",
    "reached": "An application reached a stage if at any time it was in that stage or a later funnel "
    "stage (saved < applied < screening < interviewing < offer < accepted; declined counts as an "
    "offer). Later rejections, withdrawals and moves back do not undo it.",
    "response_rate": "Applied applications that ever moved into screening, interviewing, offer, "
    "accepted, declined or rejected (an explicit rejection is a response), divided by applied.",
    "screen_rate": "Applied applications that reached screening, divided by applied.",
    "interview_rate": "Applied applications that reached interviewing, divided by applied.",
    "offer_rate": "Applied applications that reached offer, divided by applied.",
    "accept_rate": "Applied applications that reached accepted, divided by applied.",
    "conversion": "For consecutive funnel stages A->B: applications that reached B among those that "
    "reached A. For saved->applied, the denominator is applications that were ever in 'saved'.",
    "transitions": "Counts of consecutive stage changes in time order (a repeated stage is not a change).",
    "time_to_first_response": "Days from the first move proving the application was sent to the first "
    "later move into a response stage; applications whose first response is that same move are not "
    "measured.",
    "time_in_stage": "Days spent in a stage for each completed stay (entered and left by as_of); a "
    "move back starts a new stay.",
    "ghosted": "Applications now in 'ghosted', plus those in an active stage with no move for at least "
    "the stage's ghost threshold as of as_of (derived; any later move clears it).",
    "stale": "Applications not closed and not ghosted with no move for at least the stage's stale "
    "threshold as of as_of.",
    "by_source": "The funnel rates grouped by the application's source.",
    "by_resume_version": "The funnel rates grouped by the resume version used ('none' when unset).",
    "by_week": "The funnel rates grouped by the ISO week (Monday start, UTC) of the applied date; "
    "applications never sent are not in any week.",
    "rates": "Ratios are rounded to 4 decimals and null when the denominator is 0; days to 4 decimals.",
}


# A move as analytics reads it: (POSIX time it happened, entry order, stage value). Plain
# tuples, floats and strings: Enum hashing and datetime arithmetic run Python code, and this
# loop sees every move of every application (25,000 for a heavy user).
MoveTuple = tuple[float, int, str]
# One application's contribution: (facts, completed stays per stage, transitions).
_Own = tuple["Facts | None", dict[str, list[float]], Counter[tuple[str, str]]]


@dataclass(slots=True)
class AppRecord:
    """What analytics needs to know about one application."""

    id: str
    moves: Sequence[Move] | Sequence[MoveTuple]
    source: str | None = None
    resume_version: str | None = None
    last_activity_at: datetime | None = None
    # True when `moves` are tuples already in history order (as from_doc leaves them): a cached
    # record is then read without sorting again on every report.
    prepared: bool = False
    # This application's own history (see _own_history), kept while the record lives: a read
    # model that replaces only changed records then re-walks only those.
    own: tuple[float, _Own] | None = None

    @staticmethod
    def from_doc(doc: dict[str, Any], *, resume_version: str | None = None) -> AppRecord:
        """Straight from a stored application, without building Move objects."""
        return AppRecord(
            id=doc["_id"],
            moves=_tuples(
                [(m["at"].timestamp(), m.get("seq") or 0, m["to"]) for m in doc.get("moves") or ()]
            ),
            source=doc.get("source"),
            resume_version=resume_version,
            prepared=True,
        )


@dataclass(slots=True)
class Thresholds:
    ghost_after_days: dict[Stage, int] = field(default_factory=lambda: dict(DEFAULT_GHOST_AFTER_DAYS))
    stale_after_days: dict[Stage, int] = field(default_factory=lambda: dict(DEFAULT_STALE_AFTER_DAYS))


_RANK: dict[str, int | None] = {s.value: r for s, r in FUNNEL_RANK.items()}
_PROVES_APPLIED = frozenset(s.value for s in PROVES_APPLIED)
_RESPONSE = frozenset(s.value for s in RESPONSE_STAGES)
_ACTIVE = frozenset(s.value for s in ACTIVE)
_CLOSED = frozenset(s.value for s in CLOSED)
_SAVED, _GHOSTED = Stage.SAVED.value, Stage.GHOSTED.value


def _tuples(moves: Sequence[Move] | Sequence[MoveTuple]) -> list[MoveTuple]:
    """Moves in the order they happened, with the creation move never after an earlier-dated
    one (the same rule as history.ordered)."""
    if not moves:
        return []
    if isinstance(moves[0], Move):
        items: list[MoveTuple] = [(m.at.timestamp(), m.seq, m.to.value) for m in moves]  # type: ignore[union-attr]
    else:
        items = list(moves)  # type: ignore[arg-type]
    items.sort()  # (time, seq) is unique per application, so the stage never decides
    first = items[0]
    if first[1] != 0:
        for i, t in enumerate(items):
            if t[1] == 0:
                items[i] = (first[0], 0, t[2])
                items.sort()
                break
    return items


_Walked = tuple[int, bool, float | None, float | None, bool]


def _walk(
    seq: list[MoveTuple], in_stage: dict[str, list[float]], transitions: Counter[tuple[str, str]]
) -> _Walked:
    """One pass over a history: (max rank, was saved, applied at, first response at, responded);
    completed stays and transitions go straight into the totals."""
    rank_of = _RANK
    max_rank = -1
    was_saved = False
    applied_at: float | None = None
    first_response_at: float | None = None
    responded = False
    seen_response = False
    prev: str | None = None
    prev_start = 0.0
    for at, _, stage in seq:
        rank = rank_of[stage]
        if rank is not None and rank > max_rank:
            max_rank = rank
        if stage == _SAVED:
            was_saved = True
        is_response = stage in _RESPONSE
        if is_response and not seen_response:
            seen_response = True
            # Measured only when the answer is a later move than the one proving it was sent.
            if applied_at is not None:
                first_response_at = at
        responded = responded or is_response
        if applied_at is None and ((rank is not None and rank >= 1) or stage in _PROVES_APPLIED):
            applied_at = at
        if stage != prev:
            if prev is not None:
                in_stage[prev].append((at - prev_start) / DAY)
                transitions[(prev, stage)] += 1
            prev = stage
            prev_start = at
    return max_rank, was_saved, applied_at, first_response_at, responded


def _facts(
    app: AppRecord,
    as_of: float,
    in_stage: dict[str, list[float]],
    transitions: Counter[tuple[str, str]],
) -> Facts | None:
    """One application's facts; its completed stays and transitions go straight into the totals."""
    # A prepared record already holds MoveTuples in history order (see AppRecord.prepared).
    seq = list(cast("Sequence[MoveTuple]", app.moves)) if app.prepared else _tuples(app.moves)
    while seq and seq[-1][0] > as_of:
        seq.pop()
    if not seq:
        return None
    max_rank, was_saved, applied_at, first_response_at, responded = _walk(seq, in_stage, transitions)
    current = seq[-1][2]
    last_at = seq[-1][0]
    if app.last_activity_at is not None:
        activity = app.last_activity_at.timestamp()
        if last_at < activity <= as_of:
            last_at = activity
    return Facts(
        id=app.id,
        source=app.source or "unknown",
        resume_version=app.resume_version or "none",
        # A rejected or ghosted application was sent even if 'applied' was never recorded.
        max_rank=max(max_rank, 1) if applied_at is not None else max_rank,
        was_saved=was_saved,
        applied_at=applied_at,
        responded=responded and applied_at is not None,
        first_response_at=first_response_at,
        current=current,
        last_at=last_at,
    )


def _classify(f: Facts, as_of: float, ghost_days: dict[str, int], stale_days: dict[str, int]) -> None:
    """Presumed ghosted / stale as of the report time: derived from idle time, so reversible."""
    idle_days = (as_of - f.last_at) / DAY
    current = f.current
    ghost_limit = ghost_days.get(current)
    derived_ghost = current in _ACTIVE and ghost_limit is not None and idle_days >= ghost_limit
    stale_limit = stale_days.get(current)
    f.idle_days = idle_days
    f.derived_ghost = derived_ghost
    f.stale = (
        not derived_ghost and current not in _CLOSED and stale_limit is not None and idle_days >= stale_limit
    )
    f.effective = _GHOSTED if derived_ghost else current


def _own_history(app: AppRecord, as_of: float) -> _Own:
    """One application's facts, completed stays and transitions. They do not change with as_of
    once as_of is at or after its last move, so they are kept on the record from then on."""
    if app.own is not None and as_of >= app.own[0]:
        return app.own[1]
    in_stage: dict[str, list[float]] = defaultdict(list)
    transitions = Counter[tuple[str, str]]()
    own = (_facts(app, as_of, in_stage, transitions), in_stage, transitions)
    if app.prepared and app.last_activity_at is None and app.moves:
        last = cast("Sequence[MoveTuple]", app.moves)[-1][0]
        if as_of >= last:
            app.own = (last, own)
    return own


def _stable(app: AppRecord) -> bool:
    """Whether the record's contribution is the same for every as_of after its last move."""
    return app.prepared and app.last_activity_at is None


def _contribution(app: AppRecord, as_of: float = math.inf) -> tuple[float | None, Contribution]:
    last = cast("Sequence[MoveTuple]", app.moves)[-1][0] if app.prepared and app.moves else None
    return last, _own_history(app, as_of)


Change = tuple["AppRecord | None", "AppRecord | None"]


class PreparedRecords:
    """A user's records plus their analytics as running totals (see analytics_summary.py).

    The totals answer any as_of at or after the last move, which is what a dashboard asks for;
    built from the previous records' totals and the records that changed, they cost a few
    insertions per changed application instead of a pass over every one. Earlier as_of values
    are computed from the records.
    """

    def __init__(
        self,
        records: Iterable[AppRecord],
        *,
        previous: PreparedRecords | None = None,
        changes: Iterable[Change] = (),
    ) -> None:
        self.records = list(records)
        changes = list(changes)
        # A pass over 5,000 records is what this class avoids: with a previous, only the
        # changed records can make the totals unusable.
        self.cacheable: bool = (
            all(_stable(new) for _, new in changes if new is not None)
            if previous is not None and previous.cacheable
            else all(_stable(r) for r in self.records)
        )
        self._summary: AnalyticsSummary | None = None
        # True when the totals were the previous records' totals updated, not rebuilt.
        self.incremental_from_previous = False
        if self.cacheable and previous is not None and previous._summary is not None:
            self.incremental_from_previous = True
            self._summary = previous._summary.updated(
                (_contribution(old) if old else None, _contribution(new) if new else None)
                for old, new in changes
            )

    def summary(self) -> AnalyticsSummary | None:
        if self.cacheable and self._summary is None:
            self._summary = AnalyticsSummary.of(_contribution(r) for r in self.records)
        return self._summary


def compute(
    apps: Iterable[AppRecord] | PreparedRecords,
    *,
    as_of: datetime,
    thresholds: Thresholds | None = None,
    include_ids: bool = True,
) -> dict[str, Any]:
    """The whole analytics report for one user's applications as of ``as_of``."""
    th = thresholds or Thresholds()
    ghost_days = {s.value: d for s, d in th.ghost_after_days.items()}
    stale_days = {s.value: d for s, d in th.stale_after_days.items()}
    as_of_ts = as_of.timestamp()
    totals = apps.summary() if isinstance(apps, PreparedRecords) else None
    if totals is None or not totals.answers(as_of_ts):
        records = apps.records if isinstance(apps, PreparedRecords) else apps
        totals = AnalyticsSummary.of(_contribution(r, as_of_ts) for r in records)
    return {
        "as_of": as_of,
        **totals.report(as_of_ts, ghost_days, stale_days, include_ids),
        "thresholds": {"ghost_after_days": ghost_days, "stale_after_days": stale_days},
        "definitions": DEFINITIONS,
    }


def effective_stage(
    moves: Sequence[Move],
    *,
    as_of: datetime,
    last_activity_at: datetime | None = None,
    thresholds: Thresholds | None = None,
) -> tuple[Stage | None, bool, bool]:
    """(stage shown to the user, presumed ghosted, stale) for one application."""
    th = thresholds or Thresholds()
    ts = as_of.timestamp()
    f = _facts(
        AppRecord(id="", moves=moves, last_activity_at=last_activity_at), ts, defaultdict(list), Counter()
    )
    if f is None:
        return None, False, False
    _classify(
        f,
        ts,
        {s.value: d for s, d in th.ghost_after_days.items()},
        {s.value: d for s, d in th.stale_after_days.items()},
    )
    return Stage(f.effective), f.derived_ghost, f.stale


def week_start(when: datetime) -> datetime:
    return (when - timedelta(days=when.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
