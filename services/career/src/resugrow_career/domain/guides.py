"""Skills guides (from O*NET importance and hot-technology flags) and the glossary."""

from __future__ import annotations

from typing import Any

from resugrow_career.domain.occupations import ONET_ATTRIBUTION, Occupation

# Bullet patterns written for Resugrow: {x} is filled by the user, never by us.
SKILL_PATTERNS = {
    "technology": "Used {tool} to {action}, which {result}.",
    "skill": "Applied {skill} to {situation}; the outcome was {result}.",
    "knowledge": "Brought {knowledge} to {project}, so that {result}.",
}
EXAMPLES = {
    "technology": "Used {tool} to automate the weekly report, which saved the team several hours a week.",
    "skill": "Applied {skill} to a stalled supplier dispute; the outcome was a signed renewal.",
    "knowledge": "Brought {knowledge} to the launch plan, so that the rollout met every compliance check.",
}


def skills_guide(occ: Occupation, *, limit: int = 15) -> dict[str, Any]:
    techs = sorted(occ.technology, key=lambda t: (not t.hot, not t.in_demand, t.example))
    skills = [s for s in occ.skills if s.importance >= 2.5][:limit]
    knowledge = [k for k in occ.knowledge if k.importance >= 2.5][:limit]
    keywords = list(
        dict.fromkeys(
            [
                *(t.example for t in techs[:10]),
                *(s.name for s in skills[:8]),
                *(k.name for k in knowledge[:5]),
            ]
        )
    )
    return {
        "occupation": {"code": occ.code, "title": occ.title},
        "skills": [
            {"name": s.name, "importance": s.importance, "level": s.level, "rank": i + 1}
            for i, s in enumerate(skills)
        ],
        "knowledge": [
            {"name": k.name, "importance": k.importance, "level": k.level, "rank": i + 1}
            for i, k in enumerate(knowledge)
        ],
        "technologies": [
            {"name": t.example, "category": t.category, "hot_technology": t.hot, "in_demand": t.in_demand}
            for t in techs[:limit]
        ],
        "resume_keywords": keywords,
        "bullet_patterns": [
            {
                "for": kind,
                "pattern": SKILL_PATTERNS[kind],
                "example": EXAMPLES[kind].format(
                    tool=techs[0].example if techs else "a spreadsheet",
                    skill=(skills[0].name.lower() if skills else "negotiation"),
                    knowledge=(knowledge[0].name.lower() if knowledge else "domain knowledge"),
                ),
            }
            for kind in ("technology", "skill", "knowledge")
        ],
        "ranking": "skills and knowledge by O*NET importance (1-5); technologies hot first, then in demand, then A-Z",
        "attribution": ONET_ATTRIBUTION,
    }


def search_glossary(terms: list[dict[str, Any]], q: str | None) -> list[dict[str, Any]]:
    if not q or not q.strip():
        return terms
    needle = q.strip().lower()
    ranked = []
    for t in terms:
        if needle in t["term"].lower() or needle == t["slug"]:
            ranked.append((0, t["slug"], t))
        elif needle in t["definition"].lower() or any(needle in k.lower() for k in t["key_takeaways"]):
            ranked.append((1, t["slug"], t))
    return [t for _, _, t in sorted(ranked, key=lambda r: (r[0], r[1]))]
