"""Headline and About suggestions assembled only from the user's own facts.

Every slot is filled with text taken verbatim from the profile (titles, employers, skills,
school, degree, email, outcome bullets); templates add only connecting words. Nothing is
invented: no employer, number or skill appears that the profile does not already hold.
"""

from __future__ import annotations

from pydantic import BaseModel

from resugrow_linkedin.domain.audit import HEADLINE_MAX, current_positions
from resugrow_linkedin.domain.models import Position, Profile
from resugrow_linkedin.domain.skills import mentions
from resugrow_linkedin.domain.text import bullets, cliches, is_outcome, normalise


class Rewrites(BaseModel):
    headlines: list[str]
    about: str | None
    facts_used: list[str]


def _ranked_skills(profile: Profile, prefer: list[str]) -> list[str]:
    corpus = normalise(
        " ".join(p.title + " " + p.description for p in profile.positions) + " " + profile.summary
    )
    preferred = {normalise(p) for p in prefer}
    scored = []
    for index, skill in enumerate(profile.skills):
        rank = (
            0 if normalise(skill) in preferred else 1,
            0 if mentions(corpus, skill) else 1,
            -profile.endorsements.get(skill, 0),
            index,
        )
        scored.append((rank, skill))
    return [s for _, s in sorted(scored)]


def suggest(profile: Profile, *, prefer_skills: list[str] | None = None) -> Rewrites:
    cur = current_positions(profile)
    role = cur[0] if cur else (profile.positions[0] if profile.positions else None)
    title = role.title if role and role.title else None
    company = role.company if role and role.company and cur else None
    skills = _ranked_skills(profile, prefer_skills or [])[:3]
    facts: list[str] = [f for f in (title, company, *skills) if f]
    headlines = _headlines(profile, title, company, skills, facts)
    paragraphs: list[str] = []
    if title:
        opener = f"I work as {_article(title)} {title}" + (f" at {company}" if company else "")
        opener += f", mostly with {_list(skills)}." if skills else "."
        paragraphs.append(opener)
    for section in (_earlier, _results, _education):
        section(profile, role, paragraphs, facts)
    if profile.email:
        paragraphs.append(f"Get in touch: {profile.email}.")
        facts.append(profile.email)
    elif paragraphs:
        paragraphs.append("Send me a message here if you would like to talk.")
    about = "\n\n".join(paragraphs) if paragraphs else None
    return Rewrites(headlines=headlines, about=about, facts_used=list(dict.fromkeys(facts)))


def _headlines(
    profile: Profile, title: str | None, company: str | None, skills: list[str], facts: list[str]
) -> list[str]:
    headlines: list[str] = []
    if title:
        if skills:
            headlines.append(f"{title} | {' · '.join(skills)}")
        if company and skills:
            headlines.append(f"{title} at {company} | {', '.join(skills)}")
        if profile.industry and skills:
            headlines.append(f"{title} in {profile.industry} | {', '.join(skills[:2])}")
            facts.append(profile.industry)
        if len(skills) >= 2:
            headlines.append(f"{title} working with {skills[0]} and {skills[1]}")
    return [h for h in dict.fromkeys(headlines) if len(h) <= HEADLINE_MAX]


# The About sections after the opener, in order; each appends its paragraph and the facts it used.
def _earlier(profile: Profile, role: Position | None, paragraphs: list[str], facts: list[str]) -> None:
    earlier = [p for p in profile.positions if p is not role and p.title and p.company][:3]
    if earlier:
        paragraphs.append("Before that: " + "; ".join(f"{p.title} at {p.company}" for p in earlier) + ".")
        facts += [x for p in earlier for x in (p.title, p.company)]


def _results(profile: Profile, role: Position | None, paragraphs: list[str], facts: list[str]) -> None:
    results = [
        b for p in profile.positions[:4] for b in bullets(p.description) if is_outcome(b) and not cliches(b)
    ][:3]
    if results:
        paragraphs.append("Some results:\n" + "\n".join(f"• {_sentence(b)}" for b in results))
        facts += results


def _education(profile: Profile, role: Position | None, paragraphs: list[str], facts: list[str]) -> None:
    if profile.education:
        e = profile.education[0]
        parts = [x for x in (e.degree, e.field) if x]
        if parts and e.school:
            paragraphs.append(f"Education: {', '.join(parts)}, {e.school}.")
            facts += [*parts, e.school]


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
