"""Career paths: next roles and lateral moves one and two steps out, ranked by a stated formula."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from resugrow_career.domain.catalog import IMPORTANT, Catalog
from resugrow_career.domain.occupations import Occupation
from resugrow_career.domain.wages import Area, lookup

TIER_WEIGHT = {"Primary-Short": 1.0, "Primary-Long": 0.8, "Supplemental": 0.6}
TWO_STEP_DECAY = 0.8
BASE_WEIGHTS = {"relatedness": 0.35, "skill_coverage": 0.25, "wage_gain": 0.25, "low_retraining": 0.15}
GOAL_BOOSTS = {
    "higher_pay": {"wage_gain": 0.2},
    "less_retraining": {"skill_coverage": 0.1, "low_retraining": 0.1},
    "stay_in_field": {"same_field": 0.15},
}
FORMULA = (
    "score = sum(weight[f] * f) / sum(weight); relatedness = tier weight (Primary-Short 1.0, "
    "Primary-Long 0.8, Supplemental 0.6) x (1 - 0.02 x (O*NET index - 1)), x 0.8 per extra step; "
    "skill_coverage = 1 - sum(level gaps) / sum(target levels) over skills and knowledge with "
    "importance >= 3; wage_gain = (clip(median change, -50%, +100%) + 0.5) / 1.5; low_retraining = "
    "1 - (0.5 x job-zone step / 4 + 0.5 x (1 - skill_coverage)); same_field = 1 when the SOC major "
    "group is the same. Ties break on the occupation code."
)


@dataclass(frozen=True)
class Start:
    occupation: Occupation
    skills: tuple[str, ...]
    area: Area | None


def weights_for(goals: list[str]) -> dict[str, float]:
    w = dict(BASE_WEIGHTS)
    for goal in sorted(set(goals)):
        for k, v in GOAL_BOOSTS.get(goal, {}).items():
            w[k] = w.get(k, 0.0) + v
    return w


def relatedness(tier: str, index: int) -> float:
    return TIER_WEIGHT.get(tier, 0.5) * max(0.0, 1 - 0.02 * (index - 1))


def candidates(catalog: Catalog, src: Occupation) -> dict[str, tuple[float, list[str]]]:
    """code -> (relatedness, route of codes), best route kept; the start itself excluded."""
    found: dict[str, tuple[float, list[str]]] = {}
    for rel in src.related:
        if rel.code in catalog.occupations and rel.code != src.code:
            found[rel.code] = (relatedness(rel.tier, rel.index), [src.code, rel.code])
    for code, (r1, _) in sorted(found.copy().items()):
        for rel in catalog.occupations[code].related:
            if rel.code == src.code or (rel.code in found and len(found[rel.code][1]) == 2):
                continue
            if rel.code not in catalog.occupations:
                continue
            r = round(r1 * relatedness(rel.tier, rel.index) * TWO_STEP_DECAY, 6)
            if rel.code not in found or r > found[rel.code][0]:
                found[rel.code] = (r, [src.code, code, rel.code])
    return found


def user_levels(src: Occupation, skills: tuple[str, ...]) -> dict[str, float]:
    """The user's level per O*NET element: their current occupation's, or 7 when they name it."""
    levels = {r.name: r.level for r in (*src.skills, *src.knowledge)}
    mentioned = {s.lower() for s in skills}
    return {name: (7.0 if name.lower() in mentioned else lv) for name, lv in levels.items()}


def coverage(have_lv: dict[str, float], target: Occupation) -> float:
    need = gap = 0.0
    for r in (*target.skills, *target.knowledge):
        if r.importance >= IMPORTANT:
            need += r.level
            gap += max(0.0, r.level - have_lv.get(r.name, 0.0))
    return 1.0 if need == 0 else max(0.0, 1 - gap / need)


def median_of(catalog: Catalog, occ: Occupation, area: Area | None) -> float | None:
    found = lookup(catalog.wages, occ.soc, area)
    return None if found.row is None else found.row.cell("A_MEDIAN").value


def gaps(start: Start, target: Occupation, have_lv: dict[str, float]) -> dict[str, Any]:
    have: list[dict[str, Any]] = []
    lack: list[dict[str, Any]] = []
    need_total = gap_total = 0.0
    for r in (*target.skills, *target.knowledge):
        if r.importance < IMPORTANT:
            continue
        current = have_lv.get(r.name, 0.0)
        gap = max(0.0, r.level - current)
        need_total += r.level
        gap_total += gap
        item = {"name": r.name, "importance": r.importance, "target_level": r.level, "your_level": current}
        (lack if gap > 0.5 else have).append({**item, "gap": round(gap, 2)})
    lack.sort(key=lambda e: (-e["gap"] * e["importance"], e["name"]))
    mine = {s.lower() for s in start.skills}
    hot = target.hot_technologies(12)
    coverage = 1.0 if need_total == 0 else max(0.0, 1 - gap_total / need_total)
    return {
        "skill_coverage": round(coverage, 4),
        "have": [e["name"] for e in have][:10],
        "lack": lack[:8],
        "technologies_have": [t for t in hot if t.lower() in mine],
        "technologies_to_learn": [t for t in hot if t.lower() not in mine][:8],
    }


def _median(catalog: Catalog, occ: Occupation, area: Area | None) -> tuple[float | None, dict[str, Any]]:
    found = lookup(catalog.wages, occ.soc, area)
    if found.row is None:
        return None, {"available": False, "notes": found.fallbacks}
    pcts = found.row.percentiles("A")
    block = {
        "available": True,
        "area": found.row.area.title,
        "annual": {k: c.as_dict() for k, c in pcts.items()},
        "notes": found.fallbacks,
    }
    return pcts["median"].value, block


def score_parts(
    start: Start, target: Occupation, rel: float, coverage: float, change: float | None
) -> dict[str, float]:
    zone_step = max(0, (target.job_zone or 0) - (start.occupation.job_zone or 0))
    wage = 0.5 if change is None else (min(1.0, max(-0.5, change)) + 0.5) / 1.5
    return {
        "relatedness": round(rel, 4),
        "skill_coverage": round(coverage, 4),
        "wage_gain": round(wage, 4),
        "low_retraining": round(1 - (0.5 * zone_step / 4 + 0.5 * (1 - coverage)), 4),
        "same_field": 1.0 if target.soc[:2] == start.occupation.soc[:2] else 0.0,
    }


def combine(parts: dict[str, float], weights: dict[str, float]) -> float:
    total = sum(weights.values())
    return round(sum(weights[k] * parts.get(k, 0.0) for k in weights) / total, 4)
