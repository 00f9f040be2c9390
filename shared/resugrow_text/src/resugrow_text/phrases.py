"""Weak phrasing, buzzwords, filler and first-person pronouns, with their spans in a text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from resugrow_text._data import lines

WEAK_OPENERS: tuple[str, ...] = tuple(sorted(lines("weak_phrases.txt"), key=len, reverse=True))
PRONOUNS: frozenset[str] = frozenset(lines("pronouns.txt"))


@dataclass(frozen=True, slots=True)
class Phrase:
    kind: str  # "buzzword" or "filler"
    text: str
    replacement: str


def _phrases() -> tuple[Phrase, ...]:
    found = []
    for line in lines("buzzwords.txt"):
        kind, text, *rest = line.split("\t")
        found.append(Phrase(kind, text, rest[0] if rest else ""))
    return tuple(sorted(found, key=lambda p: len(p.text), reverse=True))


BUZZWORDS_AND_FILLER: tuple[Phrase, ...] = _phrases()
_BY_TEXT = {p.text: p for p in BUZZWORDS_AND_FILLER}
_PHRASE_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(p.text) for p in BUZZWORDS_AND_FILLER) + r")(?![\w-])", re.I
)
_OPENER_RE = re.compile(r"^(?:(?:i|we)\s+)?(" + "|".join(re.escape(p) for p in WEAK_OPENERS) + r")\b", re.I)
_PRONOUN_RE = re.compile(
    r"(?<![\w'’])("
    + "|".join(re.escape(p) for p in sorted(PRONOUNS, key=len, reverse=True))
    + r")(?![\w'’])",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    text: str
    phrase: Phrase | None = None


def weak_opener(text: str) -> Match | None:
    m = _OPENER_RE.match(text.lstrip())
    if not m:
        return None
    shift = len(text) - len(text.lstrip())
    return Match(m.start(1) + shift, m.end(1) + shift, m.group(1))


def buzzwords_and_filler(text: str) -> list[Match]:
    return [
        Match(m.start(), m.end(), m.group(0), _BY_TEXT[m.group(0).lower()]) for m in _PHRASE_RE.finditer(text)
    ]


def pronouns(text: str) -> list[Match]:
    # "US" in capitals is the country, not the pronoun.
    return [Match(m.start(), m.end(), m.group(0)) for m in _PRONOUN_RE.finditer(text) if m.group(0) != "US"]
