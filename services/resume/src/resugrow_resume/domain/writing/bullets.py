"""SAR review of one bullet: its parts (context, action, result) with spans, findings, a score.

Everything here is rules over the user's own text and Resugrow's word tables (resugrow_text):
the same bullet always gets the same review, and every finding quotes the span behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

# Re-exported for the rewrite rules and the tests, which read bullets through this module.
from resugrow_resume.domain.writing.parse import _ACHIEVEMENT as _ACHIEVEMENT
from resugrow_resume.domain.writing.parse import _METRIC as _METRIC
from resugrow_resume.domain.writing.parse import _NOT_PASSIVE as _NOT_PASSIVE
from resugrow_resume.domain.writing.parse import _PASSIVE as _PASSIVE
from resugrow_resume.domain.writing.parse import _PRONOUN_LEAD as _PRONOUN_LEAD
from resugrow_resume.domain.writing.parse import _WORD as _WORD
from resugrow_resume.domain.writing.parse import OUTCOME_BASES as OUTCOME_BASES
from resugrow_resume.domain.writing.parse import Span as Span
from resugrow_resume.domain.writing.parse import _head as _head
from resugrow_resume.domain.writing.parse import _is_verb_like as _is_verb_like
from resugrow_resume.domain.writing.parse import _lead as _lead
from resugrow_resume.domain.writing.parse import _main_passive as _main_passive
from resugrow_resume.domain.writing.parse import _parts as _parts
from resugrow_resume.domain.writing.parse import _passive_subject as _passive_subject
from resugrow_resume.domain.writing.parse import _span as _span
from resugrow_text import Verb, buzzwords_and_filler, form_of, lookup, numbers_in, pronouns, tokens_of

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
