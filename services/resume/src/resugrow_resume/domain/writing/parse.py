"""Reading a bullet: where its action starts, which verb leads it, where its result and context
are, and whether its first clause is passive. Spans are character offsets into the user's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from resugrow_text import (
    BUZZWORDS_AND_FILLER,
    STOPWORDS,
    VERBS,
    Verb,
    form_of,
    lookup,
    tokens_of,
    weak_opener,
)

# Outcome verbs state a change by themselves ("Reduced churn", ", raising revenue", "that halved costs").
# Verbs such as "drove" or "delivered" do not: they say who acted, not what changed.
OUTCOME_BASES = frozenset(
    [
        "reduce",
        "cut",
        "lower",
        "decrease",
        "eliminate",
        "save",
        "shorten",
        "halve",
        "prevent",
        "increase",
        "grow",
        "raise",
        "boost",
        "double",
        "triple",
        "accelerate",
        "generate",
        "exceed",
        "achieve",
        "win",
        "improve",
        "lift",
        "speed",
        "expand",
    ]
)
_OUTCOME_FORMS = sorted(
    {f for v in VERBS if v.base in OUTCOME_BASES for f in (v.past, v.ing, v.third)}
    | {"lifted", "lifting", "lifts", "sped", "speeding", "rose", "fell", "dropped", "climbed", "brought"},
    key=len,
    reverse=True,
)
_OUTCOME_WORDS = frozenset(_OUTCOME_FORMS)
_MARKER_PAIRS = frozenset({("resulting", "in"), ("leading", "to"), ("so", "that"), ("contributing", "to")})
_JOINERS = frozenset({"which", "that", "and", "who"})


def _result_marker(text: str, start: int) -> int | None:
    """Where a result clause starts after ``start``: an outcome verb form ("cutting", "which reduced")
    or a result phrase ("resulting in"). A scan over the tokens, not one regex of every form: this
    runs for every bullet and every candidate."""
    toks = [t for t in tokens_of(text) if t.start >= start]
    for k, t in enumerate(toks):
        nxt = toks[k + 1].lower if k + 1 < len(toks) else ""
        if t.lower in _OUTCOME_WORDS or (t.lower, nxt) in _MARKER_PAIRS:
            prev = toks[k - 1] if k else None
            return prev.start if prev is not None and prev.lower in _JOINERS else t.start
    return None


# A clause that is not an outcome verb still states a result when it carries a figure:
# ", catching 30 breaking changes", "that brought 9,000 new users", "all of whom passed".
_CLAUSE_WITH_FIGURE = re.compile(
    r"(?:,\s*|;\s*|\s+(?:that|which)\s+)(?:[a-z]+ing|[a-z]+ed|brought|won|drove|rose)\b[^,;]*?\d",
    re.I,
)
_PURPOSE_WITH_FIGURE = re.compile(r"\s+to\s+(?:" + "|".join(sorted(OUTCOME_BASES)) + r")\b[^,;]*?\d", re.I)
_ACHIEVEMENT = re.compile(
    r"(?:\bahead of schedule|\binstead of \d|\bzero \w+|#\d|\branked\b|\bunder budget|\b(?:all|\d+) of whom|"
    r"\b(?:adopted|used) by \d)",
    re.I,
)
# A figure after an outcome verb: "by 30%", "from 4 to 2 days", "to 99.9%".
_FIGURE_TAIL = re.compile(r"\s+(?:by|from|to|at|of)\s+(?:[$€£¥]\s?)?\d", re.I)
_METRIC = re.compile(
    r"(?<![\w.,])(?:[$€£¥]\s?\d[\d,.]*(?:[kmb]\b|bn\b)?|\d[\d,.]*\s?(?:%|x\b|percent\b|pts?\b|points\b|bps\b))",
    re.I,
)
_CONTEXT_MARKERS = re.compile(
    r"(?:^|,\s*|\s+)(during|amid|while|after|following|despite|as part of|in a|in an|within|under)\s", re.I
)
_PASSIVE = re.compile(
    r"\b(was|were|is|are|been|being|be|got|get|gets)\s+(?:\w+ly\s+)?([a-z]+(?:ed|en|wn|lt|ught|ld|id|ung|ut))\b",
    re.I,
)
_NOT_PASSIVE = frozenset(
    {"responsible", "based", "involved", "tasked", "interested", "skilled", "experienced"}
)
_PRONOUN_LEAD = re.compile(r"^\s*(?:i|we)\s+", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


def _span(text: str, start: int, end: int) -> Span:
    # Trim spaces and commas so a span quotes words, not the glue between them.
    while start < end and text[start] in " ,;":
        start += 1
    while end > start and text[end - 1] in " ,;.":
        end -= 1
    return Span(start, end, text[start:end])


_NOT_VERBS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "these",
        "that",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "all",
        "each",
        "every",
        "some",
        "responsible",
        "member",
        "part",
        "passionate",
        "dynamic",
        "proactive",
        "dedicated",
        "motivated",
        "experienced",
        "skilled",
    ]
)
_NOUN_SUFFIXES = (
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ance",
    "ence",
    "ship",
    "ist",
    "er",
    "or",
    "ian",
    "ive",
    "al",
    "ant",
    "ard",
)


def _is_verb_like(word: str) -> bool:
    """A word that can lead a bullet as a verb: a table verb, or a word that does not look like
    a determiner, an adjective or a noun (the table cannot list every verb, and "Precepted",
    "Sunset" or "Drew" should not be called weak for being missing from it)."""
    w = word.lower()
    if form_of(w) is not None:
        return True
    if w in _NOT_VERBS or w in STOPWORDS or "-" in w:
        return False
    return w.endswith("ed") or not (
        w.endswith(_NOUN_SUFFIXES) or w.removesuffix("s").endswith(_NOUN_SUFFIXES)
    )


_LEAD_ADVERB = re.compile(
    r"\s*(?:"
    + "|".join(re.escape(p.text) for p in BUZZWORDS_AND_FILLER if p.text.endswith("ly"))
    + r")\b[\s,]*",
    re.I,
)


def _head(text: str) -> int:
    """Where the action should start: after a leading pronoun and leading filler adverbs."""
    pos = 0
    while True:
        found = _PRONOUN_LEAD.match(text, pos) or _LEAD_ADVERB.match(text, pos)
        if not found or found.end() == pos:
            return pos
        pos = found.end()


def _lead(text: str) -> tuple[Span | None, Span | None, Verb | None]:
    """(weak opener span, lead-word span, the verb behind the action)."""
    head = _head(text)
    found = weak_opener(text[head:])
    opener = Span(found.start + head, found.end + head, found.text) if found else None
    pos = opener.end if opener else head
    m = _WORD.search(text, pos)
    if not m:
        return opener, None, None
    lead = Span(m.start(), m.end(), m.group(0))
    verb = lookup(m.group(0))
    if opener:
        # "Helped with migrating X": the verb the phrase hides is the -ing (or bare) form after it.
        hidden = verb if verb and form_of(m.group(0)) in ("ing", "base") else None
        return opener, lead, hidden
    return None, lead, verb


def _result_span(text: str, action_start: int, verb: Verb | None) -> Span | None:
    marker = _result_marker(text, action_start)
    if marker is not None:
        return _span(text, marker, len(text))
    if verb is not None and verb.base in OUTCOME_BASES:
        # "Reduced churn by 15%": the verb is the outcome; its object and figure are the result.
        tail = _FIGURE_TAIL.search(text, action_start)
        return _span(text, tail.start(), len(text)) if tail else _span(text, action_start, len(text))
    for pattern in (_CLAUSE_WITH_FIGURE, _PURPOSE_WITH_FIGURE, _ACHIEVEMENT):
        found = pattern.search(text, action_start)
        if found:
            return _span(text, found.start(), len(text))
    metric = _METRIC.search(text, action_start)
    if metric:
        # A figure with a unit (40%, $2M, 3x) after the action reads as its result.
        comma = max(
            text.rfind(",", action_start, metric.start()), text.rfind(";", action_start, metric.start())
        )
        start = comma if comma > 0 else metric.start()
        return _span(text, start, len(text))
    return None


def _passive_subject(text: str, passive: re.Match[str], lead: Span) -> bool:
    """True when the words before the passive are its subject ("Code reviews were conducted")."""
    if passive.start() == 0 or lead.start >= passive.start():
        return False
    return form_of(lead.text) != "past" or not _is_verb_like(lead.text)


def _main_passive(text: str) -> re.Match[str] | None:
    """A passive in the bullet's first clause ("X was reduced ..."), before any comma."""
    m = _PASSIVE.search(text)
    if not m or m.group(2).lower() in _NOT_PASSIVE or "," in text[: m.start()] or m.start() > 80:
        return None
    return m


def _parts(text: str, lead: Span | None, verb: Verb | None) -> dict[str, Span]:
    after_lead = lead.end if lead else 0
    result = _result_span(text, after_lead, verb)
    context: Span | None = None
    cm = _CONTEXT_MARKERS.search(text, after_lead)
    if cm and (result is None or cm.start() < result.start):
        end = text.find(",", cm.end())
        if not (end > 0 and (result is None or end <= result.start)):
            end = result.start if result else len(text)
        context = _span(text, cm.start(), end)
    bounds = [s.start for s in (result, context) if s is not None]
    action_end = min(bounds) if bounds else len(text)
    if context and context.start == 0:
        action_end = result.start if result else len(text)
    parts = {"action": _span(text, 0, max(action_end, 0))}
    if context:
        parts["context"] = context
    if result:
        parts["result"] = result
    return parts
