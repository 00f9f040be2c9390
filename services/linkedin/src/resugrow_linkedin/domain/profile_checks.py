"""The 18 checks of the profile audit, one small function each, run in a fixed order.

Each check reads the profile (and the shared analyses) from `_Audit` and adds one CheckResult:
weight x fraction, with the rule it broke and the fix, or no rule and no fix when it passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from resugrow_linkedin.domain.audit_rules import (
    ABOUT_IDEAL,
    ABOUT_VISIBLE,
    EFFORT_MINUTES,
    HEADLINE_MAX,
    HEADLINE_VISIBLE,
    OUTCOME_TARGET,
    SKILLS_IDEAL,
    TITLES,
    WEIGHTS,
    WHY,
    CheckResult,
    _clip,
    _custom_url,
    _excerpt,
    _status,
    about_analysis,
    activity_analysis,
    bullet_analysis,
    current_positions,
    headline_analysis,
)
from resugrow_linkedin.domain.models import Profile
from resugrow_linkedin.domain.skills import mentions
from resugrow_linkedin.domain.text import cliches, normalise

Evidence = dict[str, object]


@dataclass
class _Audit:
    profile: Profile
    as_of: date
    head: Evidence
    about: Evidence
    bul: Evidence
    act: Evidence
    checks: list[CheckResult] = field(default_factory=list)
    found_cliches: list[str] = field(default_factory=list)

    def add(self, cid: str, fraction: float, *, current: str | None, rule: str | None, fix: str | None,
            unknown: bool = False, evidence: Evidence | None = None) -> None:  # fmt: skip
        fraction = round(_clip(fraction), 4)
        weight = WEIGHTS[cid]
        passed = fraction >= 0.999 and not unknown
        self.checks.append(
            CheckResult(
                id=cid, title=TITLES[cid], status=_status(fraction, unknown), points_possible=weight,
                points_earned=round(weight * fraction, 2), fraction=fraction, current=_excerpt(current),
                rule=None if passed else rule, why=WHY[cid], fix=None if passed else fix,
                effort_minutes=EFFORT_MINUTES[cid], evidence=evidence or {},
            )
        )  # fmt: skip


def _headline_problems(head: Evidence, length: int, f_len: float, f_role: float, f_skill: float) -> list[str]:
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
    return problems


def _headline(a: _Audit) -> None:
    head, headline = a.head, a.profile.headline.strip()
    if not headline:
        a.add("headline", 0, current=None, rule="A headline is required.",
              fix="Write a headline: your target title, then 2-3 skills or the result you deliver.", evidence=head)  # fmt: skip
        return
    length = len(headline)
    f_len = 1.0 if 60 <= length <= HEADLINE_MAX else 0.6 if length >= 30 else 0.3
    f_role = 1.0 if head["role_keyword_visible"] else 0.5 if head["role_keyword_present"] else 0.0
    f_skill = 1.0 if head["skills_present"] else 0.0
    fraction = 0.4 * f_len + 0.3 * f_role + 0.3 * f_skill
    if head["is_default_pattern"]:
        fraction -= 0.2
    fraction -= 0.15 * len(head["cliches"])  # type: ignore[arg-type]
    problems = _headline_problems(head, length, f_len, f_role, f_skill)
    a.add("headline", fraction, current=headline, rule="The headline " + "; ".join(problems) + "." if problems else None,
          fix=f"Lead with your role, then 2-3 skills you are hired for, and keep the key words in the first {HEADLINE_VISIBLE} characters.",
          evidence=head)  # fmt: skip


def _about(a: _Audit) -> None:
    about, summary = a.about, a.profile.summary.strip()
    if not summary:
        a.add("about", 0, current=None, rule="The About section is empty.",
              fix="Write 3-5 short paragraphs: what you do, for whom, 2-3 results with numbers, the skills you use, how to reach you.",
              evidence=about)  # fmt: skip
        return
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
    a.add("about", fraction, current=summary, rule="The About section " + "; ".join(problems) + ".",
          fix="Open with one concrete sentence about what you do and a result; name your main skills; end with how to reach you.",
          evidence={k: v for k, v in about.items() if k != "visible_before_see_more"})  # fmt: skip


def _experience_outcomes(a: _Audit) -> None:
    bul = a.bul
    n_bullets = bul["bullets"]
    share = float(bul["outcome_share"])  # type: ignore[arg-type]
    a.add("experience_outcomes", share / OUTCOME_TARGET if n_bullets else 0.0,
          current=next((i["text"] for i in bul["items"] if i["kind"] == "duty"), None) if n_bullets else None,  # type: ignore[index,union-attr,attr-defined]
          rule=(f"{bul['outcomes']} of {n_bullets} experience bullets show a measurable outcome (target: {int(OUTCOME_TARGET * 100)}%)."
                if n_bullets else "Your positions have no descriptions."),
          fix="Rewrite duty bullets ('Responsible for…') as results: verb + what changed + a number (time, money, %, users).",
          evidence={k: v for k, v in bul.items() if k != "items"})  # fmt: skip


def _current_role(a: _Audit) -> None:
    cur = current_positions(a.profile)
    if not cur:
        a.add("current_role", 0, current=None, rule="No current position (every position has an end date).",
              fix="Add your current role (or a current entry such as 'Open to work - <target title>' if you are between roles).")  # fmt: skip
        return
    c = cur[0]
    fraction = (
        0.5
        + (0.2 if c.title and c.company else 0.0)
        + (0.3 if len(c.description) >= 100 else 0.15 if c.description else 0.0)
    )
    a.add("current_role", fraction, current=f"{c.title} at {c.company}",
          rule="The current position has little or no description." if fraction < 1 else None,
          fix="Describe your current role in 3-5 bullets with results.")  # fmt: skip


def _experience_history(a: _Audit) -> None:
    cur = current_positions(a.profile)
    past = [p for p in a.profile.positions if p not in cur]
    described = sum(1 for p in a.profile.positions if len(p.description) >= 60)
    total = len(a.profile.positions)
    fraction = 0.5 * min(1.0, len(past) / 2) + 0.5 * (described / total if total else 0.0)
    a.add("experience_history", fraction, current=f"{total} positions, {len(past)} past, {described} described",
          rule="LinkedIn's All-Star level needs two past positions, and each role should have a description.",
          fix="Add past positions with 2-4 bullets each.", evidence={"positions": total, "past": len(past), "described": described})  # fmt: skip


def _skills_count(a: _Audit) -> None:
    profile = a.profile
    n_skills = len(profile.skills)
    pdf_note = (
        " (the PDF shows only your top skills: upload the export ZIP for the full list)"
        if profile.source == "pdf"
        else ""
    )
    a.add("skills_count", n_skills / SKILLS_IDEAL, current=", ".join(profile.skills[:20]) or None,
          rule=f"{n_skills} skills listed; {SKILLS_IDEAL} earns full points, 5 is LinkedIn's minimum{pdf_note}.",
          fix="Add the skills you use at work (tools, methods, domains), most important first.", evidence={"count": n_skills})  # fmt: skip


def _skills_relevance(a: _Audit) -> None:
    profile = a.profile
    corpus = normalise(
        " ".join(
            [profile.headline, profile.summary, *[p.title + " " + p.description for p in profile.positions]]
        )
    )
    evidenced = [s for s in profile.skills if mentions(corpus, s)]
    considered = profile.skills[:SKILLS_IDEAL]
    ev_considered = [s for s in considered if s in evidenced]
    fraction = (len(ev_considered) / max(1, min(len(considered), 10))) if considered else 0.0
    a.add("skills_relevance", fraction, current=None,
          rule=f"{len(ev_considered)} of your top {len(considered)} skills appear in your headline, About or experience.",
          fix="Mention your key skills where you used them (a bullet or the About section), or drop skills you no longer use.",
          evidence={"evidenced": ev_considered, "not_evidenced": [s for s in considered if s not in evidenced]})  # fmt: skip


def _education(a: _Audit) -> None:
    edu = a.profile.education
    if not edu:
        a.add("education", 0, current=None, rule="No education entry.",
              fix="Add your highest education (school, degree, field, years); courses and bootcamps count.")  # fmt: skip
        return
    e = edu[0]
    fraction = 0.6 + (0.2 if (e.degree or e.field) else 0.0) + (0.2 if (e.start or e.end) else 0.0)
    a.add("education", fraction, current=", ".join(x for x in (e.school, e.degree, e.field) if x),
          rule="The education entry is missing the degree/field or the dates.", fix="Add degree, field of study and years.")  # fmt: skip


def _recommendations(a: _Audit) -> None:
    profile = a.profile
    visible = [r for r in profile.recommendations if r.visible]
    unknown = profile.source == "pdf" and not profile.recommendations
    n_rec = len(visible)
    fraction = 0.0 if n_rec == 0 else 0.5 if n_rec == 1 else 0.75 if n_rec == 2 else 1.0
    a.add("recommendations", fraction, current=f"{n_rec} visible recommendations" if not unknown else None, unknown=unknown,
          rule=("The profile PDF does not list recommendations; upload the export ZIP to count them." if unknown
                else f"{n_rec} visible recommendations; 3 or more earns full points."),
          fix="Ask 2-3 people you worked closely with (a manager, a peer, a client) for a recommendation about a specific project.")  # fmt: skip


def _custom_url_check(a: _Audit) -> None:
    custom, slug = _custom_url(a.profile)
    a.add("custom_url", 1.0 if custom else 0.0, current=a.profile.public_url, unknown=custom is None,
          rule=("We could not see your public URL; answer 'custom_url' or upload the PDF." if custom is None
                else f"The URL slug '{slug}' looks auto-generated."),
          fix="Set a custom URL in 'Edit public profile & URL' (e.g. linkedin.com/in/firstname-lastname).")  # fmt: skip


def _answered(a: _Audit) -> None:
    """Photo, banner, featured: only the user can tell us."""
    manual = a.profile.manual
    for cid, answer, label, fix in (
        ("photo", manual.photo, "profile photo", "Add a recent, well-lit head-and-shoulders photo where your face fills most of the frame."),
        ("banner", manual.banner, "custom banner", "Replace the default banner with an image about your field or your work."),
        ("featured", manual.featured, "Featured section", "Pin 2-3 items to Featured: a project, an article, a talk or a post you are proud of."),
    ):  # fmt: skip
        a.add(cid, 1.0 if answer else 0.0, current=None if answer is None else ("yes" if answer else "no"), unknown=answer is None,
              rule=(f"Neither file shows whether you have a {label}; answer '{cid}' to score it." if answer is None else f"No {label}."),
              fix=fix)  # fmt: skip


def _certifications(a: _Audit) -> None:
    certs = a.profile.certifications
    a.add("certifications", 1.0 if certs else 0.0, current=", ".join(c.name for c in certs[:5]) or None,
          rule="No licenses or certifications listed.", fix="Add certifications you hold (with issuer and date); relevant online courses count.")  # fmt: skip


def _recency(days: int | None) -> float:
    if days is None:
        return 0.0
    for limit, credit in ((14, 1.0), (30, 0.8), (90, 0.4), (365, 0.1)):
        if days <= limit:
            return credit
    return 0.0


def _activity(a: _Audit) -> None:
    act = a.act
    if not act["known"]:
        a.add("activity", 0.0, current=None, unknown=True,
              rule="The profile PDF has no activity; upload the export ZIP (Shares.csv) to score it.",
              fix="Post or comment on something from your field at least twice a month.")  # fmt: skip
        return
    days = cast(int | None, act.get("days_since_last_activity"))
    # A comment is worth half a post towards the monthly rhythm.
    ppm = float(cast(float, act["posts_per_month_90d"])) + cast(int, act["comments_90d"]) / 6
    fraction = 0.6 * _recency(days) + 0.4 * min(1.0, ppm / 4)
    current = (
        f"last activity {days} days ago; {act['posts_per_month_90d']} posts/month and "
        f"{act['comments_90d']} comments over 90 days"
        if days is not None
        else "no posts or comments"
    )
    a.add("activity", fraction, current=current,
          rule="Aim for a post or comment within the last 14 days and about 4 posts a month.",
          fix="Share one thing you learned or shipped each week; comment thoughtfully on posts from your field.",
          evidence=act)  # fmt: skip


def _contact(a: _Audit) -> None:
    p = a.profile
    contact = [x for x in (p.email, p.phone, *p.websites) if x]
    a.add("contact", 1.0 if contact else 0.0, current=", ".join(contact[:3]) or None,
          rule="No email, phone or website in your contact info.", fix="Add a professional email or a website to Contact info.")  # fmt: skip


def _location_industry(a: _Audit) -> None:
    p = a.profile
    unknown_industry = p.source == "pdf"
    f_loc = 0.5 if p.location else 0.0
    f_ind = 0.5 if p.industry or (unknown_industry and p.location) else 0.0
    a.add("location_industry", f_loc + f_ind, current=", ".join(x for x in (p.location, p.industry) if x) or None,
          rule="Location and industry are both needed (All-Star; recruiter filters).", fix="Set your location (city or metro area) and industry in the intro card.")  # fmt: skip


def _buzzwords(a: _Audit) -> None:
    p = a.profile
    found = cliches(" ".join([p.headline, p.summary, *[x.description for x in p.positions]]))
    a.found_cliches = found
    fraction = 1.0 if not found else 0.6 if len(found) == 1 else 0.3 if len(found) == 2 else 0.0
    a.add("buzzwords", fraction, current=", ".join(found) or None,
          rule=f"Found {len(found)} cliches: " + ", ".join(found) + "." if found else None,
          fix="Replace each cliche with evidence: a result, a number, a named tool or project.", evidence={"found": found})  # fmt: skip


# In the order the checks are shown (and the weights listed).
CHECKS: tuple[Callable[[_Audit], None], ...] = (
    _headline, _about, _experience_outcomes, _current_role, _experience_history, _skills_count,
    _skills_relevance, _education, _recommendations, _custom_url_check, _answered, _certifications,
    _activity, _contact, _location_industry, _buzzwords,
)  # fmt: skip


def run_checks(profile: Profile, as_of: date) -> tuple[list[CheckResult], dict[str, object]]:
    a = _Audit(
        profile,
        as_of,
        head=headline_analysis(profile),
        about=about_analysis(profile),
        bul=bullet_analysis(profile),
        act=activity_analysis(profile, as_of),
    )
    for check in CHECKS:
        check(a)
    content: dict[str, object] = {
        "headline": a.head,
        "about": a.about,
        "bullets": a.bul,
        "activity": a.act,
        "cliches": a.found_cliches,
    }
    return a.checks, content
