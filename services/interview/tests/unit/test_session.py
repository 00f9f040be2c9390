"""Sessions: plan validation, adaptive selection, follow-ups, transitions, reports and progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from resugrow_interview.domain import session as S
from resugrow_interview.domain.bank import QuestionBank
from resugrow_interview.domain.evaluate import EvalQuestion, evaluate
from resugrow_interview.domain.report import progress
from resugrow_interview.domain.sqlcheck import FixtureDatabases

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
GOOD = (
    "At my last company our checkout error rate had reached 4 percent during sales. My goal was to get it under "
    "one percent before the holiday sale. I pulled a week of traces and found a blocking fraud-check call. I moved "
    "it to an asynchronous queue and added a timeout with the risk team. As a result errors fell from 4 percent to "
    "0.3 percent and the sale ran without an incident. I learned to read traces before guessing, and since then I "
    "add timeouts to every external call. The team adopted the same rule for every new service."
)


def _plan(bank: QuestionBank, **kw: Any) -> S.Plan:
    args: dict[str, Any] = {"role": "software", "level": "mid", "types": ["behavioral"], "count": 3}
    args.update(kw)
    return S.make_plan(bank=bank, **args)


def _answer(
    session: dict[str, Any], bank: QuestionBank, dbs: FixtureDatabases, text: str
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    item = S.require_answerable(session, None)
    q = bank.get(item["question_id"])
    assert q is not None
    ev = evaluate(EvalQuestion.from_bank(q), S.combined_answer_text(session, item, text), databases=dbs)
    nxt = S.record_answer(
        session, item=item, answer=text, evaluation=ev, bank=bank, now=NOW, had_timings=False
    )
    return ev, nxt


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"role": "pilot"}, "role"),
        ({"level": "guru"}, "level"),
        ({"types": ["poetry"]}, "types"),
        ({"count": 0}, "count"),
        ({"count": 21}, "count"),
        ({"count": True}, "count"),
        ({"job_description": "x" * 20_001}, "job_description"),
        ({"resume_text": 5}, "resume_text"),
    ],
)
def test_invalid_plans_are_rejected(bank: QuestionBank, kw: dict[str, Any], field: str) -> None:
    with pytest.raises(S.PlanError) as err:
        _plan(bank, **kw)
    assert err.value.field == field


def test_job_description_terms_boost_matching_questions(bank: QuestionBank) -> None:
    plain = S.new_session(
        session_id="a", user_id="u", plan=_plan(bank, types=["system_design"]), bank=bank, now=NOW
    )
    jd = "We build real-time messaging on WebSockets and Kafka; experience with chat systems and pub/sub is a must."
    boosted_plan = _plan(bank, types=["system_design"], job_description=jd)
    assert "WebSockets" in boosted_plan.job_terms
    boosted = S.new_session(session_id="a", user_id="u", plan=boosted_plan, bank=bank, now=NOW)
    q = bank.get(boosted["items"][0]["question_id"])
    assert q is not None and any(t in q.job_terms for t in ("WebSockets", "Kafka", "real-time", "pub/sub"))
    assert plain["items"][0]["question_id"] != boosted["items"][0]["question_id"]


def test_weak_answer_gets_one_targeted_follow_up_then_moves_on_and_down(
    bank: QuestionBank, dbs: FixtureDatabases
) -> None:
    s = S.new_session(session_id="s1", user_id="u", plan=_plan(bank), bank=bank, now=NOW)
    first = s["items"][0]
    ev, nxt = _answer(s, bank, dbs, "We worked on it as a team and it went fine in the end.")
    assert ev["follow_up"] is not None and nxt is not None
    assert (
        nxt["kind"] == "follow_up"
        and nxt["question_id"] == first["question_id"]
        and nxt["text"] == ev["follow_up"]["text"]
    )
    _, nxt2 = _answer(s, bank, dbs, "Nothing more to add really.")
    assert nxt2 is not None and nxt2["kind"] == "question" and nxt2["question_id"] != first["question_id"]
    assert s["current_level"] == "entry"  # a weak answer moves down a level


def test_strong_answer_moves_up_a_level(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    s = S.new_session(session_id="s2", user_id="u", plan=_plan(bank, level="entry"), bank=bank, now=NOW)
    item = S.require_answerable(s, None)
    q = bank.get(item["question_id"])
    assert q is not None
    ev = evaluate(EvalQuestion.from_bank(q), GOOD, databases=dbs)
    ev.update(total=S.LEVEL_UP_AT + 5, follow_up=None)  # a strong answer, whatever the drawn question
    nxt = S.record_answer(s, item=item, answer=GOOD, evaluation=ev, bank=bank, now=NOW, had_timings=False)
    assert (
        nxt is not None
        and nxt["kind"] == "question"
        and s["current_level"] == "mid"
        and nxt["level"] == "mid"
    )


def test_types_rotate_and_count_is_respected(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    plan = _plan(bank, types=["behavioral", "coding", "sql", "system_design"], count=4)
    s = S.new_session(session_id="s3", user_id="u", plan=plan, bank=bank, now=NOW)
    for _ in range(20):
        if S.pending_item(s) is None:
            break
        _answer(s, bank, dbs, GOOD)
    mains = [it for it in s["items"] if it["kind"] == "question"]
    assert [it["type"] for it in mains] == ["behavioral", "coding", "sql", "system_design"]
    with pytest.raises(S.SessionStateError, match="no question is waiting"):
        S.require_answerable(s, None)


def test_pause_resume_finish_transitions(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    s = S.new_session(session_id="s4", user_id="u", plan=_plan(bank), bank=bank, now=NOW)
    S.pause(s, NOW)
    with pytest.raises(S.SessionStateError, match="paused"):
        S.require_answerable(s, None)
    with pytest.raises(S.SessionStateError):
        S.pause(s, NOW)
    S.resume(s, NOW)
    with pytest.raises(S.SessionStateError, match="not beh-nope"):
        S.require_answerable(s, "beh-nope")
    _answer(s, bank, dbs, GOOD)
    report = S.finish(s, NOW)
    assert (
        s["status"] == "completed"
        and report["questions_answered"] == 1
        and all(it["answered"] for it in s["items"])
    )
    for action in (S.pause, S.resume, S.finish):
        with pytest.raises(S.SessionStateError):
            action(s, NOW)
    with pytest.raises(S.SessionStateError, match="finished"):
        S.require_answerable(s, None)


def test_progress_trends_and_same_question_improvement(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    sessions = []
    for i, text in enumerate(["We did it as a team and it was fine.", GOOD]):
        s = S.new_session(
            session_id="same", user_id="u", plan=_plan(bank, count=1), bank=bank, now=NOW + timedelta(days=i)
        )
        s["id"] = s["_id"] = f"p{i}"
        _answer(s, bank, dbs, text)
        if S.pending_item(s) is not None and S.pending_item(s)["kind"] == "follow_up":  # type: ignore[index]
            s["items"].pop()
        S.finish(s, NOW + timedelta(days=i))
        sessions.append(s)
    p = progress(sessions)
    assert p["sessions_count"] == 2
    assert p["trends"]["structure"]["direction"] == "up" and p["trends"]["structure"]["change"] > 0
    same = p["same_question_improvement"]
    assert len(same) == 1 and same[0]["attempts"] == 2 and same[0]["improvement"] > 0
    assert p["weakest_competency"] is not None
