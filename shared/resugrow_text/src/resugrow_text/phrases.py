"""Weak phrasing, buzzwords, filler and first-person pronouns, with their spans in a text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from resugrow_text._data import lines
from resugrow_text.tokens import tokens_of, words

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


_BY_WORDS: dict[tuple[str, ...], Phrase] = {}
for _p in BUZZWORDS_AND_FILLER:
    _BY_WORDS.setdefault(tuple(words(_p.text)), _p)
_FIRST_WORDS = frozenset(k[0] for k in _BY_WORDS)
_LONGEST = max(len(k) for k in _BY_WORDS)


def buzzwords_and_filler(text: str) -> list[Match]:
    """Longest phrase first at each word; a lookup per word rather than one big regex, because
    this runs several times per bullet and the alternation of every phrase was the slow part."""
    toks = tokens_of(text)
    out: list[Match] = []
    i = 0
    while i < len(toks):
        if toks[i].lower in _FIRST_WORDS:
            for n in range(min(_LONGEST, len(toks) - i), 0, -1):
                phrase = _BY_WORDS.get(tuple(t.lower for t in toks[i : i + n]))
                if phrase is not None:
                    start, end = toks[i].start, toks[i + n - 1].end
                    out.append(Match(start, end, text[start:end], phrase))
                    i += n
                    break
            else:
                i += 1
        else:
            i += 1
    return out


def pronouns(text: str) -> list[Match]:
    # "US" in capitals is the country, not the pronoun.
    return [Match(m.start(), m.end(), m.group(0)) for m in _PRONOUN_RE.finditer(text) if m.group(0) != "US"]
