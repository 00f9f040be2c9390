"""Answer evaluation: per-dimension scores 0-10, a weighted 0-100 total with its formula,
evidence quotes, one next step and a targeted follow-up. Pure and deterministic.

`evaluate` runs a fixed list of small scorers over one shared `_Scoring` state: structure by
answer shape (STAR story, design/explanation phases), content (SQL correctness or specificity),
relevance, delivery; then the weighted total and the advice."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from resugrow_interview.domain import phases as phase_mod
from resugrow_interview.domain.advice import STAR_PRIORITY, follow_up_key, follow_up_text, next_step
from resugrow_interview.domain.delivery import find_hesitations, find_lexical_fillers
from resugrow_interview.domain.relevance import StemIndex, relevance
from resugrow_interview.domain.scoring import (
    ALGO_VERSION,
    BANDS,
    GENERIC_QUESTION_STEMS,
    LENGTH_RANGE,
    MAX_ANSWER_CHARS,
    MAX_ANSWER_WORDS,
    PACE_RANGE,
    WEAK_DIMENSION,
    WEIGHTS,
    AnswerRejected,
    EvalQuestion,
    band_for,
    delivery_score,
    hit_items,
    r1,
    specificity,
    validate_answer,
)
from resugrow_interview.domain.sqlcheck import FixtureDatabases, SqlOutcome, check_answer
from resugrow_interview.domain.star import StarAnalysis, analyse
from resugrow_interview.domain.text import content_stems, phrase_stems, quote, split_sentences, tokens
from resugrow_interview.domain.timing import TimedWord, pace

__all__ = [  # the evaluation's public face: its callers import these from here
    "ALGO_VERSION", "BANDS", "LENGTH_RANGE", "MAX_ANSWER_CHARS", "MAX_ANSWER_WORDS", "PACE_RANGE",
    "WEAK_DIMENSION", "WEIGHTS", "AnswerRejected", "EvalQuestion", "band_for", "evaluate", "validate_answer",
]  # fmt: skip


@dataclass
class _Scoring:
    """What the scorers read and write while one answer is evaluated."""

    question: EvalQuestion
    answer: str
    shape: str
    star: StarAnalysis
    hypothetical: bool
    sentences: list[tuple[int, str]]
    timings: Sequence[TimedWord] | None
    job_terms: Sequence[str]
    databases: FixtureDatabases | None
    long_pause_seconds: float
    dims: dict[str, float] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    evidence: list[dict[str, str]] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)  # keys into the advice tables, most important first
    missing_points: list[str] = field(default_factory=list)

    def cite(self, dimension: str, text: str, note: str, limit: int | None = None) -> None:
        self.evidence.append(
            {
                "dimension": dimension,
                "quote": quote(text) if limit is None else quote(text, limit),
                "note": note,
            }
        )


# --- structure -----------------------------------------------------------------------------------


def _star_structure(s: _Scoring) -> None:
    present = set(s.star.present)
    structure = (
        1.5 * ("situation" in present)
        + 1.5 * ("task" in present)
        + 3.5 * ("action" in present)
        + 2.5 * ("result" in present)
        + 1.0 * ("reflection" in present)
    )
    if s.hypothetical:
        structure *= 0.6
    s.dims["structure"] = r1(structure)
    s.details["star"] = {
        "present": list(s.star.present),
        "missing": list(s.star.missing),
        "hypothetical": s.hypothetical,
    }
    if s.hypothetical:
        s.gaps.append("star:hypothetical")
        first = s.star.sentences[s.star.hypothetical_sentences[0]]
        s.cite("structure", first.text, "hypothetical: describes what you would do, not what you did")
    s.gaps.extend(f"star:{c}" for c in STAR_PRIORITY if c in s.star.missing)
    for label in ("result", "action"):
        sent = next((x for x in s.star.sentences if x.label == label), None)
        if sent is not None:
            s.cite("structure", sent.text, f"{label} sentence")
    _star_ownership(s)


def _star_ownership(s: _Scoring) -> None:
    """First-person actions against team actions."""
    star = s.star
    i_act, we_act = star.i_actions, star.we_actions
    if i_act + we_act == 0:
        own = 3.0 if star.i_count == 0 else 5.0
    else:
        own = 10.0 * (i_act + 0.3 * we_act) / (i_act + we_act)
    if star.i_count + star.we_count:
        own = min(own, 4.0 + 8.0 * star.i_count / (star.i_count + star.we_count))
    if s.hypothetical:
        own = min(own, 3.0)
    s.dims["ownership"] = r1(own)
    s.details["ownership"] = {
        "i_count": star.i_count,
        "we_count": star.we_count,
        "i_actions": i_act,
        "we_actions": we_act,
    }
    if we_act > i_act:
        sent = next((x for x in star.sentences if x.we_action and not x.i_action), None)
        if sent is not None:
            s.cite("ownership", sent.text, "'we' hides your own part")


def _phase_structure(s: _Scoring) -> None:
    name, pset = phase_mod.phase_set_for(s.question.type, s.shape)
    cov = phase_mod.coverage(s.answer, pset, name, s.sentences)
    s.dims["structure"] = r1(10.0 * len(cov.covered) / len(pset))
    s.details["phases"] = {"set": name, "covered": list(cov.covered), "missing": list(cov.missing)}
    s.gaps.extend(f"{name}:{p}" for p in cov.missing)
    for phase in cov.covered[:3]:
        s.cite("structure", cov.evidence[phase], f"covers {phase.replace('_', ' ')}")


_STRUCTURE: dict[str, Callable[[_Scoring], None]] = {
    "star": _star_structure,
    "design_phases": _phase_structure,
    "explanation": _phase_structure,
}


def _structure(s: _Scoring) -> None:
    scorer = _STRUCTURE.get(s.shape)
    if scorer is not None:
        scorer(s)


# --- content: SQL correctness or specificity ------------------------------------------------------


def _correctness_points(outcome: SqlOutcome, expected: dict[str, Any]) -> float:
    if outcome.correct:
        return 10.0
    if outcome.executed:
        same_width = bool(
            outcome.columns and expected and len(outcome.columns) == len(next(iter(expected.values()))[0])
        )
        return 3.0 if same_width else 2.0
    return 1.0 if outcome.query else 0.0


def _correctness(s: _Scoring) -> None:
    sql = s.question.question.sql if s.question.question is not None else None
    if sql is None or s.databases is None:
        raise AnswerRejected("this question has no executable SQL fixture")
    outcome = check_answer(s.answer, expected=dict(sql.expected), ordered=sql.ordered, databases=s.databases)
    s.dims["correctness"] = _correctness_points(outcome, dict(sql.expected))
    s.details["sql"] = {
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
        s.gaps.insert(0, "correctness")
    if outcome.query:
        note = "accepted" if outcome.correct else (outcome.error or outcome.mismatch or "rejected")
        s.cite("correctness", outcome.query, note, limit=200)


def _content(s: _Scoring) -> None:
    if s.shape == "query":
        _correctness(s)
        return
    s.dims["specificity"], s.details["specificity"] = specificity(
        s.answer, shape=s.shape, hypothetical=s.hypothetical
    )


# --- relevance -----------------------------------------------------------------------------------


def _term_tags(s: _Scoring) -> list[tuple[str, Any]]:
    """The question's terms, then the job's terms it does not already have."""
    term_tags = list(s.question.term_tags)
    known = {t.lower() for t, _ in term_tags}
    for term in s.job_terms:
        if term.lower() not in known:
            known.add(term.lower())
            term_tags.append((term, phrase_stems(term)))
    return term_tags[:20]


def _star_relevance(s: _Scoring, index: StemIndex, rel: Any) -> tuple[float, float]:
    # Behavioral talking points are abstract; the question's own topic words keep the score
    # anchored to what was asked (a generic story about "teamwork" misses "disagreed", "manager").
    topic = [x for x in dict.fromkeys(content_stems(s.question.text)) if x not in GENERIC_QUESTION_STEMS]
    topic_cov = sum(1 for x in topic if index.has(x)) / len(topic) if topic else 0.0
    term_part = rel.term_coverage if rel.term_coverage is not None else rel.point_coverage
    lexical = min(
        1.0,
        0.45 * min(1.0, topic_cov * 1.5) + 0.4 * min(1.0, rel.point_coverage * 1.5) + 0.15 * term_part,
    )
    # Grounding: talking points count fully only inside a real story (past actions and
    # results), so a list of buzzwords with no story does not score as relevant.
    grounding = 0.4 + 0.6 * s.dims["structure"] / 10.0
    return 10.0 * lexical * grounding, topic_cov


def _relevance_points(s: _Scoring, index: StemIndex, rel: Any) -> tuple[float, float | None]:
    if s.shape == "star" and s.question.id is not None:
        return _star_relevance(s, index, rel)
    if s.question.id is None and s.question.point_tags:
        return 10.0 * min(1.0, rel.point_coverage * 1.6), None
    if rel.term_coverage is None:
        return 10.0 * rel.point_coverage, None
    return 10.0 * (0.75 * rel.point_coverage + 0.25 * rel.term_coverage), None


def _relevance(s: _Scoring) -> None:
    """The question's talking points, plus the question's and the job's terms."""
    index = StemIndex.of(s.answer)
    rel = relevance(index, points=s.question.point_tags, terms=_term_tags(s))
    rel_score, topic_cov = _relevance_points(s, index, rel)
    if s.shape in ("design_phases", "explanation") and "structure" in s.dims:
        # Naming the right terms without explaining them is only half an answer.
        rel_score *= 0.5 + 0.5 * s.dims["structure"] / 10.0
    s.dims["relevance"] = r1(rel_score)
    s.missing_points = [p for p, ok in rel.points if not ok]
    s.details["relevance"] = {
        "talking_points": [{"point": p, "covered": ok} for p, ok in rel.points] if s.question.id else [],
        "question_words_covered": round(rel.point_coverage, 2) if s.question.id is None else None,
        "question_topic_covered": round(topic_cov, 2) if topic_cov is not None else None,
        "job_terms_used": list(rel.terms_used),
        "job_terms_missing": list(rel.terms_missing),
    }


