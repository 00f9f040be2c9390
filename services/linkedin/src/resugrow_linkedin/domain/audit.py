"""The profile audit: weighted checks summing to 100, bands, All-Star checklist, ranked fixes.

Published formula: score = round(sum of points_earned); each check earns
weight x fraction, where fraction in [0, 1] is computed by the rule the check documents.
Checks that need an answer the files do not hold (photo, banner, ...) earn nothing until
answered and say so ("unknown"), so the score never rewards what it cannot see.
"""

from __future__ import annotations

import re
from datetime import date
from typing import cast

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


def run_checks(profile: Profile, as_of: date) -> tuple[list[CheckResult], dict[str, object]]:
    head = headline_analysis(profile)
    about = about_analysis(profile)
    bul = bullet_analysis(profile)
    act = activity_analysis(profile, as_of)
    checks: list[CheckResult] = []

    def add(cid: str, fraction: float, *, current: str | None, rule: str | None, fix: str | None,
            unknown: bool = False, evidence: dict[str, object] | None = None) -> None:  # fmt: skip
        fraction = round(_clip(fraction), 4)
        weight = WEIGHTS[cid]
        passed = fraction >= 0.999 and not unknown
        checks.append(
            CheckResult(
                id=cid, title=TITLES[cid], status=_status(fraction, unknown), points_possible=weight,
                points_earned=round(weight * fraction, 2), fraction=fraction, current=_excerpt(current),
                rule=None if passed else rule, why=WHY[cid], fix=None if passed else fix,
                effort_minutes=EFFORT_MINUTES[cid], evidence=evidence or {},
            )
        )  # fmt: skip

    # 1. Headline
    headline = profile.headline.strip()
    if not headline:
        add(
            "headline",
            0,
            current=None,
            rule="A headline is required.",
            fix="Write a headline: your target title, then 2-3 skills or the result you deliver.",
            evidence=head,
        )
    else:
        length = len(headline)
        f_len = 1.0 if 60 <= length <= HEADLINE_MAX else 0.6 if length >= 30 else 0.3
        f_role = 1.0 if head["role_keyword_visible"] else 0.5 if head["role_keyword_present"] else 0.0
        f_skill = 1.0 if head["skills_present"] else 0.0
        fraction = 0.4 * f_len + 0.3 * f_role + 0.3 * f_skill
        if head["is_default_pattern"]:
            fraction -= 0.2
        fraction -= 0.15 * len(head["cliches"])  # type: ignore[arg-type]
        problems = []
        if f_len < 1:
            problems.append(f"is {length} characters (aim for 60-{HEADLINE_MAX})")
        if f_role < 1:
            problems.append(f"does not show your role in its first {HEADLINE_VISIBLE} characters")
        if not f_skill:
            problems.append("names none of your listed skills")
        if head["is_default_pattern"]:
            problems.append("is LinkedIn's default 'Title at Company'")
        if head["cliches"]:
            problems.append("uses " + ", ".join(f"'{c}'" for c in cast(list[str], head["cliches"])))
        add("headline", fraction, current=headline, rule="The headline " + "; ".join(problems) + "." if problems else None,
            fix=f"Lead with your role, then 2-3 skills you are hired for, and keep the key words in the first {HEADLINE_VISIBLE} characters.",
            evidence=head)  # fmt: skip

    # 2. About
    summary = profile.summary.strip()
    if not summary:
        add(
            "about",
            0,
            current=None,
            rule="The About section is empty.",
            fix="Write 3-5 short paragraphs: what you do, for whom, 2-3 results with numbers, the skills you use, how to reach you.",
            evidence=about,
        )
    else:
        f_len = min(1.0, len(summary) / ABOUT_IDEAL)
        f_skills = min(1.0, len(about["skills_mentioned"]) / 3)  # type: ignore[arg-type]
        fraction = (
            0.35 * f_len
            + 0.3 * (1.0 if about["hook_ok"] else 0.0)
            + 0.2 * f_skills
            + 0.15 * (1.0 if about["call_to_action"] else 0.0)
        )
        problems = []
        if f_len < 1:
            problems.append(f"is {len(summary)} characters (aim for at least {ABOUT_IDEAL})")
        if not about["hook_ok"]:
            problems.append(
                f"opens without a specific hook in the first {ABOUT_VISIBLE} characters (a role, a result or a number, no cliche)"
            )
        if f_skills < 1:
            problems.append("names fewer than 3 of your listed skills")
        if not about["call_to_action"]:
            problems.append("has no call to action (how to reach you)")
        add("about", fraction, current=summary, rule="The About section " + "; ".join(problems) + ".",
            fix="Open with one concrete sentence about what you do and a result; name your main skills; end with how to reach you.",
            evidence={k: v for k, v in about.items() if k != "visible_before_see_more"})  # fmt: skip

    # 3. Outcomes in experience
    n_bullets = bul["bullets"]
    share = float(bul["outcome_share"])  # type: ignore[arg-type]
    add("experience_outcomes", share / OUTCOME_TARGET if n_bullets else 0.0,
        current=next((i["text"] for i in bul["items"] if i["kind"] == "duty"), None) if n_bullets else None,  # type: ignore[index,union-attr,attr-defined]
        rule=(f"{bul['outcomes']} of {n_bullets} experience bullets show a measurable outcome (target: {int(OUTCOME_TARGET * 100)}%)."
              if n_bullets else "Your positions have no descriptions."),
        fix="Rewrite duty bullets ('Responsible for…') as results: verb + what changed + a number (time, money, %, users).",
        evidence={k: v for k, v in bul.items() if k != "items"})  # fmt: skip

    # 4. Current role
    cur = current_positions(profile)
    if not cur:
        add("current_role", 0, current=None, rule="No current position (every position has an end date).",
            fix="Add your current role (or a current entry such as 'Open to work - <target title>' if you are between roles).")  # fmt: skip
    else:
        c = cur[0]
        fraction = (
            0.5
            + (0.2 if c.title and c.company else 0.0)
            + (0.3 if len(c.description) >= 100 else 0.15 if c.description else 0.0)
        )
        add("current_role", fraction, current=f"{c.title} at {c.company}",
            rule="The current position has little or no description." if fraction < 1 else None,
            fix="Describe your current role in 3-5 bullets with results.")  # fmt: skip

    # 5. Experience history
    past = [p for p in profile.positions if p not in cur]
    described = sum(1 for p in profile.positions if len(p.description) >= 60)
    total = len(profile.positions)
    fraction = 0.5 * min(1.0, len(past) / 2) + 0.5 * (described / total if total else 0.0)
    add("experience_history", fraction, current=f"{total} positions, {len(past)} past, {described} described",
        rule="LinkedIn's All-Star level needs two past positions, and each role should have a description.",
        fix="Add past positions with 2-4 bullets each.", evidence={"positions": total, "past": len(past), "described": described})  # fmt: skip

    # 6. Skills count
    n_skills = len(profile.skills)
    pdf_note = (
        " (the PDF shows only your top skills: upload the export ZIP for the full list)"
        if profile.source == "pdf"
        else ""
    )
    add("skills_count", n_skills / SKILLS_IDEAL, current=", ".join(profile.skills[:20]) or None,
        rule=f"{n_skills} skills listed; {SKILLS_IDEAL} earns full points, 5 is LinkedIn's minimum{pdf_note}.",
        fix="Add the skills you use at work (tools, methods, domains), most important first.", evidence={"count": n_skills})  # fmt: skip

    # 7. Skills relevance
    corpus = normalise(
        " ".join(
            [profile.headline, profile.summary, *[p.title + " " + p.description for p in profile.positions]]
        )
    )
    evidenced = [s for s in profile.skills if mentions(corpus, s)]
    considered = profile.skills[:SKILLS_IDEAL]
    ev_considered = [s for s in considered if s in evidenced]
    fraction = (len(ev_considered) / max(1, min(len(considered), 10))) if considered else 0.0
    add("skills_relevance", fraction, current=None,
        rule=f"{len(ev_considered)} of your top {len(considered)} skills appear in your headline, About or experience.",
        fix="Mention your key skills where you used them (a bullet or the About section), or drop skills you no longer use.",
        evidence={"evidenced": ev_considered, "not_evidenced": [s for s in considered if s not in evidenced]})  # fmt: skip

    # 8. Education
    edu = profile.education
    if not edu:
        add(
            "education",
            0,
            current=None,
            rule="No education entry.",
            fix="Add your highest education (school, degree, field, years); courses and bootcamps count.",
        )
    else:
        e = edu[0]
        fraction = 0.6 + (0.2 if (e.degree or e.field) else 0.0) + (0.2 if (e.start or e.end) else 0.0)
        add("education", fraction, current=", ".join(x for x in (e.school, e.degree, e.field) if x),
            rule="The education entry is missing the degree/field or the dates.", fix="Add degree, field of study and years.")  # fmt: skip

    # 9. Recommendations
    visible = [r for r in profile.recommendations if r.visible]
    unknown = profile.source == "pdf" and not profile.recommendations
    n_rec = len(visible)
    fraction = 0.0 if n_rec == 0 else 0.5 if n_rec == 1 else 0.75 if n_rec == 2 else 1.0
    add("recommendations", fraction, current=f"{n_rec} visible recommendations" if not unknown else None, unknown=unknown,
        rule=("The profile PDF does not list recommendations; upload the export ZIP to count them." if unknown
              else f"{n_rec} visible recommendations; 3 or more earns full points."),
        fix="Ask 2-3 people you worked closely with (a manager, a peer, a client) for a recommendation about a specific project.")  # fmt: skip

    # 10. Custom URL
    custom, slug = _custom_url(profile)
    add("custom_url", 1.0 if custom else 0.0, current=profile.public_url, unknown=custom is None,
        rule=("We could not see your public URL; answer 'custom_url' or upload the PDF." if custom is None
              else f"The URL slug '{slug}' looks auto-generated."),
        fix="Set a custom URL in 'Edit public profile & URL' (e.g. linkedin.com/in/firstname-lastname).")  # fmt: skip

    # 11-13. Photo, banner, featured: only the user can tell us.
    for cid, answer, label, fix in (
        ("photo", profile.manual.photo, "profile photo", "Add a recent, well-lit head-and-shoulders photo where your face fills most of the frame."),
        ("banner", profile.manual.banner, "custom banner", "Replace the default banner with an image about your field or your work."),
        ("featured", profile.manual.featured, "Featured section", "Pin 2-3 items to Featured: a project, an article, a talk or a post you are proud of."),
    ):  # fmt: skip
        add(cid, 1.0 if answer else 0.0, current=None if answer is None else ("yes" if answer else "no"), unknown=answer is None,
            rule=(f"Neither file shows whether you have a {label}; answer '{cid}' to score it." if answer is None else f"No {label}."),
            fix=fix)  # fmt: skip

    # 14. Certifications
    n_cert = len(profile.certifications)
    add("certifications", 1.0 if n_cert else 0.0, current=", ".join(c.name for c in profile.certifications[:5]) or None,
        rule="No licenses or certifications listed.", fix="Add certifications you hold (with issuer and date); relevant online courses count.")  # fmt: skip

    # 15. Activity
    if not act["known"]:
        add("activity", 0.0, current=None, unknown=True,
            rule="The profile PDF has no activity; upload the export ZIP (Shares.csv) to score it.",
            fix="Post or comment on something from your field at least twice a month.")  # fmt: skip
    else:
        days = cast(int | None, act.get("days_since_last_activity"))
        recency = 0.0
        if days is not None:
            recency = (
                1.0
                if days <= 14
                else 0.8
                if days <= 30
                else 0.4
                if days <= 90
                else 0.1
                if days <= 365
                else 0.0
            )
        # A comment is worth half a post towards the monthly rhythm.
        ppm = float(cast(float, act["posts_per_month_90d"])) + cast(int, act["comments_90d"]) / 6
        fraction = 0.6 * recency + 0.4 * min(1.0, ppm / 4)
        current = (
            f"last activity {days} days ago; {act['posts_per_month_90d']} posts/month and "
            f"{act['comments_90d']} comments over 90 days"
            if days is not None
            else "no posts or comments"
        )
        add("activity", fraction, current=current,
            rule="Aim for a post or comment within the last 14 days and about 4 posts a month.",
            fix="Share one thing you learned or shipped each week; comment thoughtfully on posts from your field.",
            evidence=act)  # fmt: skip

    # 16. Contact
    contact = [x for x in (profile.email, profile.phone, *profile.websites) if x]
    add("contact", 1.0 if contact else 0.0, current=", ".join(contact[:3]) or None,
        rule="No email, phone or website in your contact info.", fix="Add a professional email or a website to Contact info.")  # fmt: skip

    # 17. Location and industry
    unknown_industry = profile.source == "pdf"
    f_loc = 0.5 if profile.location else 0.0
    f_ind = 0.5 if profile.industry or (unknown_industry and profile.location) else 0.0
    add("location_industry", f_loc + f_ind, current=", ".join(x for x in (profile.location, profile.industry) if x) or None,
        rule="Location and industry are both needed (All-Star; recruiter filters).", fix="Set your location (city or metro area) and industry in the intro card.")  # fmt: skip

    # 18. Buzzwords
    found = cliches(
        " ".join([profile.headline, profile.summary, *[p.description for p in profile.positions]])
    )
    fraction = 1.0 if not found else 0.6 if len(found) == 1 else 0.3 if len(found) == 2 else 0.0
    add("buzzwords", fraction, current=", ".join(found) or None,
        rule=f"Found {len(found)} cliches: " + ", ".join(found) + "." if found else None,
        fix="Replace each cliche with evidence: a result, a number, a named tool or project.", evidence={"found": found})  # fmt: skip

    content: dict[str, object] = {
        "headline": head,
        "about": about,
        "bullets": bul,
        "activity": act,
        "cliches": found,
    }
    return checks, content


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
