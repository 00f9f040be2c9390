"""Relevance: which talking points and job terms an answer covers, on stems.

Matching is on Snowball stems with a tolerant prefix rule (so "disagreement" and "disagreed",
"analysis" and "analysed" meet), plus a short list of equivalent words interviewers accept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from resugrow_interview.domain.text import content_stems, phrase_stems, stem

# Words an interviewer treats as the same idea (each group is matched as one stem set).
_EQUIVALENTS: tuple[tuple[str, ...], ...] = (
    ("result", "outcome", "impact", "effect"),
    ("metric", "measure", "kpi", "number"),
    ("customer", "user", "client", "buyer"),
    ("stakeholder", "sponsor", "leadership", "executive", "manager"),
    ("complexity", "big-o", "runtime"),
    ("dictionary", "hashmap", "hash", "map"),
    ("trade-off", "tradeoff", "downside", "cost", "drawback"),
    ("estimate", "estimation", "approximately", "roughly"),
    ("disagreement", "conflict", "argument", "disagree"),
    ("mistake", "error", "failure", "fail"),
    ("learn", "lesson", "takeaway"),
    ("team", "colleague", "teammate", "peer"),
    ("deadline", "date", "schedule"),
    ("priority", "prioritise", "prioritize", "order"),
    ("requirement", "need", "scope"),
    ("scale", "scaling", "growth", "load"),
    ("cache", "caching", "redis", "memcached"),
    ("learn", "course", "training", "studied", "practised", "practiced", "tutorial"),
    ("quickly", "fast", "days", "week", "weeks"),
    ("tool", "software", "framework", "library", "platform", "language"),
    ("skill", "technique", "method"),
    ("help", "support", "assist"),
    ("deadline", "due"),
    ("feedback", "review", "critique"),
    ("improve", "better", "faster", "reduce", "increase"),
)
_EQUIV_BY_STEM: dict[str, frozenset[str]] = {}
for _group in _EQUIVALENTS:
    _stems = frozenset(stem(w) for w in _group)
    for _s in _stems:
        _EQUIV_BY_STEM[_s] = _EQUIV_BY_STEM.get(_s, frozenset()) | _stems


class StemIndex:
    """The answer's stems, bucketed by their first three letters for quick prefix matching."""

    def __init__(self, stems: Iterable[str]) -> None:
        self.stems = frozenset(stems)
        self._buckets: dict[str, list[str]] = {}
        for s in self.stems:
            self._buckets.setdefault(s[:3], []).append(s)

    @classmethod
    def of(cls, text: str) -> StemIndex:
        return cls(content_stems(text))

    def has(self, target: str) -> bool:
        if target in self.stems:
            return True
        for alt in _EQUIV_BY_STEM.get(target, ()):
            if alt in self.stems:
                return True
        if len(target) < 5:
            return False
        for s in self._buckets.get(target[:3], ()):
            if len(s) < 5:
                continue
            common = 0
            for a, b in zip(s, target, strict=False):
                if a != b:
                    break
                common += 1
            if common >= 5 and common >= min(len(s), len(target)) - 1:
                return True
        return False


def phrase_covered(stems: tuple[str, ...], index: StemIndex) -> bool:
    if not stems:
        return False
    hits = sum(1 for s in stems if index.has(s))
    needed = max(1, round(len(stems) * 0.4))
    return hits >= needed


@dataclass(frozen=True)
class RelevanceReport:
    points: tuple[tuple[str, bool], ...]
    terms_used: tuple[str, ...]
    terms_missing: tuple[str, ...]
    point_coverage: float
    term_coverage: float | None


def relevance(
    index: StemIndex,
    *,
    points: Iterable[tuple[str, tuple[str, ...]]],
    terms: Iterable[tuple[str, tuple[str, ...]]],
) -> RelevanceReport:
    point_results = tuple((p, phrase_covered(st, index)) for p, st in points)
    used: list[str] = []
    missing: list[str] = []
    for term, st in terms:
        (used if phrase_covered(st, index) else missing).append(term)
    pc = sum(1 for _, ok in point_results if ok) / len(point_results) if point_results else 0.0
    n_terms = len(used) + len(missing)
    tc = len(used) / n_terms if n_terms else None
    return RelevanceReport(point_results, tuple(used), tuple(missing), pc, tc)


def extract_job_terms(job_description: str, vocabulary: Iterable[str], *, limit: int = 25) -> list[str]:
    """Vocabulary terms (skills, tools, practices) that appear in a job description, most frequent first."""
    index = StemIndex.of(job_description)
    counts = {}
    jd_stems = content_stems(job_description)
    for term in vocabulary:
        st = phrase_stems(term)
        if not st or not all(s in index.stems for s in st):
            continue  # exact stems only: a job description is long, prefix matching would over-match
        counts[term] = min(jd_stems.count(s) for s in st)
    ranked = sorted(counts, key=lambda t: (-counts[t], t.lower()))
    seen: set[str] = set()
    out = []
    for term in ranked:
        key = term.lower()
        if key not in seen:
            seen.add(key)
            out.append(term)
    return out[:limit]
