"""Tokens, sentences and stems shared by every evaluator.

Stopwords, stems and sentence splitting come from the shared `resugrow_text` package (one copy
for every service); the token type and the number helpers stay here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Re-exported: the evaluators import them from here.
from resugrow_text import STOPWORDS as STOPWORDS
from resugrow_text import content_stems as content_stems
from resugrow_text import phrase_stems as phrase_stems
from resugrow_text import split_sentences as split_sentences
from resugrow_text import stem as stem

# Words, numbers with decimals/commas/percent, contractions and hyphenated words stay whole.
WORD_RE = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*%?(?:['’][A-Za-z]+)?(?:-[A-Za-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    lower: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    return [Token(m.group(0), m.group(0).lower(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def words(text: str) -> list[str]:
    return [m.group(0).lower() for m in WORD_RE.finditer(text)]


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
        "quarter",
        "dozen",
        "dozens",
    ]
)
_NUMBER_RE = re.compile(r"(?<![A-Za-z])(?:\$|€|£)?\d[\d,.]*\s?(?:%|x\b|k\b|m\b|ms\b|s\b|percent\b)?", re.I)


def numbers_in(text: str) -> list[str]:
    found = [m.group(0).strip() for m in _NUMBER_RE.finditer(text)]
    found += [w for w in words(text) if w in NUMBER_WORDS]
    return found


def quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
