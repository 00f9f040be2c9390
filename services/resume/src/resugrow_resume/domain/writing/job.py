"""A job description read for tailoring and cover letters: its terms with counts and spans,
its requirement lines, and the role and company when it names them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from resugrow_resume.domain.writing.bullets import Span
from resugrow_text import JOB_AD_WORDS, STOPWORDS, phrase_stems, stem, tokens_of

_SKIP = STOPWORDS | JOB_AD_WORDS
_HEADING = re.compile(
    r"^\s*(requirements|qualifications|what you(?:'|’)ll (?:do|bring|need)|what we(?:'|’)re looking for|"
    r"you have|you will|responsibilities|about you|must[- ]haves?|nice to have|preferred|skills)\b",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[-•*▪●◦·]|\d+[.)])\s*")
_TITLE_AT = re.compile(
    r"^\s*(?P<title>[^\n,]{3,80}?)\s+(?:at|@|-|–|—|\|)\s+(?P<company>[A-Z][^\n,|]{1,60})\s*$"
)
_HIRING = re.compile(
    r"(?P<company>[A-Z][\w&.' -]{1,60}?) is (?:hiring|looking for|seeking) an? (?P<title>[^.,\n]{3,80})"
)
_REQUIREMENT_CUES = re.compile(
    r"\b(experience (?:with|in|of|building|leading|running)|proficien\w*|familiar\w*|knowledge of|you will|"
    r"you(?:'|’)ll|must|required|track record|ability to|skilled|expert\w*|hands-on)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Requirement:
    span: Span
    stems: frozenset[str]


@dataclass
class JobText:
    text: str
    title: str | None = None
    company: str | None = None
    _index: dict[str, list[int]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for k, (s, _, _) in enumerate(self.content):
            self._index.setdefault(s, []).append(k)
        if self.title is None or self.company is None:
            title, company = _title_company(self.text)
            self.title = self.title or title
            self.company = self.company or company

    @cached_property
    def content(self) -> list[tuple[str, int, int]]:
        """(stem, start, end) of every word that is not a stopword or job-ad boilerplate."""
        return [(stem(t.lower), t.start, t.end) for t in tokens_of(self.text) if t.lower not in _SKIP]

    @cached_property
    def stem_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for s, _, _ in self.content:
            counts[s] = counts.get(s, 0) + 1
        return counts

    def find(self, phrase: str) -> tuple[int, Span | None]:
        """How often a phrase (by stems, in order) occurs, and the span of its first occurrence."""
        stems = tuple(s for s in phrase_stems(phrase) if s)
        if not stems:
            return 0, None
        hits: list[tuple[int, int]] = []
        for k in self._index.get(stems[0], ()):
            if tuple(s for s, _, _ in self.content[k : k + len(stems)]) == stems:
                hits.append((self.content[k][1], self.content[k + len(stems) - 1][2]))
        if not hits:
            return 0, None
        start, end = hits[0]
        return len(hits), Span(start, end, self.text[start:end])

    def span_of_stem(self, s: str) -> Span | None:
        ks = self._index.get(s)
        if not ks:
            return None
        _, start, end = self.content[ks[0]]
        return Span(start, end, self.text[start:end])

    @cached_property
    def requirements(self) -> list[Requirement]:
        """Requirement lines in the order the job gives them: bullets under a requirements-like
        heading first, then any line or sentence that reads as one ("experience with ...")."""
        under: list[Requirement] = []
        cued: list[Requirement] = []
        in_section = False
        pos = 0
        for raw in self.text.splitlines(keepends=True):
            line = raw.rstrip("\r\n")
            start = pos
            pos += len(raw)
            if not line.strip():
                continue
            if _HEADING.match(line) and len(line.split()) <= 6:
                in_section = True
                continue
            bullet = _BULLET.match(line)
            body_start = start + (bullet.end() if bullet else len(line) - len(line.lstrip()))
            body_end = start + len(line.rstrip(" .;"))
            if body_end - body_start < 8:
                continue
            stems = frozenset(s for s, a, _ in self.content if body_start <= a < body_end)
            if len(stems) < 2:
                continue
            req = Requirement(Span(body_start, body_end, self.text[body_start:body_end]), stems)
            if in_section and bullet:
                under.append(req)
            elif _REQUIREMENT_CUES.search(line) and len(line.split()) <= 40:
                cued.append(req)
            elif in_section and len(line.split()) <= 25:
                under.append(req)
        return under + [r for r in cued if r not in under]


def _title_company(text: str) -> tuple[str | None, str | None]:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    m = _TITLE_AT.match(first)
    if m:
        return m.group("title").strip(), m.group("company").strip()
    m = _HIRING.search(text[:600])
    if m:
        return m.group("title").strip(), m.group("company").strip()
    if first and len(first.split()) <= 8 and not first.endswith("."):
        return first, None
    return None, None