# --- delivery ------------------------------------------------------------------------------------


def _query_delivery(s: _Scoring) -> None:
    """A query is not spoken: its fillers are reported, not scored."""
    toks = tokens(s.answer)
    hes = find_hesitations(s.answer, toks)
    lex = find_lexical_fillers(s.answer, toks)
    s.details["delivery"] = {
        "word_count": len(toks) - len(hes),
        "hesitations": {"count": len(hes), "items": hit_items(s.answer, hes)},
        "lexical_fillers": {"count": len(lex), "items": hit_items(s.answer, lex)},
        "words_per_minute": None,
    }
    if s.timings:
        report = pace(list(s.timings), long_pause_seconds=s.long_pause_seconds)
        s.details["delivery"]["words_per_minute"] = report.words_per_minute


def _delivery(s: _Scoring) -> None:
    if s.shape == "query":
        _query_delivery(s)
        return
    score, details = delivery_score(
        s.answer, shape=s.shape, timings=s.timings, long_pause_seconds=s.long_pause_seconds
    )
    s.dims["delivery"], s.details["delivery"] = score, details
    hes_items = details["hesitations"]["items"] + details["lexical_fillers"]["items"]
    if hes_items:
        s.evidence.append(
            {
                "dimension": "delivery",
                "quote": hes_items[0]["context"],
                "note": f"filler '{hes_items[0]['word']}'",
            }
        )


