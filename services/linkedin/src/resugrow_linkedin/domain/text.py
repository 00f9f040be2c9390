"""Text analysis used by the audit: bullets, outcomes vs duties, cliches, keywords.

The word lists are Resugrow's own, written for this service.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from resugrow_text import JOB_AD_WORDS
from resugrow_text import STOPWORDS as BASE_STOPWORDS

# Phrases that say nothing a reader can check. Matched as whole words, case-insensitive.
CLICHES = (
    "passionate", "results-driven", "results driven", "results-oriented", "detail-oriented",
    "detail oriented", "team player", "go-getter", "self-starter", "self starter", "hard-working",
    "hardworking", "hard working", "synergy", "synergies", "think outside the box", "outside the box",
    "rockstar", "rock star", "ninja", "guru", "wizard", "thought leader", "visionary",
    "proven track record", "track record of success", "dynamic", "highly motivated", "motivated",
    "seasoned professional", "best of breed", "value-add", "go-to person", "excellent communication skills",
    "strong work ethic", "wears many hats", "game changer", "game-changer", "disruptive",
    "out-of-the-box", "people person", "jack of all trades", "fast learner", "quick learner",
    "dedicated professional", "innovative thinker", "strategic thinker", "world-class",
)  # fmt: skip
CLICHE_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(c) for c in CLICHES) + r")(?![\w-])", re.I)

OUTCOME_VERBS = (
    "increased", "increase", "reduced", "reduce", "cut", "grew", "grow", "saved", "save", "improved",
    "improve", "launched", "delivered", "shipped", "doubled", "tripled", "halved", "raised", "won",
    "boosted", "accelerated", "lowered", "decreased", "eliminated", "generated", "closed", "drove",
    "achieved", "exceeded", "expanded", "scaled", "built", "created", "led", "founded", "negotiated",
    "promoted", "automated", "migrated", "rebuilt", "redesigned", "mentored", "hired", "trained",
)  # fmt: skip
OUTCOME_RE = re.compile(r"\b(" + "|".join(OUTCOME_VERBS) + r")\b", re.I)
NUMBER_RE = re.compile(r"(?<![\w.])(?:[$€£¥]\s?)?\d[\d,.]*(?:\s?(?:%|percent|k|m|bn|x|\+))?", re.I)
DUTY_RE = re.compile(
    r"\b(responsible for|duties (?:included|include)|tasked with|in charge of|worked on|helped (?:with|to)|"
    r"involved in|assisted (?:with|in)|participated in|handled|supported the)\b",
    re.I,
)
BULLET_RE = re.compile(r"^\s*(?:[•\-–*▪●◦·]|\d+[.)])\s*")
FIRST_PERSON_RE = re.compile(r"\b(I|I'm|I've|my|me|we|our)\b")
CTA_RE = re.compile(
    r"(@|\bcontact me\b|\breach (?:me|out)\b|\bmessage me\b|\bget in touch\b|\blet'?s (?:connect|talk|chat)\b|"
    r"\bemail me\b|\bconnect with me\b|\bDM\b|\bopen to\b)",
    re.I,
)

# Function words plus job-ad boilerplate ("experience", "team", "requirements"), from resugrow_text.
STOPWORDS = BASE_STOPWORDS | JOB_AD_WORDS


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def bullets(description: str) -> list[str]:
    """Bullets (or sentences when a description is prose) of one experience description."""
    items: list[str] = []
    for line in description.splitlines():
        line = line.strip()
        if not line:
            continue
        if BULLET_RE.match(line):
            items.append(BULLET_RE.sub("", line).strip())
        else:
            items.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line) if len(s.strip()) > 3)
    return [i for i in items if i]


def is_outcome(bullet: str) -> bool:
    """An outcome says what changed: a result verb together with a number, or a number with a unit."""
    if DUTY_RE.search(bullet) and not NUMBER_RE.search(bullet):
        return False
    has_number = bool(NUMBER_RE.search(bullet))
    return has_number and (bool(OUTCOME_RE.search(bullet)) or "%" in bullet or "$" in bullet)


def is_duty(bullet: str) -> bool:
    return bool(DUTY_RE.search(bullet)) and not is_outcome(bullet)


def cliches(text: str) -> list[str]:
    seen: list[str] = []
    for match in CLICHE_RE.finditer(text):
        word = match.group(1).lower()
        if word not in seen:
            seen.append(word)
    return seen


@lru_cache(maxsize=4096)
def _term_pattern(term: str) -> tuple[str, re.Pattern[str]] | None:
    t = normalise(term).strip()
    if not t:
        return None
    return t, re.compile(r"(?<![\w+#.])" + re.escape(t) + r"(?![\w+#])")


def contains_term(haystack_norm: str, term: str) -> bool:
    """Word-boundary match that also works for C++, C#, .NET, Node.js and one-letter languages."""
    compiled = _term_pattern(term)
    if compiled is None:
        return False
    plain, pattern = compiled
    # A plain substring test first: most terms are absent, and `in` is far cheaper than the regex.
    return plain in haystack_norm and pattern.search(haystack_norm) is not None


def words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z0-9+#.\-/]*[a-z0-9+#]|[a-z]", normalise(text))


def first_sentence(text: str) -> str:
    text = text.strip()
    match = re.match(r"(.+?[.!?])(\s|$)", text, re.S)
    return (match.group(1) if match else text.splitlines()[0] if text else "").strip()
