"""What answer evaluation is built from: limits, weights, bands, the evaluated question, and the
specificity and delivery scorers with their word lists. `evaluate.py` runs the dimensions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from resugrow_interview.domain.bank import Question
from resugrow_interview.domain.delivery import (
    FillerHit,
    find_hedges,
    find_hesitations,
    find_lexical_fillers,
    immediate_repeats,
    most_repeated,
)
from resugrow_interview.domain.text import (
    content_stems,
    numbers_in,
    quote,
    stem,
    tokens,
    words,
)
from resugrow_interview.domain.timing import TimedWord, pace

ALGO_VERSION = "interview-eval/1.2.0"

MAX_ANSWER_CHARS = 20_000
MAX_ANSWER_WORDS = 4_000

WEIGHTS: dict[str, dict[str, float]] = {
    # Behavioral relevance is lexical and easy to game with buzzwords, so it weighs less than
    # the story's structure and evidence.
    "star": {"structure": 0.30, "specificity": 0.25, "ownership": 0.15, "relevance": 0.15, "delivery": 0.15},
    "design_phases": {"structure": 0.35, "specificity": 0.20, "relevance": 0.30, "delivery": 0.15},
    "explanation": {"structure": 0.25, "specificity": 0.10, "relevance": 0.45, "delivery": 0.20},
    "query": {"correctness": 0.80, "relevance": 0.20},
}
# Ideal spoken length in words per answer shape (about 1 to 3 minutes at 130 wpm for STAR).
LENGTH_RANGE: dict[str, tuple[int, int]] = {
    "star": (120, 420),
    "design_phases": (200, 900),
    "explanation": (60, 400),
    "query": (1, 400),
}
BANDS: tuple[tuple[int, str], ...] = ((80, "strong"), (60, "solid"), (40, "developing"), (0, "needs work"))
WEAK_DIMENSION = 6.0
PACE_RANGE = (110.0, 170.0)

_METRIC_TOKENS = frozenset(
    [
        "percent",
        "revenue",
        "latency",
        "user",
        "users",
        "customer",
        "customers",
        "conversion",
        "retention",
        "churn",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "minute",
        "minutes",
        "second",
        "seconds",
        "ms",
        "millisecond",
        "milliseconds",
        "cost",
        "budget",
        "dollar",
        "dollars",
        "rate",
        "error",
        "errors",
        "downtime",
        "sales",
        "leads",
        "nps",
        "throughput",
        "qps",
        "rps",
        "gb",
        "tb",
        "request",
        "requests",
        "order",
        "orders",
        "ticket",
        "tickets",
        "booking",
        "bookings",
        "signup",
        "signups",
        "sign-ups",
        "download",
        "downloads",
        "deal",
        "deals",
        "margin",
        "quota",
        "accuracy",
        "precision",
        "recall",
        "auc",
        "point",
        "points",
    ]
)
_OUTCOME_TOKENS = frozenset(
    [
        "reduced",
        "increased",
        "improved",
        "cut",
        "saved",
        "grew",
        "dropped",
        "rose",
        "doubled",
        "halved",
        "tripled",
        "boosted",
        "lifted",
        "lowered",
        "raised",
        "decreased",
        "fell",
        "shipped",
        "launched",
        "delivered",
        "won",
        "closed",
        "renewed",
        "finished",
        "completed",
        "eliminated",
        "prevented",
    ]
)
_NAMED_THING = re.compile(r"(?<=[a-z,;] )[A-Z][A-Za-z0-9+#.]*[A-Za-z0-9+#]|\b[A-Z]{2,}[a-z]?\b")


GENERIC_QUESTION_STEMS = frozenset(
    stem(w)
    for w in [
        "tell",
        "time",
        "describe",
        "example",
        "give",
        "moment",
        "situation",
        "walk",
        "project",
        "something",
        "someone",
        "way",
        "work",
        "thing",
        "happened",
    ]
)


class AnswerRejected(ValueError):
    """The answer is empty, too large or not text; the message says which."""


@dataclass(frozen=True)
class EvalQuestion:
    """What evaluation needs about a question: a bank question or one typed by the user."""

    id: str | None
    type: str
    text: str
    answer_shape: str
    competency: str | None
    point_tags: tuple[tuple[str, tuple[str, ...]], ...]
    term_tags: tuple[tuple[str, tuple[str, ...]], ...]
    question: Question | None = None

    @classmethod
    def from_bank(cls, q: Question) -> EvalQuestion:
        return cls(
            q.id,
            q.type,
            q.text,
            q.answer_shape,
            q.competency,
            tuple(zip(q.talking_points, q.point_stems, strict=True)),
            tuple(zip(q.job_terms, q.term_stems, strict=True)),
            q,
        )

    @classmethod
    def ad_hoc(cls, text: str) -> EvalQuestion:
        """A free-text question: its shape is inferred, its own key words act as talking points."""
        lower = text.lower()
        if re.search(
            r"\b(tell me about a time|describe a (time|situation|moment)|give (me )?an example of a time|walk me through a time|tell me about a (project|mistake|conflict|decision))\b",
            lower,
        ):
            qtype, shape = "behavioral", "star"
        elif re.search(r"\bdesign (a|an|the)\b", lower) and not re.search(
            r"\b(logo|poster|page layout)\b", lower
        ):
            qtype, shape = "system_design", "design_phases"
        elif re.search(
            r"\b(algorithm|array|linked list|binary tree|complexity|implement a function|write a function)\b",
            lower,
        ):
            qtype, shape = "coding", "explanation"
        else:
            qtype, shape = "general", "explanation"
        seen: list[str] = []
        for s in content_stems(text):
            if s not in seen and len(s) > 2:
                seen.append(s)
        points = tuple((s, (s,)) for s in seen[:12])
        return cls(None, qtype, text, shape, None, points, ())


def validate_answer(answer: Any) -> str:
    if not isinstance(answer, str):
        raise AnswerRejected("the answer must be text")
    if len(answer) > MAX_ANSWER_CHARS:
        raise AnswerRejected(f"the answer is longer than {MAX_ANSWER_CHARS} characters")
    if "\x00" in answer or "\ufffd" in answer:
        raise AnswerRejected("the answer contains binary data")
    controls = sum(1 for c in answer if ord(c) < 32 and c not in "\n\r\t")
    if controls:
        raise AnswerRejected("the answer contains control characters; send plain text")
    stripped = answer.strip()
    if not stripped:
        raise AnswerRejected("the answer is empty")
    letters = sum(1 for c in stripped if c.isalpha())
    if letters == 0:
        raise AnswerRejected("the answer has no words")
    if len(stripped.split()) > MAX_ANSWER_WORDS:
        raise AnswerRejected(f"the answer has more than {MAX_ANSWER_WORDS} words")
    return stripped


def band_for(total: int) -> str:
    for floor, name in BANDS:
        if total >= floor:
            return name
    return BANDS[-1][1]


def r1(x: float) -> float:
    return round(max(0.0, min(10.0, x)) + 1e-9, 1)


def specificity(answer: str, *, shape: str, hypothetical: bool) -> tuple[float, dict[str, Any]]:
    nums = sorted(set(numbers_in(answer)))
    n = len(nums)
    num_score = (
        [0.0, 3.0, 4.5, 5.5][min(n, 3)] if shape != "design_phases" else [0.0, 3.0, 4.5, 5.5, 6.0][min(n, 4)]
    )
    lowered = words(answer)
    metric_set = {
        w for w in lowered if w in _METRIC_TOKENS or (w[:1] == "p" and w[1:].isdigit() and len(w) == 3)
    }
    metric_set |= {sym for sym in ("%", "$", "€", "£") if sym in answer}
    metrics = sorted(metric_set)
    outcomes = sorted({w for w in lowered if w in _OUTCOME_TOKENS})
    named = sorted({m.group(0) for m in _NAMED_THING.finditer(answer)} - {"I"})
    score = (
        num_score + min(2.0, 0.7 * len(metrics)) + min(1.5, 1.0 * len(outcomes)) + min(1.0, 0.5 * len(named))
    )
    if hypothetical:
        score -= 3.0
    return r1(score), {
        "numbers": nums[:12],
        "metric_words": metrics[:12],
        "outcome_words": outcomes[:8],
        "named_things": named[:8],
        "hypothetical_penalty": hypothetical,
    }


def delivery_score(
    answer: str,
    *,
    shape: str,
    timings: Sequence[TimedWord] | None,
    long_pause_seconds: float,
) -> tuple[float, dict[str, Any]]:
    toks = tokens(answer)
    hes = find_hesitations(answer, toks)
    hes_starts = {h.start for h in hes}
    lex = find_lexical_fillers(answer, toks, hes)
    hedges = find_hedges(answer)
    repeats = immediate_repeats(toks, hes_starts)
    words = len(toks) - len(hes)
    lo, hi = LENGTH_RANGE[shape]
    score = 10.0
    rate = (len(hes) + len(lex)) / max(words, 1) * 100
    score -= min(4.0, rate * 0.5)
    hedge_rate = len(hedges) / max(words, 1) * 100
    score -= min(1.5, hedge_rate * 0.3)
    score -= min(1.5, 0.5 * len(repeats))
    if words < lo:
        verdict = "too short"
        score -= 5.0 * (1 - words / lo)
    elif words > hi:
        verdict = "too long"
        score -= min(2.0, (words - hi) / hi * 2)
    else:
        verdict = "good"
    details: dict[str, Any] = {
        "word_count": words,
        "hesitations": {"count": len(hes), "items": hit_items(answer, hes)},
        "lexical_fillers": {"count": len(lex), "items": hit_items(answer, lex)},
        "filler_rate_per_100_words": round(rate, 1),
        "hedges": {"count": len(hedges), "items": hit_items(answer, hedges)},
        "repeated_words": [w for w, _ in repeats],
        "most_repeated": [{"word": w, "count": c} for w, c in most_repeated(toks)],
        "length": {"words": words, "ideal_min": lo, "ideal_max": hi, "verdict": verdict},
        "words_per_minute": None,
        "long_pauses": [],
    }
    if timings:
        for lost in _pace(details, timings, long_pause_seconds):
            score -= lost
    return r1(score), details


def _pace(details: dict[str, Any], timings: Sequence[TimedWord], long_pause_seconds: float) -> list[float]:
    """Fill in the timed-delivery details; the points lost for pace, then for long pauses."""
    report = pace(list(timings), long_pause_seconds=long_pause_seconds)
    details["words_per_minute"] = report.words_per_minute
    details["timed_words"] = report.words
    details["duration_seconds"] = report.duration_seconds
    details["long_pauses"] = report.long_pauses
    details["pause_seconds"] = report.pause_seconds
    lost: list[float] = []
    wpm = report.words_per_minute
    if wpm is not None:
        low, high = PACE_RANGE
        if wpm < low:
            lost.append(min(2.0, (low - wpm) / 30))
            details["pace_verdict"] = "slow"
        elif wpm > high:
            lost.append(min(2.0, (wpm - high) / 30))
            details["pace_verdict"] = "fast"
        else:
            details["pace_verdict"] = "good"
    return [*lost, min(1.5, 0.5 * len(report.long_pauses))]


def hit_items(answer: str, hits: list[FillerHit], limit: int = 10) -> list[dict[str, Any]]:
    out = []
    for h in hits[:limit]:
        lo = max(0, h.start - 25)
        hi = min(len(answer), h.end + 25)
        out.append({"word": h.word, "offset": h.start, "context": quote(answer[lo:hi], 80)})
    return out
