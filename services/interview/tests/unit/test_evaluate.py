"""Answer evaluation: explained scores, determinism, STAR gaps, ownership, hypotheticals, shapes."""

from __future__ import annotations

import re

import pytest

from resugrow_interview.domain.bank import QuestionBank
from resugrow_interview.domain.delivery import validate_timings
from resugrow_interview.domain.evaluate import (
    ALGO_VERSION,
    AnswerRejected,
    EvalQuestion,
    evaluate,
    validate_answer,
)
from resugrow_interview.domain.sqlcheck import FixtureDatabases

STRONG = (
    "At my last company our checkout error rate had reached 4 percent during sales. My goal was to get it under "
    "one percent before Black Friday. I pulled a week of traces and found a blocking fraud-check call. I moved it "
    "to an asynchronous queue and added a timeout with the risk team. As a result errors fell from 4 percent to "
    "0.3 percent and the sale ran without an incident. I learned to read traces before guessing."
)


def _eq(bank: QuestionBank, qid: str) -> EvalQuestion:
    q = bank.get(qid)
    assert q is not None
    return EvalQuestion.from_bank(q)


def test_result_is_explained_and_deterministic(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    first = evaluate(_eq(bank, "beh-failure-04"), STRONG, databases=dbs)
    second = evaluate(_eq(bank, "beh-failure-04"), STRONG, databases=dbs)
    assert first == second
    assert first["algo_version"] == ALGO_VERSION
    weights = first["formula"]["weights"]
    recomputed = round(
        10 * sum(w * first["dimensions"][k]["score"] for k, w in weights.items()) / sum(weights.values())
    )
    assert first["total"] == recomputed and first["formula"]["expression"].endswith(f"= {first['total']}")
    assert set(first["dimensions"]) == {"structure", "specificity", "ownership", "relevance", "delivery"}
    assert all(0 <= d["score"] <= 10 for d in first["dimensions"].values())
    assert first["band"] in ("strong", "solid", "developing", "needs work")
    assert [s["label"] for s in first["sentences"]] == [
        "situation",
        "task",
        "action",
        "action",
        "result",
        "reflection",
    ]
    assert first["star"]["missing"] == [] and first["next_step"] and first["evidence"]


def test_missing_result_is_named_and_followed_up(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    answer = (
        "At my last job our releases kept breaking on Fridays. I was responsible for the release process. "
        "I wrote a checklist, I set up a staging environment, and I ran a dry run with the team every Thursday."
    )
    ev = evaluate(_eq(bank, "beh-initiative-03"), answer, databases=dbs)
    assert "result" in ev["star"]["missing"]
    assert ev["follow_up"] is not None and ev["follow_up"]["text"] == "What was the measurable result?"
    assert "result" in ev["next_step"].lower()


def test_hypothetical_behavioral_answer_is_flagged(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    answer = (
        "I would first talk to the teammate privately. I'd try to understand their view. Then I would look for "
        "common ground and I would suggest a compromise. I usually find that works."
    )
    ev = evaluate(_eq(bank, "beh-conflict-01"), answer, databases=dbs)
    assert ev["star"]["hypothetical"] is True
    assert ev["follow_up"]["gap"] == "star:hypothetical"
    assert any("hypothetical" in e["note"] for e in ev["evidence"])


def test_ownership_prefers_i_over_we(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    mine = STRONG
    team = re.sub(r"\bI\b", "we", STRONG).replace("My goal", "Our goal")
    eq = _eq(bank, "beh-failure-04")
    assert (
        evaluate(eq, mine, databases=dbs)["dimensions"]["ownership"]["score"]
        > evaluate(eq, team, databases=dbs)["dimensions"]["ownership"]["score"]
    )


def test_design_answer_phases_and_numbers(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    partial = "I would use a load balancer, a cache and shard the database so it scales horizontally."
    ev = evaluate(_eq(bank, "sd-web-services-01"), partial, databases=dbs)
    assert "scaling" in ev["phases"]["covered"] and "requirements" in ev["phases"]["missing"]
    assert ev["follow_up"]["text"].startswith("Before the architecture")
    assert ev["specificity"]["numbers"] == []


def test_timings_give_pace_and_fillers_are_counted(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    answer = "Um, so I, uh, moved the job to a queue, you know, and it basically worked."
    words = answer.replace(",", "").split()
    timings = validate_timings(
        [{"word": w, "start": i * 0.5, "end": i * 0.5 + 0.4} for i, w in enumerate(words)]
    )
    ev = evaluate(_eq(bank, "beh-initiative-03"), answer, timings=timings, databases=dbs)
    d = ev["delivery"]
    assert d["hesitations"]["count"] == 2 and d["lexical_fillers"]["count"] == 2
    assert d["words_per_minute"] == pytest.approx(len(words) / ((len(words) - 1) * 0.5 + 0.4) * 60, rel=0.01)


def test_sql_answer_is_executed(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    good = evaluate(
        _eq(bank, "sql-joins-03"),
        "SELECT d.name FROM departments d LEFT JOIN employees e ON e.department_id = d.id WHERE e.id IS NULL",
        databases=dbs,
    )
    bad = evaluate(_eq(bank, "sql-joins-03"), "SELECT name FROM departments", databases=dbs)
    assert good["sql"]["accepted"] and good["dimensions"]["correctness"]["score"] == 10
    assert (
        not bad["sql"]["accepted"]
        and bad["total"] < good["total"]
        and bad["follow_up"]["dimension"] == "correctness"
    )


def test_ad_hoc_question_shape_is_inferred(dbs: FixtureDatabases) -> None:
    assert EvalQuestion.ad_hoc("Tell me about a time you failed.").answer_shape == "star"
    assert EvalQuestion.ad_hoc("Design a parking garage payment system.").answer_shape == "design_phases"
    ev = evaluate(
        EvalQuestion.ad_hoc("Tell me about a time you improved checkout errors."), STRONG, databases=dbs
    )
    assert ev["question_id"] is None and ev["dimensions"]["relevance"]["score"] > 5


@pytest.mark.parametrize(
    "answer, message",
    [
        ("", "empty"),
        ("   \n ", "empty"),
        (None, "text"),
        (b"bytes", "text"),
        ("a\x00b", "binary"),
        ("ab\x07c", "control"),
        ("1234 5678", "no words"),
        ("x" * 20_001, "longer"),
        ("a " * 4001, "more than"),
    ],
)
def test_bad_answers_are_rejected(answer: object, message: str) -> None:
    with pytest.raises(AnswerRejected, match=message):
        validate_answer(answer)
