"""Tokens, sentences and stems shared by every evaluator.

The stemmer is Snowball (English) from `snowballstemmer`; results are cached because the
same few thousand words recur across answers and question tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")

# Words, numbers with decimals/commas/percent, contractions and hyphenated words stay whole.
WORD_RE = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*%?(?:['’][A-Za-z]+)?(?:-[A-Za-z0-9]+)*")
# A sentence ends at . ! ? or a newline; decimals ("2.5") and common abbreviations are protected.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "mr.", "ms.", "dr.", "inc.", "no.")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "also",
        "us",
        "i'm",
        "i've",
        "i'd",
        "we're",
        "we've",
        "it's",
        "that's",
        "there's",
        "let's",
        "get",
        "got",
    ]
)


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


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return str(_STEMMER.stemWord(w))


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOPWORDS and not w.isdigit()]


def phrase_stems(phrase: str) -> tuple[str, ...]:
    """Stems of a tag phrase; a phrase made only of stopwords keeps its words (e.g. "API")."""
    found = tuple(stem(w) for w in words(phrase) if w not in STOPWORDS)
    return found or tuple(stem(w) for w in words(phrase))


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
