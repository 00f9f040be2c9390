"""Bank browsing and quick evaluation use cases."""

from __future__ import annotations

import pytest

from resugrow_domain import InvalidInput, NotFound, TooLarge
from resugrow_interview.commands import EvaluateAnswer, QuestionFilter
from resugrow_interview.use_cases import questions

from .conftest import STAR


def test_list_questions_pages_the_bank_with_a_cursor_and_shows_the_sql_schema(lib):
    first = questions.list_questions(lib, QuestionFilter(types=["sql"]), limit=2)
    assert len(first["items"]) == 2 and first["total"] > 2 and first["next_cursor"]
    assert all(i["type"] == "sql" and i["sql_schema"] for i in first["items"])
    second = questions.list_questions(
        lib, QuestionFilter(types=["sql"]), limit=2, cursor=first["next_cursor"]
    )
    assert {i["id"] for i in second["items"]}.isdisjoint({i["id"] for i in first["items"]})
    last = questions.list_questions(lib, QuestionFilter(types=["sql"]), limit=first["total"])
    assert last["next_cursor"] is None


@pytest.mark.parametrize(
    ("f", "field"),
    [
        (QuestionFilter(types=["juggling"]), "type"),
        (QuestionFilter(role="astronaut"), "role"),
        (QuestionFilter(level="guru"), "level"),
    ],
)
def test_list_questions_names_the_bad_filter(lib, f, field):
    with pytest.raises(InvalidInput) as exc:
        questions.list_questions(lib, f, limit=5)
    assert exc.value.field == field


async def test_evaluate_answer_to_a_bank_question_or_a_typed_one(lib):
    sql = await questions.evaluate_answer(
        lib, EvaluateAnswer(question_id="sql-joins-03", answer="SELECT name FROM departments")
    )
    assert sql["sql"]["accepted"] is False
    typed = await questions.evaluate_answer(
        lib, EvaluateAnswer(question="Tell me about a time you led a project.", answer=STAR)
    )
    assert typed["answer_shape"] == "star" and 0 <= typed["total"] <= 100


async def test_evaluate_answer_refuses_what_it_cannot_score(lib):
    with pytest.raises(InvalidInput):
        await questions.evaluate_answer(lib, EvaluateAnswer(answer="x y"))
    with pytest.raises(NotFound):
        await questions.evaluate_answer(lib, EvaluateAnswer(question_id="nope", answer="x y"))
    with pytest.raises(TooLarge):
        await questions.evaluate_answer(lib, EvaluateAnswer(question="Why?", answer="a" * 20_001))
    with pytest.raises(InvalidInput) as timings:
        await questions.evaluate_answer(
            lib, EvaluateAnswer(question="Why?", answer=STAR, timings=[{"word": "a", "start": 2, "end": 1}])
        )
    assert timings.value.field.startswith("timings")
    with pytest.raises(InvalidInput) as long_question:
        await questions.evaluate_answer(lib, EvaluateAnswer(question="Why " * 600, answer=STAR))
    assert long_question.value.field == "question"
