"""Tokens, sentences and stems shared by every evaluator.

Tokens, words, stopwords, stems and sentence splitting come from the shared `resugrow_text`
package (one copy for every service); only the interview's own number helpers stay here.
"""

from __future__ import annotations

import re

from resugrow_text import NUMBER_WORDS as _SHARED_NUMBER_WORDS
from resugrow_text import STOPWORDS, Token, content_stems, phrase_stems, split_sentences, stem, words
from resugrow_text import tokenize as tokens
from resugrow_text.tokens import WORD_RE

# Re-exported: the evaluators import them from here.
__all__ = [
    "NUMBER_WORDS",
    "STOPWORDS",
    "WORD_RE",
    "Token",
    "content_stems",
    "numbers_in",
    "phrase_stems",
    "quote",
    "split_sentences",
    "stem",
    "tokens",
    "words",
]

# The interview's number words are the shared list without "halved": its quantification scores
# were measured without it, and this change only removes a copy.
NUMBER_WORDS = _SHARED_NUMBER_WORDS - {"halved"}
_NUMBER_RE = re.compile(r"(?<![A-Za-z])(?:\$|€|£)?\d[\d,.]*\s?(?:%|x\b|k\b|m\b|ms\b|s\b|percent\b)?", re.I)


def numbers_in(text: str) -> list[str]:
    found = [m.group(0).strip() for m in _NUMBER_RE.finditer(text)]
    found += [w for w in words(text) if w in NUMBER_WORDS]
    return found


def quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
