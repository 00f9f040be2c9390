"""SAR review of one bullet: its parts (context, action, result) with spans, findings, a score.

Everything here is rules over the user's own text and Resugrow's word tables (resugrow_text):
the same bullet always gets the same review, and every finding quotes the span behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from resugrow_text import (
    BUZZWORDS_AND_FILLER,
    STOPWORDS,
    VERBS,
    Verb,
    buzzwords_and_filler,
    form_of,
    lookup,
    numbers_in,
    pronouns,
    tokens_of,
    weak_opener,
)

Tense = Literal["past", "present"]
RULES_VERSION = "writing-1"

# Points taken off 100 per finding; the score and its formula are returned together.
PENALTIES: dict[str, int] = {
    "weak_opener": 25,
    "no_result": 25,
    "passive_voice": 15,
    "no_number": 15,
    "first_person": 10,
    "tense": 10,
    "length": 10,
    "filler": 5,  # each, at most FILLER_CAP in all
    "repeated_verb": 5,
}
FILLER_CAP = 15
# A placeholder the user still has to fill is a prompt, not a fact: it earns back part of the penalty.
PLACEHOLDER_PENALTY: dict[str, int] = {"no_result": 10, "no_number": 5}
# Findings that make a bullet weak (the rest are polish: numbers, length, tense, repetition).
MAJOR = frozenset({"weak_opener", "passive_voice", "first_person", "filler", "no_result"})
MIN_WORDS, MAX_WORDS = 6, 32
REPEAT_LIMIT = 2  # a verb may lead this many bullets of one resume before it reads as repetitive

PLACEHOLDER_RESULT = "[what result?]"
PLACEHOLDER_NUMBER = "[by how much?]"
PLACEHOLDER_RE = re.compile(r"\[[^\[\]]{1,40}\?\]")

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


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    evidence: Span
    fix: str
    penalty: int

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "evidence": self.evidence.to_json(),
            "fix": self.fix,
            "penalty": self.penalty,
        }


@dataclass(slots=True)
class Review:
    text: str
    tense: Tense | None
    lead: Span | None  # the word that should be the action verb
    verb: Verb | None  # the table verb behind the action (after a weak opener: the verb it hides)
    parts: dict[str, Span] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    score: int = 100
    formula: str = ""

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(f.code for f in self.findings)

    @property
    def weak(self) -> bool:
        return bool(self.codes & MAJOR)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "parts": {name: span.to_json() for name, span in self.parts.items()},
            "findings": [f.to_json() for f in self.findings],
            "score": self.score,
            "formula": self.formula,
            "weak": self.weak,
        }


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


@dataclass(slots=True)
class _Ctx:
    """What every finding rule reads: the bullet, its lead, its parts, how it is asked to read."""

    text: str
    tense: Tense | None
    opener: Span | None
    lead: Span | None
    verb: Verb | None
    passive: re.Match[str] | None
    parts: dict[str, Span]
    placeholders_count: bool
    verb_uses: int


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


def _weak_opener(c: _Ctx) -> list[Finding]:
    penalty = PENALTIES["weak_opener"]
    if c.opener:
        such = f" such as “{c.verb.past.capitalize()}”" if c.verb and not c.verb.weak else ""
        return [
            Finding(
                "weak_opener",
                f"“{c.opener.text}” describes a duty, not what you did",
                c.opener,
                "Start with the action itself in a strong verb" + such,
                penalty,
            )
        ]
    if c.lead is None:
        return []
    if c.verb is not None and c.verb.weak:
        return [
            Finding(
                "weak_opener",
                f"“{c.lead.text}” is a weak verb that hides what you did",
                c.lead,
                "Name the action with a verb that says what changed",
                penalty,
            )
        ]
    if not _is_verb_like(c.lead.text) and c.passive is None:
        return [
            Finding(
                "weak_opener",
                f"the bullet starts with “{c.lead.text}”, not with an action verb",
                c.lead,
                "Lead with the verb for what you did",
                penalty,
            )
        ]
    return []


def _passive_voice(c: _Ctx) -> list[Finding]:
    for m in _PASSIVE.finditer(c.text):
        participle = m.group(2).lower()
        if participle in _NOT_PASSIVE or (c.opener and c.opener.start <= m.start() < c.opener.end):
            continue
        if form_of(participle) not in ("past", None) and not participle.endswith("ed"):
            continue
        return [
            Finding(
                "passive_voice",
                "passive voice hides who acted",
                _span(c.text, m.start(), m.end()),
                "Say it actively: the verb first, what it acted on after",
                PENALTIES["passive_voice"],
            )
        ]
    return []


def _first_person(c: _Ctx) -> list[Finding]:
    first = pronouns(c.text)
    if not first:
        return []
    m0 = first[0]
    return [
        Finding(
            "first_person",
            "resume bullets leave out first-person pronouns",
            Span(m0.start, m0.end, m0.text),
            "Drop the pronoun; the resume is already about you",
            PENALTIES["first_person"],
        )
    ]


def _filler(c: _Ctx) -> list[Finding]:
    out: list[Finding] = []
    total = 0
    for fm in buzzwords_and_filler(c.text):
        assert fm.phrase is not None
        penalty = min(PENALTIES["filler"], FILLER_CAP - total)
        total += penalty
        kind = "a buzzword" if fm.phrase.kind == "buzzword" else "filler"
        fix = (
            f"Replace it with “{fm.phrase.replacement}”"
            if fm.phrase.replacement
            else "Remove it; show it with a fact instead"
        )
        out.append(
            Finding(
                "filler",
                f"“{fm.text}” is {kind} a reader cannot check",
                Span(fm.start, fm.end, fm.text),
                fix,
                penalty,
            )
        )
    return out


def _result(c: _Ctx) -> list[Finding]:
    result = c.parts.get("result")
    if result is None:
        pending = PLACEHOLDER_RESULT in c.text and c.placeholders_count
        return [
            Finding(
                "no_result",
                "the bullet says what you did but not what came of it",
                c.parts["action"],
                "End with the result: what changed, for whom, by how much",
                PLACEHOLDER_PENALTY["no_result"] if pending else PENALTIES["no_result"],
            )
        ]
    has_figure = (
        any(result.start <= s < result.end for s, _, _ in numbers_in(c.text))
        or _METRIC.search(c.text)
        or _ACHIEVEMENT.search(result.text)
    )
    if has_figure:
        return []
    pending = PLACEHOLDER_NUMBER in c.text and c.placeholders_count
    return [
        Finding(
            "no_number",
            "the result has no number",
            result,
            "Add the figure: a percentage, an amount, a count or a time",
            PLACEHOLDER_PENALTY["no_number"] if pending else PENALTIES["no_number"],
        )
    ]


def _length(c: _Ctx) -> list[Finding]:
    holes = [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(c.text)] if "[" in c.text else []
    n_words = sum(1 for t in tokens_of(c.text) if not any(a <= t.start < b for a, b in holes))
    if MIN_WORDS <= n_words <= MAX_WORDS:
        return []
    why = (
        "too short to show an action and its result"
        if n_words < MIN_WORDS
        else "too long to read at a glance"
    )
    return [
        Finding(
            "length",
            f"{n_words} words: {why}",
            _span(c.text, 0, len(c.text)),
            f"Aim for {MIN_WORDS}-{MAX_WORDS} words, one line or two",
            PENALTIES["length"],
        )
    ]


def _tense(c: _Ctx) -> list[Finding]:
    if not c.tense or c.lead is None or c.opener or c.verb is None:
        return []
    form = form_of(c.lead.text)
    wrong = (c.tense == "past" and form in ("base", "third")) or (c.tense == "present" and form == "past")
    if not wrong or c.verb.base == c.verb.past:  # "cut", "set": one spelling, both tenses
        return []
    want = c.verb.past if c.tense == "past" else c.verb.base
    actual, role = ("present", "over") if c.tense == "past" else ("past", "current")
    return [
        Finding(
            "tense",
            f"“{c.lead.text}” is in the {actual} tense, but the role is {role}",
            c.lead,
            f"Write “{want.capitalize()}”",
            PENALTIES["tense"],
        )
    ]


def _repeated(c: _Ctx) -> list[Finding]:
    if c.verb_uses <= REPEAT_LIMIT or c.lead is None or c.verb is None:
        return []
    return [
        Finding(
            "repeated_verb",
            f"“{c.verb.base}” leads {c.verb_uses} bullets of this resume",
            c.lead,
            "Vary the verb: pick another one of the same meaning",
            PENALTIES["repeated_verb"],
        )
    ]


_RULES = (_weak_opener, _passive_voice, _first_person, _filler, _result, _length, _tense, _repeated)


def analyze(
    text: str,
    *,
    tense: Tense | None = None,
    verb_uses: int = 0,
    placeholders_count: bool = True,
) -> Review:
    """Review one bullet.

    ``tense`` is what the entry's dates ask for (present for a current role, past otherwise);
    ``verb_uses`` is how many bullets of the same resume the lead verb leads (this one included).
    """
    opener, lead, verb = _lead(text)
    passive = _main_passive(text)
    if passive is not None and opener is None and lead is not None and _passive_subject(text, passive, lead):
        # "Wait times were reduced by 30%": the participle is the action; the subject its object.
        verb = lookup(passive.group(2)) or verb
        lead = Span(passive.start(2), passive.end(2), passive.group(2))
    review = Review(text=text, tense=tense, lead=lead, verb=verb, parts=_parts(text, lead, verb))
    ctx = _Ctx(text, tense, opener, lead, verb, passive, review.parts, placeholders_count, verb_uses)
    for rule in _RULES:
        review.findings.extend(rule(ctx))
    total = sum(f.penalty for f in review.findings)
    review.score = max(0, 100 - total)
    review.formula = (
        "100" + "".join(f" - {f.penalty} ({f.code})" for f in review.findings) + f" = {review.score}"
    )
    return review
