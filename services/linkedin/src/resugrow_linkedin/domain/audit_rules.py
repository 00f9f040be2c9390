"""What the profile audit is made of: weights, titles and reasons of the checks, their result
models, and the analyses of the headline, About, bullets and activity the checks read.

Published formula: score = round(sum of points_earned); each check earns
weight x fraction, where fraction in [0, 1] is computed by the rule the check documents.
Checks that need an answer the files do not hold (photo, banner, ...) earn nothing until
answered and say so ("unknown"), so the score never rewards what it cannot see.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, Field

from resugrow_linkedin.domain.dates import to_date
from resugrow_linkedin.domain.models import Position, Profile
from resugrow_linkedin.domain.skills import mentions
from resugrow_linkedin.domain.text import (
    CTA_RE,
    NUMBER_RE,
    bullets,
    cliches,
    contains_term,
    first_sentence,
    is_duty,
    is_outcome,
    normalise,
)

ALGO_VERSION = "linkedin-audit-1.0"
HEADLINE_MAX = 220
HEADLINE_VISIBLE = 60  # characters shown next to the name in search results and comments on phones
ABOUT_MAX = 2600
ABOUT_VISIBLE = 275  # characters shown before "…see more"
ABOUT_IDEAL = 800
SKILLS_IDEAL = 15
OUTCOME_TARGET = 0.5  # half of the bullets showing a result earns full credit
BANDS = (("weak", 0), ("fair", 40), ("good", 60), ("strong", 80))

WEIGHTS: dict[str, int] = {
    "headline": 10, "about": 12, "experience_outcomes": 12, "current_role": 6, "experience_history": 6,
    "skills_count": 6, "skills_relevance": 6, "education": 5, "recommendations": 5, "custom_url": 4,
    "photo": 6, "banner": 3, "featured": 3, "certifications": 3, "activity": 5, "contact": 2,
    "location_industry": 2, "buzzwords": 4,
}  # fmt: skip
assert sum(WEIGHTS.values()) == 100

EFFORT_MINUTES: dict[str, int] = {
    "headline": 10, "about": 30, "experience_outcomes": 45, "current_role": 15, "experience_history": 30,
    "skills_count": 10, "skills_relevance": 15, "education": 5, "recommendations": 60, "custom_url": 2,
    "photo": 10, "banner": 10, "featured": 15, "certifications": 15, "activity": 30, "contact": 3,
    "location_industry": 2, "buzzwords": 10,
}  # fmt: skip

TITLES: dict[str, str] = {
    "headline": "Headline", "about": "About section", "experience_outcomes": "Experience shows outcomes",
    "current_role": "Current role", "experience_history": "Experience history", "skills_count": "Number of skills",
    "skills_relevance": "Skills backed by your experience", "education": "Education", "recommendations": "Recommendations",
    "custom_url": "Custom profile URL", "photo": "Profile photo", "banner": "Background banner",
    "featured": "Featured section", "certifications": "Licenses & certifications", "activity": "Recent activity",
    "contact": "Contact info", "location_industry": "Location and industry", "buzzwords": "Cliches and buzzwords",
}  # fmt: skip

WHY: dict[str, str] = {
    "headline": "The headline is shown wherever your name is: search results, comments, invitations. Recruiters search it for titles and skills.",
    "about": f"The About section is your pitch; only the first ~{ABOUT_VISIBLE} characters show before 'see more', so the opening decides whether anyone reads on.",
    "experience_outcomes": "Results with numbers tell a reader what you changed; lists of duties read like a job ad and are skipped.",
    "current_role": "Profiles without a current position rank lower in recruiter search, which filters on current title and employer.",
    "experience_history": "LinkedIn's All-Star level asks for two past positions; described roles give search more to match.",
    "skills_count": f"Skills feed recruiter search filters; LinkedIn asks for at least 5, and around {SKILLS_IDEAL} covers a role well.",
    "skills_relevance": "Skills that also appear in your experience and About are credible; ones that appear nowhere else look padded.",
    "education": "Education is an All-Star requirement and a common recruiter filter (degree, field, school).",
    "recommendations": "Recommendations are the only part of a profile written by someone else; they build trust quickly.",
    "custom_url": "A custom URL (linkedin.com/in/your-name) looks deliberate on a resume and is easier to share.",
    "photo": "Profiles with a photo get far more views and messages; it is an All-Star requirement.",
    "banner": "The banner is the largest image on your profile; a relevant one signals your field at a glance.",
    "featured": "Featured puts your best work (posts, links, documents) at the top of the profile.",
    "certifications": "Certifications are searchable credentials and back up the skills you list.",
    "activity": "Recent posts and comments keep you visible in your network's feed and show you are active.",
    "contact": "Recruiters who find you need a way to reach you outside InMail.",
    "location_industry": "Recruiter search filters by location and industry; both are All-Star requirements.",
    "buzzwords": "Words like 'passionate' or 'results-driven' are on most profiles and prove nothing; specifics do.",
}


class CheckResult(BaseModel):
    id: str
    title: str
    status: str  # pass | partial | fail | unknown
    points_possible: float
    points_earned: float
    fraction: float
    current: str | None = None
    rule: str | None = None
    why: str
    fix: str | None = None
    effort_minutes: int
    evidence: dict[str, object] = Field(default_factory=dict)


class RankedFix(BaseModel):
    check_id: str
    title: str
    fix: str
    points_gain: float
    effort_minutes: int
    points_per_minute: float


class AllStarItem(BaseModel):
    item: str
    met: bool | None


class AuditResult(BaseModel):
    algo_version: str = ALGO_VERSION
    as_of: date
    score: int
    score_exact: float
    band: str
    bands: dict[str, int]
    formula: str
    weights: dict[str, int]
    # Points held by checks no file could show (photo, banner, ... ): answer them to score them.
    points_unknown: float
    # The score over the checks that could be seen, scaled to 100: what the files alone say.
    score_observed: int
    checks: list[CheckResult]
    fixes: list[RankedFix]
    all_star: dict[str, object]
    content: dict[str, object]


def _clip(value: float) -> float:
    return max(0.0, min(1.0, value))


def _status(fraction: float, unknown: bool = False) -> str:
    if unknown:
        return "unknown"
    if fraction >= 0.999:
        return "pass"
    return "partial" if fraction > 0 else "fail"


def _excerpt(text: str | None, limit: int = 300) -> str | None:
    if not text:
        return None
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def current_positions(profile: Profile) -> list[Position]:
    return [p for p in profile.positions if p.current or (p.start and not p.end)]


def _title_terms(profile: Profile) -> list[str]:
    terms: list[str] = []
    for p in current_positions(profile) or profile.positions[:1]:
        if p.title:
            terms.append(p.title)
    return terms


def _title_words(title: str) -> list[str]:
    # Words of a job title that carry meaning ("Senior Data Analyst" -> data, analyst).
    skip = {
        "senior",
        "junior",
        "lead",
        "staff",
        "principal",
        "head",
        "of",
        "and",
        "the",
        "at",
        "i",
        "ii",
        "iii",
        "sr",
        "jr",
        "&",
        "-",
    }
    return [w for w in re.findall(r"[a-z0-9+#.]+", normalise(title)) if w not in skip and len(w) > 1]


def headline_analysis(profile: Profile) -> dict[str, object]:
    headline = profile.headline.strip()
    norm = normalise(headline)
    visible = headline[:HEADLINE_VISIBLE]
    vnorm = normalise(visible)
    title_words = [w for t in _title_terms(profile) for w in _title_words(t)]
    role_visible = any(contains_term(vnorm, w) for w in title_words) if title_words else False
    role_any = any(contains_term(norm, w) for w in title_words) if title_words else False
    skills_in = [s for s in profile.skills if mentions(norm, s)]
    default = any(
        norm == normalise(f"{p.title} at {p.company}") or norm == normalise(p.title)
        for p in profile.positions
        if p.title
    )
    return {
        "length": len(headline),
        "max_length": HEADLINE_MAX,
        "truncation_point": HEADLINE_VISIBLE,
        "visible_text": visible,
        "truncated": len(headline) > HEADLINE_VISIBLE,
        "role_keyword_visible": role_visible,
        "role_keyword_present": role_any,
        "skills_present": skills_in,
        "is_default_pattern": default,
        "cliches": cliches(headline),
    }


def about_analysis(profile: Profile) -> dict[str, object]:
    about = profile.summary.strip()
    norm = normalise(about)
    hook = about[:ABOUT_VISIBLE]
    opener = first_sentence(about)
    opener_cliches = cliches(opener)
    title_words = [w for t in _title_terms(profile) for w in _title_words(t)]
    specific = bool(NUMBER_RE.search(hook)) or any(contains_term(normalise(hook), w) for w in title_words)
    hook_ok = bool(about) and len(opener) <= 200 and not opener_cliches and specific
    skills_in = [s for s in profile.skills if mentions(norm, s)]
    return {
        "length": len(about),
        "ideal_length": ABOUT_IDEAL,
        "max_length": ABOUT_MAX,
        "visible_before_see_more": hook,
        "opening_sentence": opener,
        "hook_ok": hook_ok,
        "hook_is_specific": specific,
        "opening_cliches": opener_cliches,
        "skills_mentioned": skills_in,
        "call_to_action": bool(CTA_RE.search(about)),
        "cliches": cliches(about),
    }


def bullet_analysis(profile: Profile) -> dict[str, object]:
    items = []
    for p in profile.positions[:5]:
        for b in bullets(p.description):
            kind = "outcome" if is_outcome(b) else "duty" if is_duty(b) else "neutral"
            items.append({"company": p.company, "title": p.title, "text": b, "kind": kind})
    outcomes = sum(1 for i in items if i["kind"] == "outcome")
    duties = sum(1 for i in items if i["kind"] == "duty")
    return {
        "bullets": len(items),
        "outcomes": outcomes,
        "duties": duties,
        "outcome_share": round(outcomes / len(items), 3) if items else 0.0,
        "items": items,
    }


def activity_analysis(profile: Profile, as_of: date) -> dict[str, object]:
    """Posts (Shares.csv) and comments (Comments.csv) up to ``as_of``; unknown when neither file came."""
    if profile.shares is None and profile.comment_dates is None:
        return {"known": False}
    posts = sorted(d for s in profile.shares or [] if (d := to_date(s.date)) is not None and d <= as_of)
    comments = sorted(d for c in profile.comment_dates or [] if (d := to_date(c)) is not None and d <= as_of)
    last_post = posts[-1] if posts else None
    last_comment = comments[-1] if comments else None
    last_any = max((d for d in (last_post, last_comment) if d is not None), default=None)
    return {
        "known": True,
        "posts": len(posts),
        "last_post": last_post.isoformat() if last_post else None,
        "days_since_last_post": (as_of - last_post).days if last_post else None,
        "posts_per_month_90d": round(sum(1 for d in posts if (as_of - d).days <= 90) / 3, 2),
        "comments_90d": sum(1 for d in comments if (as_of - d).days <= 90),
        "days_since_last_activity": (as_of - last_any).days if last_any else None,
    }


def _custom_url(profile: Profile) -> tuple[bool | None, str | None]:
    if profile.public_url:
        slug = profile.public_url.rstrip("/").rsplit("/", 1)[-1]
        # LinkedIn's generated slugs end in a run of digits/hex after the name ("jane-doe-4a7b91b2").
        generated = re.search(r"-[0-9a-f]{6,}$|-\d{3,}$|\d{5,}$", slug, re.I) is not None
        return (not generated), slug
    return profile.manual.custom_url, None
