"""Job-search analytics computed from stage history, never from the current status alone.

A funnel built from current status forgets every "interviewed, then rejected" application;
here each application contributes every stage it ever reached, read from its ordered moves up
to ``as_of``. Everything is a pure function of (applications, as_of, thresholds), so a report
asked for again with the same ``as_of`` gives the same numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from resugrow_tracker.domain.funnel import DAY, Facts, conversion, funnel, grouped, summary, week_of
from resugrow_tracker.domain.history import Move
from resugrow_tracker.domain.stages import (
    ACTIVE,
    CLOSED,
    FUNNEL_RANK,
    PROVES_APPLIED,
    RESPONSE_STAGES,
    STAGES,
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


_History = tuple[list[Facts], dict[str, list[float]], Counter[tuple[str, str]]]


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


def _history(records: Iterable[AppRecord], as_of: float) -> _History:
    in_stage: dict[str, list[float]] = defaultdict(list)
    transitions = Counter[tuple[str, str]]()
    facts: list[Facts] = []
    for app in records:
        own = app.own  # the common case inline: a call per record is a tenth of this loop
        f, stays, moved = own[1] if own is not None and as_of >= own[0] else _own_history(app, as_of)
        if f is None:
            continue
        facts.append(f)
        # Per stage, applications in order and each one's stays in time order: the same lists
        # (so the same float sums) as one walk over everything.
        for stage, days in stays.items():
            in_stage[stage].extend(days)
        for pair, n in moved.items():  # Counter.update pays an ABC isinstance check per call
            transitions[pair] += n
    return facts, in_stage, transitions


class PreparedRecords:
    """A user's records plus, once computed, their history facts.

    History facts do not depend on as_of when as_of is at or after the last move, which is what
    a dashboard asks for again and again; only the idle-time status is recomputed per report.
    Keep one instance per version of the user's data (the service caches it that way).
    """

    def __init__(self, records: Iterable[AppRecord]) -> None:
        self.records = list(records)
        self.cacheable = all(r.prepared and r.last_activity_at is None for r in self.records)
        self.last_ts = max((r.moves[-1][0] for r in self.records if r.prepared and r.moves), default=0.0)  # type: ignore[index]
        self._base: _History | None = None

    def history(self, as_of: float) -> _History:
        if self.cacheable and as_of >= self.last_ts:
            if self._base is None:
                self._base = _history(self.records, as_of)
            return self._base
        return _history(self.records, as_of)


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
    history = apps.history(as_of_ts) if isinstance(apps, PreparedRecords) else _history(apps, as_of_ts)
    facts, in_stage, transitions = history
    # compute() is synchronous: the status written onto (possibly cached) facts here is read
    # back below before anything else can run.
    for f in facts:
        _classify(f, as_of_ts, ghost_days, stale_days)

    totals = funnel(facts)
    response_days = [
        (f.first_response_at - f.applied_at) / DAY
        for f in facts
        if f.first_response_at is not None and f.applied_at is not None
    ]

    current = Counter(f.current for f in facts)
    effective = Counter(f.effective for f in facts)
    ghosted = sorted(f.id for f in facts if f.effective == _GHOSTED)
    stale = sorted(f.id for f in facts if f.stale)

    report: dict[str, Any] = {
        "as_of": as_of,
        "totals": {
            **totals,
            "by_stage": {s.value: current.get(s.value, 0) for s in STAGES},
            "by_effective_stage": {s.value: effective.get(s.value, 0) for s in STAGES},
        },
        "conversion": conversion(facts),
        "transitions": [{"from": a, "to": b, "count": n} for (a, b), n in sorted(transitions.items())],
        "time_to_first_response": summary(response_days),
        "time_in_stage": {s.value: summary(in_stage[s.value]) for s in STAGES if in_stage.get(s.value)},
        "ghosted": {
            "count": len(ghosted),
            "derived": sum(1 for f in facts if f.derived_ghost),
        },
        "stale": {"count": len(stale)},
        "by_source": grouped(facts, lambda f: f.source),
        "by_resume_version": grouped(facts, lambda f: f.resume_version),
        "by_week": grouped(
            facts, lambda f, weeks={}: week_of(f.applied_at, weeks) if f.applied_at is not None else None
        ),
        "thresholds": {"ghost_after_days": ghost_days, "stale_after_days": stale_days},
        "definitions": DEFINITIONS,
    }
    if include_ids:
        report["ghosted"]["application_ids"] = ghosted
        report["stale"]["application_ids"] = stale
    return report


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
