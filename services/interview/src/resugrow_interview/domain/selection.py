"""Which item a practice session asks next: a follow-up on the last answer's biggest gap, else
the best unasked bank question of the next type at the session's current (adaptive) level."""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from typing import Any

from resugrow_interview.domain.bank import LEVELS, Question, QuestionBank
from resugrow_interview.domain.text import phrase_stems

MAX_FOLLOW_UPS_PER_QUESTION = 1
LEVEL_UP_AT = 80
LEVEL_DOWN_AT = 40


def _tiebreak(session_id: str, question_id: str) -> int:
    # Deterministic per session, so two sessions with the same plan still see different questions.
    return zlib.crc32(f"{session_id}:{question_id}".encode())


def _job_boost(q: Question, job_terms_stems: frozenset[str], job_stems: frozenset[str]) -> float:
    if not job_stems:
        return 0.0
    term_hits = sum(1 for group in q.term_stems if group and all(s in job_terms_stems for s in group))
    overlap = len(q.match_stems & job_stems)
    return 2.0 * term_hits + 0.5 * min(6, overlap)


def choose_question(
    bank: QuestionBank,
    *,
    session_id: str,
    role: str,
    qtype: str,
    level: str,
    asked_ids: set[str],
    asked_competencies: Mapping[str, int],
    job_terms: Sequence[str] = (),
    job_stems: frozenset[str] = frozenset(),
) -> Question | None:
    """Best unasked question of a type near the wanted level, preferring the user's role,
    new competencies and the job's terms."""
    term_stems = frozenset(s for t in job_terms for s in phrase_stems(t))
    want = LEVELS.index(level)
    order = sorted(range(len(LEVELS)), key=lambda i: (abs(i - want), -i))
    for strict_role in (True, False):
        for li in order:
            best: tuple[float, int, Question] | None = None
            for q in bank.candidates(qtype, LEVELS[li]):
                if q.id in asked_ids:
                    continue
                if strict_role and q.roles and role not in q.roles:
                    continue
                score = _job_boost(q, term_stems, job_stems)
                score += 1.5 if asked_competencies.get(q.competency, 0) == 0 else 0.0
                score += 1.0 if role in q.roles else 0.0
                key = (score, _tiebreak(session_id, q.id), q)
                if best is None or key[:2] > best[:2]:
                    best = key
            if best is not None:
                return best[2]
    return None


def _next_type(session: Mapping[str, Any]) -> str | None:
    plan = session["plan"]
    asked_by_type: dict[str, int] = {}
    for item in session["items"]:
        if item["kind"] == "question":
            asked_by_type[item["type"]] = asked_by_type.get(item["type"], 0) + 1
    types = plan["types"]
    if not types:
        return None
    return str(min(types, key=lambda t: (asked_by_type.get(t, 0), types.index(t))))


def _item_from_question(q: Question, seq: int, *, kind: str = "question") -> dict[str, Any]:
    return {
        "seq": seq,
        "kind": kind,
        "question_id": q.id,
        "text": q.text,
        "type": q.type,
        "competency": q.competency,
        "level": q.level,
        "answer_shape": q.answer_shape,
        "talking_points": list(q.talking_points),
        "answered": False,
    }


def _follow_up_item(
    items: list[dict[str, Any]], last_eval: Mapping[str, Any] | None, seq: int
) -> dict[str, Any] | None:
    """A follow-up on the last main answer's biggest gap, while that question has follow-ups left."""
    last = items[-1] if items else None
    if last is None or last_eval is None or not last_eval.get("follow_up"):
        return None
    parent_seq = last["seq"] if last["kind"] == "question" else last.get("parent_seq")
    asked_follow_ups = sum(
        1 for it in items if it["kind"] == "follow_up" and it.get("parent_seq") == parent_seq
    )
    if last["kind"] != "question" or asked_follow_ups >= MAX_FOLLOW_UPS_PER_QUESTION:
        return None
    fu = last_eval["follow_up"]
    return {
        "seq": seq,
        "kind": "follow_up",
        "parent_seq": parent_seq,
        "question_id": last["question_id"],
        "text": fu["text"],
        "gap": fu.get("gap"),
        "dimension": fu.get("dimension"),
        "type": last["type"],
        "competency": last["competency"],
        "level": last["level"],
        "answer_shape": last["answer_shape"],
        "talking_points": last.get("talking_points", []),
        "answered": False,
    }


def _adapt_level(session: dict[str, Any], last_eval: Mapping[str, Any]) -> None:
    """A strong answer moves the session one level up, a weak one one level down."""
    total = int(last_eval.get("total", 0))
    level_i = LEVELS.index(session["current_level"])
    if total >= LEVEL_UP_AT and level_i < len(LEVELS) - 1:
        session["current_level"] = LEVELS[level_i + 1]
    elif total < LEVEL_DOWN_AT and level_i > 0:
        session["current_level"] = LEVELS[level_i - 1]


def _next_main_question(session: dict[str, Any], bank: QuestionBank) -> Question | None:
    """The best unasked question of the next type; the plan's other types when that one runs out."""
    items: list[dict[str, Any]] = session["items"]
    plan = session["plan"]
    asked_ids = {it["question_id"] for it in items}
    comps: dict[str, int] = {}
    for it in items:
        comps[it["competency"]] = comps.get(it["competency"], 0) + 1
    qtype = _next_type(session)
    tried: set[str] = set()
    while qtype is not None:
        q = choose_question(
            bank,
            session_id=session["id"],
            role=plan["role"],
            qtype=qtype,
            level=session["current_level"],
            asked_ids=asked_ids,
            asked_competencies=comps,
            job_terms=plan.get("job_terms", []),
            job_stems=frozenset(session.get("job_stems", [])),
        )
        if q is not None:
            return q
        tried.add(qtype)
        remaining = [t for t in plan["types"] if t not in tried]
        qtype = remaining[0] if remaining else None
    return None


def select_next(
    session: dict[str, Any], bank: QuestionBank, last_eval: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """The next item: a follow-up on the last answer's biggest gap, or the next main question."""
    items: list[dict[str, Any]] = session["items"]
    seq = len(items) + 1
    follow_up = _follow_up_item(items, last_eval, seq)
    if follow_up is not None:
        return follow_up
    if sum(1 for it in items if it["kind"] == "question") >= session["plan"]["count"]:
        return None
    if last_eval is not None:
        _adapt_level(session, last_eval)
    q = _next_main_question(session, bank)
    return _item_from_question(q, seq) if q is not None else None
