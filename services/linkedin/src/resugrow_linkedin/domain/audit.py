"""The profile audit: weighted checks summing to 100, bands, All-Star checklist, ranked fixes.

Published formula: score = round(sum of points_earned); each check earns
weight x fraction, where fraction in [0, 1] is computed by the rule the check documents.
Checks that need an answer the files do not hold (photo, banner, ...) earn nothing until
answered and say so ("unknown"), so the score never rewards what it cannot see.
The checks themselves are in profile_checks.py (one small function each); their weights,
titles and the analyses they read are in audit_rules.py.
"""

from __future__ import annotations

from datetime import date

from resugrow_linkedin.domain.audit_rules import (
    ABOUT_IDEAL,
    ABOUT_MAX,
    ABOUT_VISIBLE,
    ALGO_VERSION,
    BANDS,
    EFFORT_MINUTES,
    HEADLINE_MAX,
    HEADLINE_VISIBLE,
    OUTCOME_TARGET,
    SKILLS_IDEAL,
    TITLES,
    WEIGHTS,
    WHY,
    AllStarItem,
    AuditResult,
    CheckResult,
    RankedFix,
    about_analysis,
    activity_analysis,
    bullet_analysis,
    current_positions,
    headline_analysis,
)
from resugrow_linkedin.domain.models import Profile
from resugrow_linkedin.domain.profile_checks import run_checks

__all__ = [
    "ABOUT_IDEAL", "ABOUT_MAX", "ABOUT_VISIBLE", "ALGO_VERSION", "BANDS", "EFFORT_MINUTES", "HEADLINE_MAX",
    "HEADLINE_VISIBLE", "OUTCOME_TARGET", "SKILLS_IDEAL", "TITLES", "WEIGHTS", "WHY", "AllStarItem",
    "AuditResult", "CheckResult", "RankedFix", "about_analysis", "activity_analysis", "all_star", "audit",
    "band_for", "bullet_analysis", "current_positions", "headline_analysis", "rank_fixes", "run_checks",
]  # fmt: skip


def band_for(score: float) -> str:
    band = BANDS[0][0]
    for name, floor in BANDS:
        if score >= floor:
            band = name
    return band


def rank_fixes(checks: list[CheckResult]) -> list[RankedFix]:
    fixes = []
    for c in checks:
        gain = round(c.points_possible - c.points_earned, 2)
        if gain <= 0 or not c.fix:
            continue
        fixes.append(
            RankedFix(
                check_id=c.id, title=c.title, fix=c.fix, points_gain=gain, effort_minutes=c.effort_minutes,
                points_per_minute=round(gain / c.effort_minutes, 4),
            )
        )  # fmt: skip
    return sorted(fixes, key=lambda f: (-f.points_per_minute, -f.points_gain, f.check_id))


def all_star(profile: Profile) -> dict[str, object]:
    cur = current_positions(profile)
    items = [
        AllStarItem(item="Profile photo", met=profile.manual.photo),
        AllStarItem(
            item="Industry and location",
            met=bool(profile.location)
            and (bool(profile.industry) or None if profile.source == "pdf" else bool(profile.industry)),
        ),  # type: ignore[arg-type]
        AllStarItem(item="Current position with a description", met=bool(cur) and bool(cur[0].description)),
        AllStarItem(item="Two past positions", met=len([p for p in profile.positions if p not in cur]) >= 2),
        AllStarItem(item="Education", met=bool(profile.education)),
        AllStarItem(item="At least 5 skills", met=len(profile.skills) >= 5),
        AllStarItem(item="Summary (About)", met=bool(profile.summary.strip())),
        AllStarItem(item="At least 50 connections", met=profile.manual.connections_50_plus),
    ]
    met = all(i.met is True for i in items)
    return {"all_star": met, "met": sum(1 for i in items if i.met), "items": [i.model_dump() for i in items]}


def audit(profile: Profile, *, as_of: date) -> AuditResult:
    checks, content = run_checks(profile, as_of)
    exact = round(sum(c.points_earned for c in checks), 2)
    score = int(exact + 0.5)
    unknown = round(sum(c.points_possible for c in checks if c.status == "unknown"), 2)
    observed_possible = 100 - unknown
    observed = int(100 * exact / observed_possible + 0.5) if observed_possible > 0 else 0
    return AuditResult(
        as_of=as_of,
        score=score,
        points_unknown=unknown,
        score_observed=observed,
        score_exact=exact,
        band=band_for(score),
        bands=dict(BANDS),
        formula="score = round(sum over checks of weight x fraction); fraction in [0,1] per check rule; weights sum to 100",
        weights=dict(WEIGHTS),
        checks=checks,
        fixes=rank_fixes(checks),
        all_star=all_star(profile),
        content=content,
    )
