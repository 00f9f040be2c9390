"""Tokens with their character offsets, and sentence splitting.

Offsets matter: every finding Resugrow returns quotes its evidence as a span of the user's text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# Words, numbers with decimals/commas/percent, contractions and hyphenated words stay whole.
WORD_RE = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*%?(?:['’][A-Za-z]+)?(?:-[A-Za-z0-9]+)*")
# A sentence ends at . ! ? or a newline; decimals ("2.5") and common abbreviations are protected.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "mr.", "ms.", "dr.", "inc.", "no.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")


class Token(NamedTuple):
    # A NamedTuple, not a frozen dataclass: tokens are made by the thousand per request, and a
    # frozen dataclass pays for object.__setattr__ on every field.
    text: str
    lower: str
    start: int
    end: int


@lru_cache(maxsize=8192)
def tokens_of(text: str) -> tuple[Token, ...]:
    """Cached and immutable: a review tokenizes the same bullet several times (findings, result,
    rewrites), and resumes repeat across requests."""
    return tuple(Token(m.group(0), m.group(0).lower(), m.start(), m.end()) for m in WORD_RE.finditer(text))


def tokenize(text: str) -> list[Token]:
    return list(tokens_of(text))


def words(text: str) -> list[str]:
    return [m.group(0).lower() for m in WORD_RE.finditer(text)]


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their start offsets; abbreviations and decimals do not end a sentence."""
    protected = text
    lower = text.lower()
    for abbr in _ABBREVIATIONS:
        if abbr not in lower:
            continue
        protected = re.sub(
            r"(?<![A-Za-z])" + re.escape(abbr),
            lambda m: m.group(0).replace(".", "\x00"),
            protected,
            flags=re.I,
        )
    result: list[tuple[int, str]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(protected):
        chunk = text[pos : m.start()]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            result.append((pos + lead, chunk.strip()))
        pos = m.end()
    tail = text[pos:]
    if tail.strip():
        lead = len(tail) - len(tail.lstrip())
        result.append((pos + lead, tail.strip()))
    return result


NUMBER_WORDS = frozenset(
    [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "half",
        "double",
        "doubled",
        "tripled",
        "halved",
        "quarter",
        "dozen",
        "dozens",
    ]
)
# A figure a reader can check: 40%, $2M, 3x, 1,200, 15 ms, 2.5 hours; years like 2023 are not results.
NUMBER_RE = re.compile(r"(?<![\w.])(?:[$€£¥]\s?)?\d[\d,.]*(?:\s?(?:%|percent\b|[kmb]\b|bn\b|x\b|\+))?", re.I)
_NUMBER_WORD_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?![\w-])", re.I
)
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")


def numbers_in(text: str) -> list[tuple[int, int, str]]:
    """Figures with their spans: digits (not bare years) and number words."""
    found = [
        (m.start(), m.end(), m.group(0).strip())
        for m in NUMBER_RE.finditer(text)
        if not _YEAR_RE.match(m.group(0).strip())
    ]
    found += [(m.start(), m.end(), m.group(0)) for m in _NUMBER_WORD_RE.finditer(text)]
    return sorted(found)
