"""The career section of the user's dashboard."""

from __future__ import annotations

from typing import Any

from resugrow_career.domain.catalog import Catalog
from resugrow_career.domain.path_results import build_paths
from resugrow_career.domain.paths import Start
from resugrow_career.use_cases.ports import ReadRepos


async def career_summary(repos: ReadRepos, *, catalog: Catalog, user_id: str) -> dict[str, Any]:
    profile = await repos.profiles.get(user_id)
    suggested = None
    occupation = None
    if profile and profile.get("occupation") in catalog.occupations:
        occ = catalog.occupations[profile["occupation"]]
        occupation = {"code": occ.code, "title": occ.title}
        paths = build_paths(catalog, Start(occ, tuple(profile.get("skills", [])), None), [], limit=1)
        top = (paths["next_roles"] or paths["lateral_moves"] or [None])[0]
        if top:
            suggested = {
                "code": top["code"],
                "title": top["title"],
                "score": top["score"],
                "kind": top["kind"],
                "median_change_pct": top["wages"].get("median_change_pct"),
            }
    latest = await repos.evaluations.latest(user_id)
    offer = None
    if latest:
        result = latest["result"]
        best = next(x for x in result["offers"] if x["label"] == result["best"])
        market = best.get("market") or {}
        offer = {
            "evaluation_id": latest["_id"],
            "label": best["label"],
            "total_4y": best["total_4y"],
            "annual_base": best["annual_base"],
            "market_position": (market.get("base_position") or None),
            "area": (market.get("area") or {}).get("title"),
            "evaluated_at": latest["created_at"],
        }
    return {"occupation": occupation, "suggested_next_role": suggested, "latest_offer": offer}
