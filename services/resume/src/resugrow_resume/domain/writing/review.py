"""Reviewing every bullet of a resume (or a pasted list) with what only the whole resume knows:
the tense each entry's dates ask for, and verbs that lead too many bullets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from resugrow_resume.domain.model import PRESENT_WORDS
from resugrow_resume.domain.writing.bullets import REPEAT_LIMIT, RULES_VERSION, Review, Tense, _lead, analyze
from resugrow_resume.domain.writing.rewrite import Candidate, candidates

BULLET_SECTIONS = ("work", "volunteer", "projects")


@dataclass(frozen=True, slots=True)
class BulletInput:
    text: str
    path: str | None = None  # "work[0].highlights[2]" when the bullet comes from a stored resume
    tense: Tense | None = None


@dataclass(frozen=True, slots=True)
class BulletResult:
    input: BulletInput
    review: Review
    candidates: tuple[Candidate, ...]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.input.path, "tense": self.input.tense, **self.review.to_json()}
        out["candidates"] = [c.to_json() for c in self.candidates]
        return out


def entry_tense(entry: dict[str, Any]) -> Tense:
    """A role without an end date (or ending "present") is current: its bullets are in the present."""
    end = entry.get("endDate")
    if end is None or str(end).strip() == "" or str(end).strip().lower() in PRESENT_WORDS:
        return "present" if entry.get("startDate") else "past"
    return "past"


def resume_bullets(document: dict[str, Any]) -> list[BulletInput]:
    out: list[BulletInput] = []
    for section in BULLET_SECTIONS:
        for i, entry in enumerate(document.get(section) or ()):
            if not isinstance(entry, dict):
                continue
            tense = entry_tense(entry)
            for j, text in enumerate(entry.get("highlights") or ()):
                if isinstance(text, str) and text.strip():
                    out.append(BulletInput(text, f"{section}[{i}].highlights[{j}]", tense))
    return out


def review_bullets(bullets: list[BulletInput]) -> list[BulletResult]:
    """Review and rewrite a set of bullets that belong together (one resume, one pasted list)."""
    leads: list[str | None] = []
    for b in bullets:
        _, _, verb = _lead(b.text)
        leads.append(verb.base if verb is not None else None)
    uses = Counter(v for v in leads if v is not None)
    overused = frozenset(v for v, n in uses.items() if n >= REPEAT_LIMIT)
    results: list[BulletResult] = []
    for b, lead in zip(bullets, leads, strict=True):
        review = analyze(b.text, tense=b.tense, verb_uses=uses[lead] if lead else 0)
        avoid = overused - {lead} if lead and uses[lead] <= REPEAT_LIMIT else overused
        results.append(
            BulletResult(b, review, tuple(candidates(review, tense=b.tense or "past", avoid=avoid)))
        )
    return results


def report(results: list[BulletResult]) -> dict[str, Any]:
    """The rewrite report: every bullet with its review and candidates, and the totals."""
    scores = [r.review.score for r in results]
    return {
        "rules": RULES_VERSION,
        "bullets": [r.to_json() for r in results],
        "summary": {
            "bullets": len(results),
            "weak": sum(1 for r in results if r.review.weak),
            "averageScore": round(sum(scores) / len(scores), 1) if scores else None,
            "findings": dict(sorted(Counter(f.code for r in results for f in r.review.findings).items())),
        },
    }
