"""Occupation profiles and title/resume matches as the API shows them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from resugrow_career.domain.catalog import Catalog
from resugrow_career.domain.occupations import JOB_ZONES, ONET_ATTRIBUTION, ONET_RELEASE, Occupation, Rated
from resugrow_career.domain.title_data import TitleMatch
from resugrow_career.domain.wages import OEWS_NOTE, Area


def confidence_label(score: float) -> str:
    return "high" if score >= 0.8 else "medium" if score >= 0.55 else "low"


def brief(occ: Occupation) -> dict[str, Any]:
    return {"code": occ.code, "title": occ.title, "job_zone": occ.job_zone}


def match_view(catalog: Catalog, match: TitleMatch) -> dict[str, Any]:
    items = []
    for hit in match.hits:
        occ = catalog.occupations[hit.code]
        items.append(
            {
                **brief(occ),
                "confidence": hit.score,
                "confidence_label": confidence_label(hit.score),
                "evidence": {"matched_title": hit.title, "title_source": hit.source},
            }
        )
    return {
        "query": match.query,
        "seniority": match.levels,
        "corrections": match.corrections,
        "best": items[0] if items else None,
        "alternatives": items[1:],
    }


def _rated(items: list[Rated]) -> list[dict[str, Any]]:
    return [{"name": r.name, "importance": r.importance, "level": r.level} for r in items]


def profile_view(catalog: Catalog, occ: Occupation, area: Area | None) -> dict[str, Any]:
    edu = occ.typical_education
    wages: dict[str, Any] = {"national": catalog.wage_block(occ, None)}
    if area is not None:
        wages["local"] = catalog.wage_block(occ, area)
    return {
        **brief(occ),
        "soc_code": occ.soc,
        "description": occ.description,
        "job_zone_name": JOB_ZONES.get(occ.job_zone or 0),
        "typical_education": {"label": edu.label, "percent_of_workers": edu.percent} if edu else None,
        "education": [{"label": e.label, "percent_of_workers": e.percent} for e in occ.education],
        "top_skills": _rated(occ.top_skills()),
        "top_knowledge": _rated(occ.top_knowledge()),
        "hot_technologies": occ.hot_technologies(),
        "tasks": list(occ.tasks),
        "wages": wages,
        "wage_note": OEWS_NOTE,
        "sources": {"onet": ONET_RELEASE, "attribution": ONET_ATTRIBUTION},
    }


def skill_hits(occ: Occupation, skills: list[str]) -> list[str]:
    """The user's skills this occupation lists (technology examples, skill or knowledge names)."""
    names = {t.example.lower() for t in occ.technology}
    names |= {r.name.lower() for r in (*occ.skills, *occ.knowledge)}
    return [s for s in skills if s.strip().lower() in names]


def match_resume(catalog: Catalog, titles: list[str], skills: list[str], *, limit: int = 5) -> dict[str, Any]:
    """Rank occupations from a resume: recent titles weigh more (1, 1/2, 1/3...), skills add up to 0.15."""
    scores: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[str]] = defaultdict(list)
    total_w = 0.0
    for i, title in enumerate(t for t in titles[:5] if t and t.strip()):
        w = 1 / (1 + i)
        total_w += w
        for hit in catalog.index.match(title, limit=8).hits:
            scores[hit.code] += w * hit.score
            evidence[hit.code].append(f"title {title!r} ~ {hit.title!r}")
    ranked = []
    for code, s in scores.items():
        occ = catalog.occupations[code]
        hits = skill_hits(occ, skills)
        value = (s / total_w if total_w else 0.0) * 0.85 + 0.15 * min(1.0, len(hits) / 5)
        ranked.append((round(value, 4), code, hits))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    items = [
        {
            **brief(catalog.occupations[code]),
            "confidence": value,
            "confidence_label": confidence_label(value),
            "evidence": {"titles": evidence[code][:3], "skills": hits[:10]},
        }
        for value, code, hits in ranked[:limit]
    ]
    return {"best": items[0] if items else None, "alternatives": items[1:]}
