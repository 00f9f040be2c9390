"""Stemming (Snowball English) and stopwords."""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

from resugrow_text._data import lines
from resugrow_text.tokens import words

_STEMMER = snowballstemmer.stemmer("english")

STOPWORDS = frozenset(lines("stopwords.txt"))
# Job-ad boilerplate ("experience", "team", "requirements"): stopwords when reading a job description.
JOB_AD_WORDS = frozenset(lines("job_ad_words.txt"))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    # The same few thousand words recur across documents: the cache makes stemming nearly free.
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return str(_STEMMER.stemWord(w))


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOPWORDS and not w.isdigit()]


def phrase_stems(phrase: str) -> tuple[str, ...]:
    """Stems of a phrase; a phrase made only of stopwords keeps its words (e.g. "IT")."""
    found = tuple(stem(w) for w in words(phrase) if w not in STOPWORDS)
    return found or tuple(stem(w) for w in words(phrase))