# The dimensions, in the order their details appear in the result.
_SCORERS: tuple[Callable[[_Scoring], None], ...] = (_structure, _content, _relevance, _delivery)


# --- total and advice ----------------------------------------------------------------------------


def _total(s: _Scoring) -> tuple[dict[str, float], dict[str, Any]]:
    weights = WEIGHTS[s.shape]
    used = {k: w for k, w in weights.items() if k in s.dims}
    wsum = sum(used.values())
    raw = sum(used[k] * s.dims[k] for k in used) / wsum
    total = int(round(10 * raw + 1e-9))
    expression = " + ".join(f"{used[k]:.2f}×{s.dims[k]:.1f}" for k in used)
    return used, {
        "total": total,
        "band": band_for(total),
        "dimensions": {k: {"score": s.dims[k], "weight": used[k]} for k in used},
        "formula": {
            "expression": f"total = round(10 × ({expression}) / {wsum:.2f}) = {total}",
            "weights": used,
            "description": "each dimension is scored 0-10; the total is their weighted mean scaled to 0-100",
        },
    }


def _weakest(s: _Scoring, used: dict[str, float]) -> str:
    """The weakest weighted dimension decides the next step and the follow-up."""
    weakest = max(used, key=lambda k: (used[k] * (10 - s.dims[k]), -list(used).index(k)))
    if (
        s.shape == "star"
        and "star:result" in s.gaps
        and "star:hypothetical" not in s.gaps
        and weakest in ("specificity", "structure")
    ):
        # A missing result is also why the answer lacks numbers: one question fixes both.
        weakest = "structure"
        s.gaps.remove("star:result")
        s.gaps.insert(0, "star:result")
    if s.hypothetical:
        # Until the answer is a real past example, nothing else is worth asking about.
        weakest = "structure"
    return weakest


def _follow_up(s: _Scoring, weakest: str) -> dict[str, Any] | None:
    key = follow_up_key(weakest, s.gaps, s.dims)
    if s.shape == "query" and key != "correctness":
        key = None  # a correct query needs no follow-up about wording
    essential_gap = key in ("star:result", "star:action", "star:hypothetical")
    if key is None or not (s.dims[weakest] < WEAK_DIMENSION or essential_gap):
        return None
    text = follow_up_text(key, s.details, s.missing_points)
    return {"dimension": weakest, "gap": key, "text": text} if text else None


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
    sentences = split_sentences(answer)
    star = analyse(answer, sentences)
    s = _Scoring(
        question, answer, shape, star, star.hypothetical and shape == "star", sentences,
        timings, job_terms, databases, long_pause_seconds,
    )  # fmt: skip
    for scorer in _SCORERS:
        scorer(s)
    used, totals = _total(s)
    weakest = _weakest(s, used)
    return {
        "algo_version": ALGO_VERSION,
        "question_id": question.id,
        "question_type": question.type,
        "answer_shape": shape,
        "sentences": [
            {"index": x.index, "text": x.text, "label": x.label, "hypothetical": x.hypothetical}
            for x in star.sentences
        ],
        **totals,
        **s.details,
        "weakest_dimension": weakest,
        "next_step": next_step(weakest, s.gaps, s.details, s.missing_points),
        "follow_up": _follow_up(s, weakest),
        "evidence": s.evidence[:8],
    }
