"""Report building blocks: the facts each application contributes, funnels, ratios, summaries.

Split from analytics.py, which turns stage histories into these facts and assembles the report.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from resugrow_tracker.domain.stages import FUNNEL_RANK, Stage

DAY = 86400.0


@dataclass(slots=True)
class Facts:
    id: str
    source: str
    resume_version: str
    max_rank: int
    was_saved: bool
    applied_at: float | None
    responded: bool
    first_response_at: float | None
    current: str
    last_at: float
    # Status as of the report's as_of: set by _classify on every compute.
    effective: str = ""
    derived_ghost: bool = False
    stale: bool = False
    idle_days: float = 0.0


def ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def summary(values: list[float]) -> dict[str, Any]:
    """n, median, mean, min and max of `values` sorted ascending. The mean is an exact sum
    (math.fsum), so it does not depend on the order the values were added in: the running
    totals of the read model and a full recomputation give the same digits."""
    if not values:
        return {"n": 0, "median_days": None, "mean_days": None, "min_days": None, "max_days": None}
    n = len(values)
    mid = n // 2
    med = values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2
    return {
        "n": n,
        "median_days": round(med, 4),
        "mean_days": round(math.fsum(values) / n, 4),
        "min_days": round(values[0], 4),
        "max_days": round(values[-1], 4),
    }


# A funnel as counts: applications, applied, responded, reached screening, interviewing,
# offer, accepted.
FunnelCounts = tuple[int, int, int, int, int, int, int]
_NOT_SENT: FunnelCounts = (1, 0, 0, 0, 0, 0, 0)


def funnel_counts(f: Facts) -> FunnelCounts:
    """What one application adds to a funnel."""
    if f.applied_at is None:
        return _NOT_SENT
    r = f.max_rank
    return (1, 1, int(f.responded), int(r >= 2), int(r >= 3), int(r >= 4), int(r >= 5))


def funnel_of(counts: list[int] | FunnelCounts) -> dict[str, Any]:
    apps, applied, responded, screen, interview, offer, accepted = counts
    return {
        "applications": apps,
        "applied": applied,
        "responded": responded,
        "reached_screening": screen,
        "reached_interviewing": interview,
        "reached_offer": offer,
        "reached_accepted": accepted,
        "response_rate": ratio(responded, applied),
        "screen_rate": ratio(screen, applied),
        "interview_rate": ratio(interview, applied),
        "offer_rate": ratio(offer, applied),
        "accept_rate": ratio(accepted, applied),
    }


def funnel(group: Iterable[Facts]) -> dict[str, Any]:
    totals = [0] * 7
    for f in group:
        for i, n in enumerate(funnel_counts(f)):
            totals[i] += n
    return funnel_of(totals)


def iso_week(when: datetime) -> str:
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"


def week_of(ts: float, cache: dict[int, str]) -> str:
    day = int(ts // 86400)
    week = cache.get(day)
    if week is None:
        week = cache[day] = iso_week(datetime.fromtimestamp(day * 86400, UTC))
    return week


def conversion(reached: list[int], saved: int, converted: int) -> list[dict[str, Any]]:
    """Saved -> applied, then each step of the funnel: how many entered and how many went on.
    `reached[r]` counts applications whose highest funnel rank is r or more; `saved` those ever
    saved, `converted` those of them that were sent."""
    steps = [{"from": "saved", "to": "applied", "entered": saved, "converted": converted,
              "rate": ratio(converted, saved)}]  # fmt: skip
    chain = [Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER, Stage.ACCEPTED]
    for a, b in itertools.pairwise(chain):
        den, num = reached[FUNNEL_RANK[a] or 0], reached[FUNNEL_RANK[b] or 0]
        steps.append(
            {"from": a.value, "to": b.value, "entered": den, "converted": num, "rate": ratio(num, den)}
        )
    return steps
