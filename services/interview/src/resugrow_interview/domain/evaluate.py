"""Answer evaluation: per-dimension scores 0-10, a weighted 0-100 total with its formula,
evidence quotes, one next step and a targeted follow-up. Pure and deterministic."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from resugrow_interview.domain import phases as phase_mod
from resugrow_interview.domain.bank import Question
from resugrow_interview.domain.delivery import (
    FillerHit,
    TimedWord,
    find_hedges,
    find_hesitations,
    find_lexical_fillers,
    immediate_repeats,
    most_repeated,
    pace,
)
from resugrow_interview.domain.relevance import StemIndex, relevance
from resugrow_interview.domain.sqlcheck import FixtureDatabases, check_answer
from resugrow_interview.domain.star import analyse
from resugrow_interview.domain.text import (
    content_stems,
    numbers_in,
    phrase_stems,
    quote,
    split_sentences,
    stem,
    tokens,
    words,
)

ALGO_VERSION = "interview-eval/1.0.0"

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


_GENERIC_QUESTION_STEMS = frozenset(
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


def _r1(x: float) -> float:
    return round(max(0.0, min(10.0, x)) + 1e-9, 1)


def _specificity(answer: str, *, shape: str, hypothetical: bool) -> tuple[float, dict[str, Any]]:
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
    return _r1(score), {
        "numbers": nums[:12],
        "metric_words": metrics[:12],
        "outcome_words": outcomes[:8],
        "named_things": named[:8],
        "hypothetical_penalty": hypothetical,
    }


def _delivery(
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
        "hesitations": {"count": len(hes), "items": _hit_items(answer, hes)},
        "lexical_fillers": {"count": len(lex), "items": _hit_items(answer, lex)},
        "filler_rate_per_100_words": round(rate, 1),
        "hedges": {"count": len(hedges), "items": _hit_items(answer, hedges)},
        "repeated_words": [w for w, _ in repeats],
        "most_repeated": [{"word": w, "count": c} for w, c in most_repeated(toks)],
        "length": {"words": words, "ideal_min": lo, "ideal_max": hi, "verdict": verdict},
        "words_per_minute": None,
        "long_pauses": [],
    }
    if timings:
        report = pace(list(timings), long_pause_seconds=long_pause_seconds)
        details["words_per_minute"] = report.words_per_minute
        details["timed_words"] = report.words
        details["duration_seconds"] = report.duration_seconds
        details["long_pauses"] = report.long_pauses
        details["pause_seconds"] = report.pause_seconds
        wpm = report.words_per_minute
        if wpm is not None:
            low, high = PACE_RANGE
            if wpm < low:
                score -= min(2.0, (low - wpm) / 30)
                details["pace_verdict"] = "slow"
            elif wpm > high:
                score -= min(2.0, (wpm - high) / 30)
                details["pace_verdict"] = "fast"
            else:
                details["pace_verdict"] = "good"
        score -= min(1.5, 0.5 * len(report.long_pauses))
    return _r1(score), details


def _hit_items(answer: str, hits: list[FillerHit], limit: int = 10) -> list[dict[str, Any]]:
    out = []
    for h in hits[:limit]:
        lo = max(0, h.start - 25)
        hi = min(len(answer), h.end + 25)
        out.append({"word": h.word, "offset": h.start, "context": quote(answer[lo:hi], 80)})
    return out


_FOLLOW_UPS: dict[str, str] = {
    "star:result": "What was the measurable result?",
    "star:action": "What did you personally do, step by step?",
    "star:situation": "Can you set the scene: where were you and what was at stake?",
    "star:task": "What exactly were you responsible for in that situation?",
    "star:reflection": "What did you learn from it, and what would you do differently next time?",
    "star:hypothetical": "Can you tell me about a specific time this actually happened, and what you did?",
    "ownership": "Which part of that was your own contribution, as opposed to the team's?",
    "specificity": "Can you put numbers on that: how big, how fast, how much changed?",
    "system_design:requirements": "Before the architecture: what are the functional and non-functional requirements?",
    "system_design:estimates": "Roughly how many requests per second and how much storage does this need?",
    "system_design:api": "What would the main API endpoints look like?",
    "system_design:data_model": "How would you model and store the data?",
    "system_design:scaling": "What breaks first at ten times the traffic, and how would you scale it?",
    "system_design:tradeoffs": "What trade-offs did you make, and which alternative did you reject?",
    "coding:clarification": "What assumptions are you making about the input?",
    "coding:approach": "Can you walk me through your approach before writing any code?",
    "coding:complexity": "What are the time and space complexity of your approach?",
    "coding:edge_cases": "Which edge cases would you handle, and how?",
    "coding:testing": "How would you test it? Walk me through one example input.",
    "product_sense:goal_and_users": "Who is the user here, and what goal are you optimising for?",
    "product_sense:ideas": "What concrete solutions would you consider?",
    "product_sense:prioritisation": "Which of those would you do first, and why?",
    "product_sense:metrics": "How would you measure whether it worked?",
    "product_sense:tradeoffs": "What are the risks or trade-offs of that choice?",
    "explanation:definition": "Can you define it in one or two sentences first?",
    "explanation:mechanism": "How does it work underneath? Walk me through the mechanism.",
    "explanation:example": "Can you give a concrete example from your own work?",
    "explanation:tradeoffs": "When would this not be the right choice? What are its limits?",
    "delivery": "Could you give that answer again in about a minute, a little more slowly and without the fillers?",
}
_STAR_PRIORITY = ("action", "result", "situation", "task", "reflection")

_NEXT_STEPS: dict[str, str] = {
    "star:result": "Add a result sentence that says what changed and by how much, e.g. 'errors fell from 4% to 0.3% in two weeks'.",
    "star:action": "Describe the steps you took yourself, one sentence per step, each starting with 'I ...'.",
    "star:situation": "Open with one or two sentences of context: where you were, what the problem was and why it mattered.",
    "star:task": "Say plainly what you were responsible for or what the goal was before describing what you did.",
    "star:reflection": "Close with one sentence on what you learned or now do differently.",
    "star:hypothetical": "Answer with one real past example ('At my last job, I ...') instead of what you would do.",
    "ownership": "Say 'I' for the work that was yours and name your own part; keep 'we' for the team's share.",
    "specificity": "Put numbers on the story: sizes, durations, money or percentages before and after.",
    "delivery:fillers": "Replace fillers with a silent pause: you used {hes} hesitation sound(s) and {lex} filler word(s).",
    "delivery:short": "Develop the answer to at least {lo} words: it has {words}.",
    "delivery:long": "Tighten the answer to under {hi} words: it has {words}.",
    "delivery:pace": "Aim for 120-160 words per minute: this answer ran at {wpm}.",
    "delivery:hedges": "Drop hedges such as '{hedge}': state what you did and what happened.",
    "correctness": "Fix the query: {reason}.",
}
_PHASE_STEPS: dict[str, str] = {
    "requirements": "Start by listing functional and non-functional requirements (scale, latency, availability).",
    "estimates": "Add a back-of-the-envelope estimate: requests per second, storage per year, bandwidth.",
    "api": "Sketch the main API calls with their inputs and outputs.",
    "data_model": "Describe the data model: the main entities, keys and which store holds them.",
    "scaling": "Explain how the design scales: caching, partitioning, replication, queues.",
    "tradeoffs": "Name one trade-off you made and the alternative you rejected.",
    "clarification": "Begin by stating your assumptions about the input (size, ordering, duplicates).",
    "approach": "Explain the approach in plain words before code, starting from brute force.",
    "complexity": "State the time and space complexity in big-O terms.",
    "edge_cases": "List the edge cases (empty input, duplicates, negatives) and how you handle them.",
    "testing": "Walk through one small example input to show the algorithm works.",
    "goal_and_users": "Start with the user and the goal you are optimising for.",
    "ideas": "Offer two or three concrete solution ideas.",
    "prioritisation": "Pick one idea and justify it by impact and effort.",
    "metrics": "Name the metric that would show success and a guardrail metric.",
    "definition": "Open with a one-sentence definition.",
    "mechanism": "Explain how it works underneath, step by step.",
    "example": "Give one concrete example, ideally from your own work.",
}


def evaluate(
    question: EvalQuestion,
    answer: str,
    *,
    timings: Sequence[TimedWord] | None = None,
    job_terms: Sequence[str] = (),
    databases: FixtureDatabases | None = None,
    long_pause_seconds: float = 2.0,
) -> dict[str, Any]:
    """Evaluate one validated answer. `timings` must already be validated (see delivery.validate_timings)."""
    shape = question.answer_shape
    weights = WEIGHTS[shape]
    sentences = split_sentences(answer)
    dims: dict[str, float] = {}
    details: dict[str, Any] = {}
    evidence: list[dict[str, str]] = []
    result: dict[str, Any] = {
        "algo_version": ALGO_VERSION,
        "question_id": question.id,
        "question_type": question.type,
        "answer_shape": shape,
    }

    star = analyse(answer, sentences)
    hypothetical = star.hypothetical and shape == "star"
    result["sentences"] = [
        {"index": s.index, "text": s.text, "label": s.label, "hypothetical": s.hypothetical}
        for s in star.sentences
    ]
    gaps: list[str] = []  # keys into the follow-up/next-step tables, most important first

    if shape == "star":
        present = set(star.present)
        structure = (
            1.5 * ("situation" in present)
            + 1.5 * ("task" in present)
            + 3.5 * ("action" in present)
            + 2.5 * ("result" in present)
            + 1.0 * ("reflection" in present)
        )
        if hypothetical:
            structure *= 0.6
        dims["structure"] = _r1(structure)
        details["star"] = {
            "present": list(star.present),
            "missing": list(star.missing),
            "hypothetical": hypothetical,
        }
        if hypothetical:
            gaps.append("star:hypothetical")
            first = star.sentences[star.hypothetical_sentences[0]]
            evidence.append(
                {
                    "dimension": "structure",
                    "quote": quote(first.text),
                    "note": "hypothetical: describes what you would do, not what you did",
                }
            )
        gaps.extend(f"star:{c}" for c in _STAR_PRIORITY if c in star.missing)
        for label in ("result", "action"):
            sent = next((s for s in star.sentences if s.label == label), None)
            if sent is not None:
                evidence.append(
                    {"dimension": "structure", "quote": quote(sent.text), "note": f"{label} sentence"}
                )
        # Ownership: first-person actions against team actions.
        i_act, we_act = star.i_actions, star.we_actions
        if i_act + we_act == 0:
            own = 3.0 if star.i_count == 0 else 5.0
        else:
            own = 10.0 * (i_act + 0.3 * we_act) / (i_act + we_act)
        if star.i_count + star.we_count:
            own = min(own, 4.0 + 8.0 * star.i_count / (star.i_count + star.we_count))
        if hypothetical:
            own = min(own, 3.0)
        dims["ownership"] = _r1(own)
        details["ownership"] = {
            "i_count": star.i_count,
            "we_count": star.we_count,
            "i_actions": i_act,
            "we_actions": we_act,
        }
        if we_act > i_act:
            sent = next((s for s in star.sentences if s.we_action and not s.i_action), None)
            if sent is not None:
                evidence.append(
                    {"dimension": "ownership", "quote": quote(sent.text), "note": "'we' hides your own part"}
                )
    elif shape in ("design_phases", "explanation"):
        name, pset = phase_mod.phase_set_for(question.type, shape)
        cov = phase_mod.coverage(answer, pset, name, sentences)
        dims["structure"] = _r1(10.0 * len(cov.covered) / len(pset))
        details["phases"] = {"set": name, "covered": list(cov.covered), "missing": list(cov.missing)}
        gaps.extend(f"{name}:{p}" for p in cov.missing)
        for phase in cov.covered[:3]:
            evidence.append(
                {
                    "dimension": "structure",
                    "quote": quote(cov.evidence[phase]),
                    "note": f"covers {phase.replace('_', ' ')}",
                }
            )

    if shape == "query":
        sql = question.question.sql if question.question is not None else None
        if sql is None or databases is None:
            raise AnswerRejected("this question has no executable SQL fixture")
        outcome = check_answer(answer, expected=dict(sql.expected), ordered=sql.ordered, databases=databases)
        if outcome.correct:
            corr = 10.0
        elif outcome.executed:
            corr = (
                3.0
                if outcome.columns
                and sql.expected
                and len(outcome.columns) == len(next(iter(sql.expected.values()))[0])
                else 2.0
            )
        elif outcome.query:
            corr = 1.0
        else:
            corr = 0.0
        dims["correctness"] = corr
        details["sql"] = {
            "accepted": outcome.correct,
            "executed": outcome.executed,
            "query": outcome.query,
            "error": outcome.error,
            "mismatch": outcome.mismatch,
            "columns": list(outcome.columns),
            "rows_preview": [list(r) for r in outcome.rows_preview],
            "row_count": outcome.row_count,
            "expected_row_count": outcome.expected_row_count,
            "notes": outcome.notes,
        }
        if not outcome.correct:
            gaps.insert(0, "correctness")
        if outcome.query:
            evidence.append(
                {
                    "dimension": "correctness",
                    "quote": quote(outcome.query, 200),
                    "note": "accepted"
                    if outcome.correct
                    else (outcome.error or outcome.mismatch or "rejected"),
                }
            )
    else:
        spec, spec_details = _specificity(answer, shape=shape, hypothetical=hypothetical)
        dims["specificity"] = spec
        details["specificity"] = spec_details

    # Relevance: the question's talking points, plus the question's and the job's terms.
    index = StemIndex.of(answer)
    term_tags = list(question.term_tags)
    known = {t.lower() for t, _ in term_tags}
    for term in job_terms:
        if term.lower() not in known:
            known.add(term.lower())
            term_tags.append((term, phrase_stems(term)))
    rel = relevance(index, points=question.point_tags, terms=term_tags[:20])
    topic_cov: float | None = None
    if shape == "star" and question.id is not None:
        # Behavioral talking points are abstract; the question's own topic words keep the score
        # anchored to what was asked (a generic story about "teamwork" misses "disagreed", "manager").
        topic = [s for s in dict.fromkeys(content_stems(question.text)) if s not in _GENERIC_QUESTION_STEMS]
        topic_cov = sum(1 for s in topic if index.has(s)) / len(topic) if topic else 0.0
        term_part = rel.term_coverage if rel.term_coverage is not None else rel.point_coverage
        lexical = min(
            1.0,
            0.45 * min(1.0, topic_cov * 1.5) + 0.4 * min(1.0, rel.point_coverage * 1.5) + 0.15 * term_part,
        )
        # Grounding: talking points count fully only inside a real story (past actions and
        # results), so a list of buzzwords with no story does not score as relevant.
        grounding = 0.4 + 0.6 * dims["structure"] / 10.0
        rel_score = 10.0 * lexical * grounding
    elif question.id is None and question.point_tags:
        rel_score = 10.0 * min(1.0, rel.point_coverage * 1.6)
    elif rel.term_coverage is None:
        rel_score = 10.0 * rel.point_coverage
    else:
        rel_score = 10.0 * (0.75 * rel.point_coverage + 0.25 * rel.term_coverage)
    if shape in ("design_phases", "explanation") and "structure" in dims:
        # Naming the right terms without explaining them is only half an answer.
        rel_score *= 0.5 + 0.5 * dims["structure"] / 10.0
    dims["relevance"] = _r1(rel_score)
    missing_points = [p for p, ok in rel.points if not ok]
    details["relevance"] = {
        "talking_points": [{"point": p, "covered": ok} for p, ok in rel.points] if question.id else [],
        "question_words_covered": round(rel.point_coverage, 2) if question.id is None else None,
        "question_topic_covered": round(topic_cov, 2) if topic_cov is not None else None,
        "job_terms_used": list(rel.terms_used),
        "job_terms_missing": list(rel.terms_missing),
    }

    if shape != "query":
        deliv, deliv_details = _delivery(
            answer, shape=shape, timings=timings, long_pause_seconds=long_pause_seconds
        )
        dims["delivery"] = deliv
        details["delivery"] = deliv_details
        hes_items = deliv_details["hesitations"]["items"] + deliv_details["lexical_fillers"]["items"]
        if hes_items:
            evidence.append(
                {
                    "dimension": "delivery",
                    "quote": hes_items[0]["context"],
                    "note": f"filler '{hes_items[0]['word']}'",
                }
            )
    else:
        toks = tokens(answer)
        hes = find_hesitations(answer, toks)
        lex = find_lexical_fillers(answer, toks)
        details["delivery"] = {
            "word_count": len(toks) - len(hes),
            "hesitations": {"count": len(hes), "items": _hit_items(answer, hes)},
            "lexical_fillers": {"count": len(lex), "items": _hit_items(answer, lex)},
            "words_per_minute": None,
        }
        if timings:
            details["delivery"]["words_per_minute"] = pace(
                list(timings), long_pause_seconds=long_pause_seconds
            ).words_per_minute

    # Weighted total and its formula.
    used = {k: w for k, w in weights.items() if k in dims}
    wsum = sum(used.values())
    raw = sum(used[k] * dims[k] for k in used) / wsum
    total = int(round(10 * raw + 1e-9))
    expression = " + ".join(f"{used[k]:.2f}×{dims[k]:.1f}" for k in used)
    result["total"] = total
    result["band"] = band_for(total)
    result["dimensions"] = {k: {"score": dims[k], "weight": used[k]} for k in used}
    result["formula"] = {
        "expression": f"total = round(10 × ({expression}) / {wsum:.2f}) = {total}",
        "weights": used,
        "description": "each dimension is scored 0-10; the total is their weighted mean scaled to 0-100",
    }
    result.update(details)

    # The weakest dimension decides the next step and the follow-up.
    weakest = max(used, key=lambda k: (used[k] * (10 - dims[k]), -list(used).index(k)))
    if (
        shape == "star"
        and "star:result" in gaps
        and "star:hypothetical" not in gaps
        and weakest in ("specificity", "structure")
    ):
        # A missing result is also why the answer lacks numbers: one question fixes both.
        weakest = "structure"
        gaps.remove("star:result")
        gaps.insert(0, "star:result")
    if hypothetical:
        # Until the answer is a real past example, nothing else is worth asking about.
        weakest = "structure"
    result["weakest_dimension"] = weakest
    result["next_step"] = _next_step(weakest, gaps, dims, details, missing_points)
    follow_key = _follow_up_key(weakest, gaps, dims)
    if shape == "query" and follow_key != "correctness":
        follow_key = None  # a correct query needs no follow-up about wording
    essential_gap = follow_key in ("star:result", "star:action", "star:hypothetical")
    if follow_key is not None and (dims[weakest] < WEAK_DIMENSION or essential_gap):
        text = _FOLLOW_UPS.get(follow_key)
        if follow_key == "correctness":
            sql_d = details["sql"]
            if sql_d.get("error"):
                text = f"Your query was not accepted ({sql_d['error']}). Can you fix it?"
            else:
                text = (
                    f"Your query does not return the expected rows ({sql_d.get('mismatch')}). Can you fix it?"
                )
        elif follow_key == "relevance" and missing_points:
            text = f"Could you also speak to {missing_points[0]}?"
        result["follow_up"] = {"dimension": weakest, "gap": follow_key, "text": text} if text else None
    else:
        result["follow_up"] = None
    result["evidence"] = evidence[:8]
    return result


def _follow_up_key(weakest: str, gaps: list[str], dims: dict[str, float]) -> str | None:
    if weakest == "structure":
        return gaps[0] if gaps and gaps[0] != "star:reflection" else None
    if weakest in ("ownership", "specificity", "correctness", "relevance", "delivery"):
        return weakest
    return None


def _next_step(
    weakest: str, gaps: list[str], dims: dict[str, float], details: dict[str, Any], missing_points: list[str]
) -> str:
    if weakest == "structure" and gaps:
        key = gaps[0]
        if key in _NEXT_STEPS:
            return _NEXT_STEPS[key]
        return _PHASE_STEPS.get(key.split(":", 1)[1], "Cover the missing part of the answer.")
    if weakest == "correctness":
        sql = details.get("sql", {})
        return _NEXT_STEPS["correctness"].format(
            reason=sql.get("error") or sql.get("mismatch") or "compare your result with the question"
        )
    if weakest == "relevance" and missing_points:
        return f"Cover the talking point you missed: '{missing_points[0]}'."
    if weakest == "relevance":
        missing = details.get("relevance", {}).get("job_terms_missing") or []
        if missing:
            return f"Use the job's own terms where they are true for you, e.g. '{missing[0]}'."
        return "Answer the question that was asked more directly, using its key words."
    if weakest == "delivery":
        d = details.get("delivery", {})
        length = d.get("length", {})
        if length.get("verdict") == "too short":
            return _NEXT_STEPS["delivery:short"].format(lo=length["ideal_min"], words=length["words"])
        if d.get("hesitations", {}).get("count", 0) + d.get("lexical_fillers", {}).get("count", 0) >= 3:
            return _NEXT_STEPS["delivery:fillers"].format(
                hes=d["hesitations"]["count"], lex=d["lexical_fillers"]["count"]
            )
        if d.get("pace_verdict") in ("slow", "fast"):
            return _NEXT_STEPS["delivery:pace"].format(wpm=d.get("words_per_minute"))
        if length.get("verdict") == "too long":
            return _NEXT_STEPS["delivery:long"].format(hi=length["ideal_max"], words=length["words"])
        if d.get("hedges", {}).get("items"):
            return _NEXT_STEPS["delivery:hedges"].format(hedge=d["hedges"]["items"][0]["word"])
        return "Practise the answer aloud once more and keep the same structure."
    if weakest in _NEXT_STEPS:
        return _NEXT_STEPS[weakest]
    return "Practise the same question again and compare the scores."
