"""Report building blocks: the facts each application contributes, funnels, ratios, summaries.

Split from analytics.py, which turns stage histories into these facts and assembles the report.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
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


def median(values: list[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    n = len(s)
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2


def summary(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"n": 0, "median_days": None, "mean_days": None, "min_days": None, "max_days": None}
    med = median(values)
    return {
        "n": len(values),
        "median_days": round(med, 4) if med is not None else None,
        "mean_days": round(sum(values) / len(values), 4),
        "min_days": round(min(values), 4),
        "max_days": round(max(values), 4),
    }


def funnel(group: Iterable[Facts]) -> dict[str, Any]:
    apps = applied = responded = screen = interview = offer = accepted = 0
    for f in group:
        apps += 1
        if f.applied_at is None:
            continue
        applied += 1
        responded += f.responded
        screen += f.max_rank >= 2
        interview += f.max_rank >= 3
        offer += f.max_rank >= 4
        accepted += f.max_rank >= 5
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


def grouped(facts: list[Facts], key: Any) -> list[dict[str, Any]]:
    groups: dict[str, list[Facts]] = defaultdict(list)
    for f in facts:
        k = key(f)
        if k is not None:
            groups[k].append(f)
    return [{"key": k, **funnel(groups[k])} for k in sorted(groups)]


def iso_week(when: datetime) -> str:
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"


def week_of(ts: float, cache: dict[int, str]) -> str:
    day = int(ts // 86400)
    week = cache.get(day)
    if week is None:
        week = cache[day] = iso_week(datetime.fromtimestamp(day * 86400, UTC))
    return week


def conversion(facts: list[Facts]) -> list[dict[str, Any]]:
    """Saved -> applied, then each step of the funnel: how many entered and how many went on."""
    reached = Counter[int]()
    for f in facts:
        for r in range(f.max_rank + 1):
            reached[r] += 1
    saved = [f for f in facts if f.was_saved]
    converted = sum(1 for f in saved if f.applied_at is not None)
    steps = [{"from": "saved", "to": "applied", "entered": len(saved), "converted": converted,
              "rate": ratio(converted, len(saved))}]  # fmt: skip
    chain = [Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER, Stage.ACCEPTED]
    for a, b in itertools.pairwise(chain):
        den, num = reached[FUNNEL_RANK[a] or 0], reached[FUNNEL_RANK[b] or 0]
        steps.append(
            {"from": a.value, "to": b.value, "entered": den, "converted": num, "rate": ratio(num, den)}
        )
    return steps
