"""Assemble ranked career-path results (one and two steps out) with gaps, wages and links."""

from __future__ import annotations

import itertools
from typing import Any

from resugrow_career.domain.catalog import Catalog
from resugrow_career.domain.occupations import JOB_ZONES, Occupation
from resugrow_career.domain.paths import (
    FORMULA,
    Start,
    _median,
    candidates,
    combine,
    gaps,
    score_parts,
    weights_for,
)

# SOC prefixes -> the interview service's role question sets (longest prefix wins).
INTERVIEW_ROLES = {
    "15-125": "software",
    "15-1299.08": "software",
    "15-2051": "data",
    "15-2041": "data",
    "15-1243": "data",
    "15-1299.09": "product",
    "11-2021": "marketing",
    "11-2022": "sales",
    "13-1161": "marketing",
    "41-": "sales",
    "13-2": "finance",
    "11-3031": "finance",
    "27-10": "design",
    "15-1255": "design",
}


def interview_role(code: str) -> str | None:
    for prefix in sorted(INTERVIEW_ROLES, key=len, reverse=True):
        if code.startswith(prefix):
            return INTERVIEW_ROLES[prefix]
    return None


def level_for(job_zone: int | None) -> str:
    return "entry" if (job_zone or 0) <= 2 else "senior" if (job_zone or 0) >= 5 else "mid"


def links(occ: Occupation, gap: dict[str, Any]) -> dict[str, Any]:
    role = interview_role(occ.code)
    level = level_for(occ.job_zone)
    question_set = (
        f"/v1/interview/questions?role={role}&level={level}"
        if role
        else "/v1/interview/questions?type=behavioral"
    )
    keywords = [*occ.hot_technologies(8), *[r.name for r in occ.top_skills(5)]]
    return {
        "interview_questions": question_set,
        "interview_role": role,
        "skills_guide": f"/v1/career/guides/skills?occupation={occ.code}",
        "ats_keywords": list(dict.fromkeys(keywords)),
        "ats_match": "/v1/ats/match",
        "gap_keywords": gap["technologies_to_learn"][:5],
    }


def one_result(
    catalog: Catalog,
    start: Start,
    code: str,
    rel: float,
    route: list[str],
    src_median: float | None,
    weights: dict[str, float],
) -> dict[str, Any]:
    target = catalog.occupations[code]
    gap = gaps(start, target)
    median, wage = _median(catalog, target, start.area)
    change = None if (median is None or not src_median) else (median - src_median) / src_median
    parts = score_parts(start, target, rel, gap, change)
    zone_from, zone_to = start.occupation.job_zone, target.job_zone
    kind = "next_role" if ((zone_to or 0) > (zone_from or 0) or (change or 0) >= 0.10) else "lateral"
    edu = target.typical_education
    return {
        "code": code,
        "title": target.title,
        "kind": kind,
        "steps": len(route) - 1,
        "route": [{"code": c, "title": catalog.occupations[c].title} for c in route],
        "score": combine(parts, weights),
        "score_parts": parts,
        "why_related": _why(catalog, route),
        "gaps": gap,
        "wages": {**wage, "median_change_pct": None if change is None else round(100 * change, 1)},
        "job_zone": {
            "from": zone_from,
            "to": zone_to,
            "step": (zone_to or 0) - (zone_from or 0),
            "name": JOB_ZONES.get(zone_to or 0),
        },
        "typical_education": edu.label if edu else None,
        "links": links(target, gap),
    }


def _why(catalog: Catalog, route: list[str]) -> list[str]:
    out = []
    for a, b in itertools.pairwise(route):
        rel = next(r for r in catalog.occupations[a].related if r.code == b)
        out.append(
            f"O*NET lists {catalog.occupations[b].title} as related to {catalog.occupations[a].title} "
            f"({rel.tier}, rank {rel.index})."
        )
    return out


def build_paths(catalog: Catalog, start: Start, goals: list[str], *, limit: int = 10) -> dict[str, Any]:
    weights = weights_for(goals)
    src_median, src_wage = _median(catalog, start.occupation, start.area)
    results = [
        one_result(catalog, start, code, rel, route, src_median, weights)
        for code, (rel, route) in sorted(candidates(catalog, start.occupation).items())
    ]
    if "stay_in_field" not in goals:
        weights.pop("same_field", None)
    results.sort(key=lambda r: (-r["score"], r["code"]))
    return {
        "from": {
            "code": start.occupation.code,
            "title": start.occupation.title,
            "job_zone": start.occupation.job_zone,
            "wages": src_wage,
        },
        "goals": sorted(set(goals)),
        "ranking": {"formula": FORMULA, "weights": weights},
        "next_roles": [r for r in results if r["kind"] == "next_role"][:limit],
        "lateral_moves": [r for r in results if r["kind"] == "lateral"][:limit],
    }
