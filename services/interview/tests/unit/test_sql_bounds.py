"""One SQL answer cannot make the process or its stored evaluation big.

Each query here used to build tens of MB to GBs: a 20 MB printf per row, a replace() that
multiplies a string, a preview of huge cells stored in the session document.
"""

from __future__ import annotations

import sqlite3

import pytest

from resugrow_interview.domain.bank import QuestionBank
from resugrow_interview.domain.sql_limits import MAX_VALUE_BYTES, PREVIEW_CELL_CHARS
from resugrow_interview.domain.sqlcheck import FixtureDatabases, QueryRejected, check_answer


def _check(bank: QuestionBank, dbs: FixtureDatabases, answer: str):  # type: ignore[no-untyped-def]
    q = bank.get("sql-joins-03")
    assert q is not None and q.sql is not None
    return check_answer(answer, expected=dict(q.sql.expected), ordered=q.sql.ordered, databases=dbs)


@pytest.mark.parametrize(
    "answer",
    [
        "SELECT printf('%.*c', 20000000, 'x') FROM employees",
        "SELECT replace(replace(replace(printf('%.*c', 90000, 'x'), 'x', 'xxxxxxxxxx'), 'x', 'xxxxxxxxxx'), 'x', 'xx') FROM employees",
        "SELECT group_concat(printf('%.*c', 50000, 'x'), '') FROM employees a, employees b",
    ],
)
def test_values_larger_than_the_length_limit_are_refused(
    bank: QuestionBank, dbs: FixtureDatabases, answer: str
) -> None:
    outcome = _check(bank, dbs, answer)
    assert not outcome.correct
    if outcome.executed:  # SQLite's printf answers NULL past the length limit instead of failing
        assert all(v is None or len(str(v)) <= MAX_VALUE_BYTES for r in outcome.rows_preview for v in r)
    else:
        assert outcome.error is not None
        assert "larger than allowed" in outcome.error or "too big" in outcome.error


def test_a_result_is_capped_in_bytes(dbs: FixtureDatabases) -> None:
    cell = MAX_VALUE_BYTES - 10
    with pytest.raises(QueryRejected, match="larger than"):
        dbs.run(f"SELECT printf('%.*c', {cell}, 'x') FROM order_items", "base")


def test_previews_are_short_whatever_the_cells_hold(bank: QuestionBank, dbs: FixtureDatabases) -> None:
    outcome = _check(bank, dbs, "SELECT printf('%.*c', 50000, 'x'), name FROM departments")
    assert outcome.executed
    assert len(outcome.rows_preview) <= 5
    for row in outcome.rows_preview:
        assert all(len(str(v)) <= PREVIEW_CELL_CHARS + 1 for v in row)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (f"SELECT {', '.join(['1'] * 80)}", "too many columns"),
        ("SELECT " + " + ".join(["1"] * 150), "depth"),
    ],
)
def test_sqlite_limits_apply(dbs: FixtureDatabases, query: str, message: str) -> None:
    with pytest.raises(sqlite3.Error, match=message):
        dbs.run(query, "base")


def test_attach_stays_refused_even_past_the_authorizer(dbs: FixtureDatabases) -> None:
    conn = dbs._connections()["base"]
    assert conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED) == 0
    assert conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) == MAX_VALUE_BYTES
