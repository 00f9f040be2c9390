"""The SQL sandbox: statement guard, authorizer, execution budget, row cap, comparison rules."""

from __future__ import annotations

import pytest

from resugrow_interview.domain.bank import QuestionBank
from resugrow_interview.domain.sqlcheck import FixtureDatabases, QueryRejected, check_answer, extract_query


def _check(bank: QuestionBank, dbs: FixtureDatabases, qid: str, answer: str):  # type: ignore[no-untyped-def]
    q = bank.get(qid)
    assert q is not None and q.sql is not None
    return check_answer(answer, expected=dict(q.sql.expected), ordered=q.sql.ordered, databases=dbs)


def test_query_is_found_in_prose_and_fences() -> None:
    assert extract_query("I'd anti-join:\n```sql\nSELECT 1;\n```\nbecause...") == "SELECT 1"
    assert extract_query("My answer is select name from t; it filters first") == "select name from t"
    assert extract_query("No query here.") is None


@pytest.mark.parametrize(
    "answer, error",
    [
        ("DELETE FROM employees", "only a single SELECT"),
        ("UPDATE employees SET salary = 0", "only a single SELECT"),
        ("PRAGMA table_info(employees)", "only a single SELECT"),
        ("SELECT name FROM departments; DROP TABLE departments", "only one statement"),
        ("SELECT randomblob(1000000000)", "not allowed"),
        ("SELECT load_extension('x')", "not allowed"),
        ("SELECT name FROM sqlite_master", "not allowed"),
        ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", "budget"),
        ("SELECT name FROM departments WHERE name = 'x", "incomplete"),
    ],
)
def test_unsafe_or_runaway_queries_are_refused(
    bank: QuestionBank, dbs: FixtureDatabases, answer: str, error: str
) -> None:
    outcome = _check(bank, dbs, "sql-joins-03", answer)
    assert not outcome.correct and outcome.error is not None and error in outcome.error


def test_row_cap(dbs: FixtureDatabases) -> None:
    with pytest.raises(QueryRejected, match="more than 10 rows"):
        dbs.run("SELECT * FROM order_items", "base", row_limit=10)


def test_fixture_stays_unchanged_after_attempted_writes(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    _check(bank, dbs, "sql-joins-03", "DELETE FROM departments")
    assert len(dbs.run("SELECT * FROM departments", "base").rows) >= 6


def test_order_matters_only_when_asked(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    shuffled = "SELECT name FROM departments d WHERE NOT EXISTS (SELECT 1 FROM employees e WHERE e.department_id = d.id) ORDER BY name DESC"
    assert _check(bank, dbs, "sql-joins-03", shuffled).correct
    unordered = "SELECT name FROM employees WHERE salary > 100000"
    outcome = _check(bank, dbs, "sql-filtering-01", unordered)
    assert not outcome.correct and outcome.notes
