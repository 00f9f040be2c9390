"""The analytics report as running totals, so a report is arithmetic, not a pass over 5,000
applications.

Every application contributes its facts (funnel counts, the week and source it counts under,
its completed stays, transitions and response time) and its current stage with the time of its
last move. The totals keep exactly what the report needs: counters per group, sorted lists for
medians, and per current stage the applications sorted by last move, so "ghosted or stale as of
as_of" is a binary search instead of a loop. Replacing one application's contribution (remove
the old, add the new) keeps the totals equal to those built from scratch; the report is built
from the totals the same way in both cases.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from typing import Any

from resugrow_tracker.domain.funnel import DAY, Facts, conversion, funnel_counts, funnel_of, summary, week_of
from resugrow_tracker.domain.stages import ACTIVE, CLOSED, STAGES, Stage

# One application's contribution: (facts or None, completed stays per stage, transitions).
Contribution = tuple[Facts | None, Mapping[str, list[float]], Mapping[tuple[str, str], int]]
_DIMENSIONS = ("source", "resume_version", "week")
_ACTIVE = frozenset(s.value for s in ACTIVE)
_CLOSED = frozenset(s.value for s in CLOSED)
_GHOSTED = Stage.GHOSTED.value


def _bump(counts: dict[Any, int], key: Any, sign: int) -> None:
    n = counts.get(key, 0) + sign
    if n:
        counts[key] = n
    else:
        del counts[key]


def _remove(values: list[Any], value: Any) -> None:
    del values[bisect_left(values, value)]


def _prefix(entries: list[tuple[float, str]], as_of: float, days: int) -> int:
    """How many entries (sorted by last move) were idle for at least `days` as of `as_of`; the
    same float expression as a per-application check, so both agree at the boundary."""
    return bisect_left(entries, True, key=lambda e: (as_of - e[0]) / DAY < days)


class AnalyticsSummary:
    """Running totals of a user's analytics. Build with `of`, change with `updated` (a copy)."""

    __slots__ = (
        "_weeks",
        "by_current",
        "groups",
        "in_stage",
        "last_moves",
        "reached",
        "response_days",
        "saved",
        "total",
        "transitions",
    )  # fmt: skip

    def __init__(self) -> None:
        self.total = [0] * 7
        self.groups: dict[str, dict[str, list[int]]] = {d: {} for d in _DIMENSIONS}
        self.reached = [0] * 6
        self.saved = [0, 0]  # ever saved, of them sent
        self.transitions: dict[tuple[str, str], int] = {}
        self.in_stage: dict[str, list[float]] = {}
        self.response_days: list[float] = []
        # Per current stage: (time of the last move, id), sorted.
        self.by_current: dict[str, list[tuple[float, str]]] = {}
        # Times of each application's last move, sorted: the totals answer for as_of at or
        # after the latest one (earlier as_of cut histories short).
        self.last_moves: list[float] = []
        self._weeks: dict[int, str] = {}

    @staticmethod
    def of(contributions: Iterable[tuple[float | None, Contribution]]) -> AnalyticsSummary:
        """From (last move time or None, contribution) of every application."""
        s = AnalyticsSummary()
        for last, contribution in contributions:
            s._add(last, contribution, 1, sort=False)
        for floats in (*s.in_stage.values(), s.response_days, s.last_moves):
            floats.sort()
        for entries in s.by_current.values():
            entries.sort()
        return s

    def updated(
        self,
        changes: Iterable[
            tuple[tuple[float | None, Contribution] | None, tuple[float | None, Contribution] | None]
        ],
    ) -> AnalyticsSummary:
        """A copy with each (old, new) contribution swapped; None for an added or removed one."""
        s = self._copy()
        for old, new in changes:
            if old is not None:
                s._add(*old, -1, sort=True)
            if new is not None:
                s._add(*new, 1, sort=True)
        return s

    def answers(self, as_of: float) -> bool:
        return not self.last_moves or as_of >= self.last_moves[-1]

    def _copy(self) -> AnalyticsSummary:
        s = AnalyticsSummary()
        s.total = list(self.total)
        s.groups = {d: {k: list(v) for k, v in g.items()} for d, g in self.groups.items()}
        s.reached, s.saved = list(self.reached), list(self.saved)
        s.transitions = dict(self.transitions)
        s.in_stage = {k: list(v) for k, v in self.in_stage.items()}
        s.response_days = list(self.response_days)
        s.by_current = {k: list(v) for k, v in self.by_current.items()}
        s.last_moves = list(self.last_moves)
        s._weeks = self._weeks
        return s

    def _add(self, last: float | None, contribution: Contribution, sign: int, *, sort: bool) -> None:
        f, stays, moved = contribution
        if last is not None:
            self._put(self.last_moves, last, sign, sort)
        for pair, n in moved.items():
            _bump(self.transitions, pair, sign * n)
        for stage, days in stays.items():
            values = self.in_stage.setdefault(stage, [])
            for d in days:
                self._put(values, d, sign, sort)
            if not values:
                del self.in_stage[stage]
        if f is not None:
            self._add_facts(f, sign, sort)

    def _add_facts(self, f: Facts, sign: int, sort: bool) -> None:
        counts = funnel_counts(f)
        week = week_of(f.applied_at, self._weeks) if f.applied_at is not None else None
        for dim, key in (("source", f.source), ("resume_version", f.resume_version), ("week", week)):
            if key is not None:
                group = self.groups[dim].setdefault(key, [0] * 7)
                for i, n in enumerate(counts):
                    group[i] += sign * n
                if not group[0]:
                    del self.groups[dim][key]
        for i, n in enumerate(counts):
            self.total[i] += sign * n
        for r in range(f.max_rank + 1):
            self.reached[r] += sign
        if f.was_saved:
            self.saved[0] += sign
            self.saved[1] += sign * (f.applied_at is not None)
        if f.first_response_at is not None and f.applied_at is not None:
            self._put(self.response_days, (f.first_response_at - f.applied_at) / DAY, sign, sort)
        entries = self.by_current.setdefault(f.current, [])
        self._put(entries, (f.last_at, f.id), sign, sort)
        if not entries:
            del self.by_current[f.current]

    @staticmethod
    def _put(values: list[Any], value: Any, sign: int, sort: bool) -> None:
        if sign < 0:
            _remove(values, value)
        elif sort:
            insort(values, value)
        else:
            values.append(value)

    def state(self) -> tuple[Any, ...]:
        """Everything the totals hold, to compare two of them."""
        return (self.total, self.groups, self.reached, self.saved, self.transitions, self.in_stage,
                self.response_days, self.by_current, self.last_moves)  # fmt: skip

    def status(
        self, as_of: float, ghost_days: Mapping[str, int], stale_days: Mapping[str, int]
    ) -> tuple[dict[str, int], list[str], int, list[str]]:
        """(count per effective stage, ghosted ids, how many were ghosted by idle time, stale ids)
        as of `as_of`: an application in an active stage idle for the stage's ghost threshold is
        presumed ghosted; one not closed idle for its stale threshold (and not ghosted) is stale."""
        effective: dict[str, int] = {}
        ghosted: list[str] = [e[1] for e in self.by_current.get(_GHOSTED, ())]
        stale: list[str] = []
        derived = 0
        for stage, entries in self.by_current.items():
            ghost_limit, stale_limit = ghost_days.get(stage), stale_days.get(stage)
            k_ghost = (
                _prefix(entries, as_of, ghost_limit) if stage in _ACTIVE and ghost_limit is not None else 0
            )
            k_stale = (
                _prefix(entries, as_of, stale_limit)
                if stage not in _CLOSED and stale_limit is not None
                else 0
            )
            effective[stage] = effective.get(stage, 0) + len(entries) - k_ghost
            effective[_GHOSTED] = effective.get(_GHOSTED, 0) + k_ghost
            derived += k_ghost
            ghosted.extend(e[1] for e in entries[:k_ghost])
            stale.extend(e[1] for e in entries[k_ghost:k_stale])
        return effective, sorted(ghosted), derived, sorted(stale)

    def report(
        self, as_of: float, ghost_days: Mapping[str, int], stale_days: Mapping[str, int], include_ids: bool
    ) -> dict[str, Any]:
        """The report's numbers (compute() adds as_of, thresholds and definitions)."""
        effective, ghosted, derived, stale = self.status(as_of, ghost_days, stale_days)
        out: dict[str, Any] = {
            "totals": {
                **funnel_of(self.total),
                "by_stage": {s.value: len(self.by_current.get(s.value, ())) for s in STAGES},
                "by_effective_stage": {s.value: effective.get(s.value, 0) for s in STAGES},
            },
            "conversion": conversion(self.reached, self.saved[0], self.saved[1]),
            "transitions": [
                {"from": a, "to": b, "count": n} for (a, b), n in sorted(self.transitions.items())
            ],
            "time_to_first_response": summary(self.response_days),
            "time_in_stage": {
                s.value: summary(self.in_stage[s.value]) for s in STAGES if self.in_stage.get(s.value)
            },
            "ghosted": {"count": len(ghosted), "derived": derived},
            "stale": {"count": len(stale)},
        }
        for dim, name in (
            ("source", "by_source"),
            ("resume_version", "by_resume_version"),
            ("week", "by_week"),
        ):
            groups = self.groups[dim]
            out[name] = [{"key": k, **funnel_of(groups[k])} for k in sorted(groups)]
        if include_ids:
            out["ghosted"]["application_ids"] = ghosted
            out["stale"]["application_ids"] = stale
        return out
