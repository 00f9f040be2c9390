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
    review = Review(text=text, tense=tense, lead=None, verb=None)
    opener, lead, verb = _lead(text)
    passive = _main_passive(text)
    if passive is not None and opener is None and lead is not None and _passive_subject(text, passive, lead):
        # "Wait times were reduced by 30%": the participle is the action; the subject its object.
        verb = lookup(passive.group(2)) or verb
        lead = Span(passive.start(2), passive.end(2), passive.group(2))
    review.lead, review.verb = lead, verb
    findings = review.findings
    holes = [(m.start(), m.end()) for m in PLACEHOLDER_RE.finditer(text)] if "[" in text else []
    n_words = sum(1 for t in tokens_of(text) if not any(a <= t.start < b for a, b in holes))

    # --- parts ----------------------------------------------------------------------------
    action_start = 0
    result = _result_span(text, lead.end if lead else 0, verb)
    has_result_placeholder = PLACEHOLDER_RESULT in text
    context: Span | None = None
    cm = _CONTEXT_MARKERS.search(text, lead.end if lead else 0)
    if cm and (result is None or cm.start() < result.start):
        end = text.find(",", cm.end())
        end = (
            end
            if end > 0 and (result is None or end <= result.start)
            else (result.start if result else len(text))
        )
        context = _span(text, cm.start(), end)
    action_end = (
        min(s.start for s in (result, context) if s is not None) if (result or context) else len(text)
    )
    if context and context.start == 0:
        action_end = result.start if result else len(text)
    review.parts["action"] = _span(text, action_start, max(action_end, action_start))
    if context:
        review.parts["context"] = context
    if result:
        review.parts["result"] = result

    # --- findings -------------------------------------------------------------------------
    if opener:
        findings.append(
            Finding(
                "weak_opener",
                f"“{opener.text}” describes a duty, not what you did",
                opener,
                "Start with the action itself in a strong verb"
                + (f" such as “{verb.past.capitalize()}”" if verb and not verb.weak else ""),
                PENALTIES["weak_opener"],
            )
        )
    elif lead is not None and verb is not None and verb.weak:
        findings.append(
            Finding(
                "weak_opener",
                f"“{lead.text}” is a weak verb that hides what you did",
                lead,
                "Name the action with a verb that says what changed",
                PENALTIES["weak_opener"],
            )
        )
    elif lead is not None and not _is_verb_like(lead.text) and passive is None:
        findings.append(
            Finding(
                "weak_opener",
                f"the bullet starts with “{lead.text}”, not with an action verb",
                lead,
                "Lead with the verb for what you did",
                PENALTIES["weak_opener"],
            )
        )
    for m in _PASSIVE.finditer(text):
        participle = m.group(2).lower()
        if participle in _NOT_PASSIVE or (opener and opener.start <= m.start() < opener.end):
            continue
        if form_of(participle) not in ("past", None) and not participle.endswith("ed"):
            continue
        findings.append(
            Finding(
                "passive_voice",
                "passive voice hides who acted",
                _span(text, m.start(), m.end()),
                "Say it actively: the verb first, what it acted on after",
                PENALTIES["passive_voice"],
            )
        )
        break
    first = pronouns(text)
    if first:
        m0 = first[0]
        findings.append(
            Finding(
                "first_person",
                "resume bullets leave out first-person pronouns",
                Span(m0.start, m0.end, m0.text),
                "Drop the pronoun; the resume is already about you",
                PENALTIES["first_person"],
            )
        )
    filler_total = 0
    for fm in buzzwords_and_filler(text):
        assert fm.phrase is not None
        penalty = min(PENALTIES["filler"], FILLER_CAP - filler_total)
        filler_total += penalty
        replacement = fm.phrase.replacement
        findings.append(
            Finding(
                "filler",
                f"“{fm.text}” is {'a buzzword' if fm.phrase.kind == 'buzzword' else 'filler'} a reader cannot check",
                Span(fm.start, fm.end, fm.text),
                f"Replace it with “{replacement}”"
                if replacement
                else "Remove it; show it with a fact instead",
                penalty,
            )
        )
    if result is None:
        penalty = (
            PLACEHOLDER_PENALTY["no_result"]
            if has_result_placeholder and placeholders_count
            else PENALTIES["no_result"]
        )
        findings.append(
            Finding(
                "no_result",
                "the bullet says what you did but not what came of it",
                review.parts["action"],
                "End with the result: what changed, for whom, by how much",
                penalty,
            )
        )
    elif (
        not any(result.start <= s < result.end for s, _, _ in numbers_in(text))
        and not _METRIC.search(text)
        and not _ACHIEVEMENT.search(result.text)
    ):
        penalty = (
            PLACEHOLDER_PENALTY["no_number"]
            if PLACEHOLDER_NUMBER in text and placeholders_count
            else PENALTIES["no_number"]
        )
        findings.append(
            Finding(
                "no_number",
                "the result has no number",
                result,
                "Add the figure: a percentage, an amount, a count or a time",
                penalty,
            )
        )
    if n_words < MIN_WORDS or n_words > MAX_WORDS:
        findings.append(
            Finding(
                "length",
                f"{n_words} words: {'too short to show an action and its result' if n_words < MIN_WORDS else 'too long to read at a glance'}",
                _span(text, 0, len(text)),
                f"Aim for {MIN_WORDS}-{MAX_WORDS} words, one line or two",
                PENALTIES["length"],
            )
        )
    if tense and lead is not None and not opener:
        form = form_of(lead.text)
        ambiguous = verb is not None and verb.base == verb.past
        wrong = (tense == "past" and form in ("base", "third")) or (tense == "present" and form == "past")
        if wrong and not ambiguous and verb is not None:
            want = verb.past if tense == "past" else verb.base
            findings.append(
                Finding(
                    "tense",
                    f"“{lead.text}” is in the {'present' if tense == 'past' else 'past'} tense, but the role is "
                    f"{'over' if tense == 'past' else 'current'}",
                    lead,
                    f"Write “{want.capitalize()}”",
                    PENALTIES["tense"],
                )
            )
    if verb_uses > REPEAT_LIMIT and lead is not None and verb is not None:
        findings.append(
            Finding(
                "repeated_verb",
                f"“{verb.base}” leads {verb_uses} bullets of this resume",
                lead,
                "Vary the verb: pick another one of the same meaning",
                PENALTIES["repeated_verb"],
            )
        )

    total = sum(f.penalty for f in findings)
    review.score = max(0, 100 - total)
    review.formula = "100" + "".join(f" - {f.penalty} ({f.code})" for f in findings) + f" = {review.score}"
    return review
