"""Job targeting: which of a job description's keywords and title words the profile covers,
and, for each missing keyword, the profile section where it belongs."""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, Field

from resugrow_linkedin.domain.audit import current_positions
from resugrow_linkedin.domain.models import Profile
from resugrow_linkedin.domain.skills import find_skills, mentions
from resugrow_linkedin.domain.text import STOPWORDS, contains_term, normalise, words

_TITLE_LINE = re.compile(r"^\s*(?:job\s+title|title|position|role)\s*[:\-–]\s*(.+)$", re.I | re.M)
_TITLE_WORDS = re.compile(
    r"\b(engineer|developer|analyst|scientist|manager|designer|director|lead|architect|consultant|specialist|"
    r"administrator|coordinator|associate|officer|recruiter|marketer|writer|accountant|product owner)\b",
    re.I,
)


class KeywordCoverage(BaseModel):
    term: str
    kind: str  # skill | title | term
    weight: int
    found_in: list[str] = Field(default_factory=list)
    belongs_in: list[str] = Field(default_factory=list)
    advice: str | None = None


class TargetingResult(BaseModel):
    job_title: str | None
    title_coverage: float
    title_words_missing: list[str]
    keyword_coverage: float
    match_score: int
    keywords: list[KeywordCoverage]
    missing: list[KeywordCoverage]


def job_title(description: str) -> str | None:
    match = _TITLE_LINE.search(description)
    if match:
        return match.group(1).strip()[:100]
    for line in description.splitlines():
        line = line.strip(" #*\t")
        if not line:
            continue
        if len(line.split()) <= 8 and _TITLE_WORDS.search(line):
            return line[:100]
        break
    match = re.search(
        r"(?:hiring|seeking|looking for)\s+(?:an?\s+)?((?:[A-Z][\w+#/-]*\s+){0,4}?"
        + _TITLE_WORDS.pattern[2:-2]
        + r")",
        description,
        re.I,
    )
    return match.group(1).strip() if match else None


def keywords(description: str, limit: int = 25) -> list[tuple[str, str, int]]:
    """(term, kind, weight) from a job description: lexicon skills first, then repeated terms."""
    norm = normalise(description)
    found: list[tuple[str, str, int]] = []
    for skill in find_skills(description):
        count = max(1, sum(1 for _ in re.finditer(re.escape(normalise(skill)), norm)))
        found.append((skill, "skill", min(count, 3) + 1))
    taken = {normalise(s) for s, _, _ in found}
    counts = Counter(w for w in words(description) if w not in STOPWORDS and len(w) >= 4 and not w.isdigit())
    for term, count in counts.most_common():
        if count < 2 or len(found) >= limit:
            break
        if term in taken or any(contains_term(normalise(t), term) for t in taken):
            continue
        found.append((term, "term", min(count, 3)))
        taken.add(term)
    return found


def _sections(profile: Profile) -> dict[str, str]:
    cur = current_positions(profile)
    return {
        "headline": normalise(profile.headline),
        "about": normalise(profile.summary),
        "experience": normalise(" ".join(f"{p.title} {p.description}" for p in profile.positions)),
        "skills": normalise(" | ".join(profile.skills)),
        "current_title": normalise(" ".join(p.title for p in cur)),
    }


def target(profile: Profile, description: str) -> TargetingResult:
    sections = _sections(profile)
    title = job_title(description)
    title_words = [w for w in words(title or "") if w not in STOPWORDS and len(w) > 1]
    title_hay = sections["headline"] + " " + sections["current_title"]
    title_missing = [w for w in title_words if not contains_term(title_hay, w)]
    title_cov = 1.0 - len(title_missing) / len(title_words) if title_words else 1.0

    items: list[KeywordCoverage] = []
    for term, kind, weight in keywords(description):
        found_in = [
            name
            for name, hay in sections.items()
            if name != "current_title"
            and (mentions(hay, term) if kind == "skill" else contains_term(hay, term))
        ]
        item = KeywordCoverage(term=term, kind=kind, weight=weight, found_in=found_in)
        if not found_in:
            item.belongs_in, item.advice = _placement(term, kind, sections)
        elif kind == "skill" and "skills" not in found_in:
            item.belongs_in = ["skills"]
            item.advice = f"You mention {term} but do not list it: add it to Skills."
        items.append(item)
    for word in title_missing:
        items.append(
            KeywordCoverage(
                term=word, kind="title", weight=3, belongs_in=["headline"],
                advice=f"The job title uses '{word}'; if it fits your work, use it in your headline.",
            )
        )  # fmt: skip
    total = sum(i.weight for i in items if i.kind != "title") or 1
    covered = sum(i.weight for i in items if i.kind != "title" and i.found_in)
    kw_cov = covered / total
    return TargetingResult(
        job_title=title,
        title_coverage=round(title_cov, 3),
        title_words_missing=title_missing,
        keyword_coverage=round(kw_cov, 3),
        match_score=int(round(100 * (0.7 * kw_cov + 0.3 * title_cov))),
        keywords=items,
        missing=[i for i in items if not i.found_in],
    )


def _placement(term: str, kind: str, sections: dict[str, str]) -> tuple[list[str], str]:
    if kind == "skill":
        return (
            ["skills", "experience"],
            f"If you have used {term}, add it to Skills and to the bullet of the role where you used it.",
        )
    return (
        ["about", "experience"],
        f"If '{term}' describes your work, say so in About or in a relevant bullet.",
    )
