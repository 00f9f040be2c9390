"""Run a candidate's SQL against the fixture databases and compare with the expected result.

Safety: one statement, SELECT/WITH only, an authorizer that allows reads and an allow-list of
pure functions only, `PRAGMA query_only`, a VM-instruction budget enforced by a progress
handler (deterministic) with a wall-clock backstop, and a row cap. Memory is bounded too:
SQLite's own limits (string/blob length, SQL length, columns, expression depth, no attached
databases), a process-wide hard heap limit for SQLite, a cap on the bytes a result may hold, and
previews cut to a few short cells, so one answer can neither bloat the process nor the stored
evaluation.
Correctness: an answer is accepted only when it matches the expected result on *every*
fixture dataset (a base and a perturbed variant), so a query that is right by coincidence on
one dataset is still rejected.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from resugrow_interview.domain.sql_limits import (
    HEAP_LIMIT_BYTES,
    MAX_COLUMN_NAME_CHARS,
    MAX_RESULT_BYTES,
    PREVIEW_ROWS,
    SQLITE_LIMITS,
    TIME_LIMIT_S,
    cell_bytes,
    preview_cell,
)

MAX_QUERY_CHARS = 8_000
ROW_LIMIT = 1_000
# Progress handler granularity and budget: 1000 VM instructions x 20000 calls = 20M instructions,
# a few hundred ms at most; every fixture query needs well under 1M.
_PROGRESS_STEP = 1_000
_PROGRESS_BUDGET = 20_000

_ALLOWED_FUNCTIONS = frozenset(
    [
        "abs",
        "avg",
        "count",
        "max",
        "min",
        "sum",
        "total",
        "group_concat",
        "string_agg",
        "coalesce",
        "ifnull",
        "nullif",
        "iif",
        "length",
        "lower",
        "upper",
        "trim",
        "ltrim",
        "rtrim",
        "substr",
        "substring",
        "replace",
        "instr",
        "round",
        "cast",
        "date",
        "time",
        "datetime",
        "julianday",
        "strftime",
        "unixepoch",
        "printf",
        "format",
        "typeof",
        "like",
        "glob",
        "row_number",
        "rank",
        "dense_rank",
        "ntile",
        "lag",
        "lead",
        "first_value",
        "last_value",
        "nth_value",
        "percent_rank",
        "cume_dist",
        "concat",
        "concat_ws",
        "sign",
        "char",
        "unicode",
        "hex",
        "quote",
        "likelihood",
        "likely",
        "unlikely",
        "json",
        "json_extract",
        "json_array",
        "json_object",
        "median",
    ]
)
_ALLOWED_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    getattr(sqlite3, "SQLITE_RECURSIVE", 33),
}

_FENCE_RE = re.compile(r"```(?:sql|sqlite)?\s*\n?(.*?)```", re.S | re.I)
_QUERY_START_RE = re.compile(r"(?im)^\s*(select|with)\b|(?<![A-Za-z])(select|with)\s", re.I)
_LEADING_COMMENT_RE = re.compile(r"^\s*(--[^\n]*\n|/\*.*?\*/)", re.S)
_ORDER_BY_RE = re.compile(r"\border\s+by\b", re.I)
_OTHER_STATEMENT_RE = re.compile(
    r"^\s*(insert|update|delete|drop|alter|create|attach|detach|pragma|replace|vacuum|reindex|analyze|begin|commit)\b",
    re.I,
)
_SECOND_STATEMENT_RE = re.compile(
    r"^\s*;\s*(select|with|insert|update|delete|drop|alter|create|attach|detach|pragma|replace|vacuum)\b",
    re.I,
)


@dataclass(frozen=True)
class ResultSet:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class SqlOutcome:
    query: str | None
    executed: bool
    correct: bool
    error: str | None = None
    columns: tuple[str, ...] = ()
    rows_preview: tuple[tuple[Any, ...], ...] = ()
    row_count: int = 0
    expected_row_count: int = 0
    mismatch: str | None = None
    notes: list[str] = field(default_factory=list)


class QueryRejected(ValueError):
    """The text is not a single read-only query."""


def extract_query(answer: str) -> str | None:
    """The SQL inside an answer: a fenced block, else the text from the first SELECT/WITH."""
    fenced = _FENCE_RE.findall(answer)
    for block in fenced:
        if re.search(r"\bselect\b", block, re.I):
            return str(block).strip().rstrip(";").strip()
    m = _QUERY_START_RE.search(answer)
    if not m:
        other = _OTHER_STATEMENT_RE.match(answer)
        return answer.strip() if other else None
    query = answer[m.start() :].strip()
    # Stop at the first semicolon that is not inside a string literal: explanation may follow it.
    in_str = False
    for i, ch in enumerate(query):
        if ch == "'":
            in_str = not in_str
        elif ch == ";" and not in_str:
            return query[:i].strip()
    return query.strip()


def guard_statement(query: str) -> str:
    if len(query) > MAX_QUERY_CHARS:
        raise QueryRejected(f"query longer than {MAX_QUERY_CHARS} characters")
    body = query.strip().rstrip(";").strip()
    while True:
        stripped = _LEADING_COMMENT_RE.sub("", body, count=1)
        if stripped == body:
            break
        body = stripped.strip()
    if not re.match(r"(?is)^(select|with)\b", body):
        raise QueryRejected("only a single SELECT (or WITH ... SELECT) query is accepted")
    if not sqlite3.complete_statement(body + ";"):
        raise QueryRejected("the query is incomplete (unbalanced quotes or parentheses)")
    return body


def _authorizer(
    action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None
) -> int:
    if action not in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() not in _ALLOWED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and (arg1 or "").startswith("sqlite_"):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


class FixtureDatabases:
    """Read-only in-memory copies of each fixture dataset, one set per thread."""

    def __init__(self, scripts: dict[str, str]) -> None:
        if not scripts:
            raise ValueError("at least one fixture dataset is required")
        self._scripts = dict(scripts)
        self._local = threading.local()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._scripts)

    def _connections(self) -> dict[str, sqlite3.Connection]:
        conns: dict[str, sqlite3.Connection] | None = getattr(self._local, "conns", None)
        if conns is None:
            conns = {}
            for name, script in self._scripts.items():
                conn = sqlite3.connect(":memory:", check_same_thread=True)
                conn.executescript(script)
                conn.execute("PRAGMA query_only = ON")
                # Process-wide; SQLite serves nothing but these checks in this service.
                conn.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT_BYTES}")
                conn.execute("PRAGMA temp_store = MEMORY")
                for category, value in SQLITE_LIMITS.items():
                    conn.setlimit(category, value)
                conn.set_authorizer(_authorizer)
                conns[name] = conn
            self._local.conns = conns
        return conns

    def run(self, query: str, dataset: str, *, row_limit: int = ROW_LIMIT) -> ResultSet:
        conn = self._connections()[dataset]
        calls = 0
        deadline = time.monotonic() + TIME_LIMIT_S

        def progress() -> int:
            nonlocal calls
            calls += 1
            return 1 if calls > _PROGRESS_BUDGET or time.monotonic() > deadline else 0

        conn.set_progress_handler(progress, _PROGRESS_STEP)
        rows: list[tuple[Any, ...]] = []
        size = 0
        try:
            cur = conn.execute(query)
            cols = tuple(str(d[0])[:MAX_COLUMN_NAME_CHARS] for d in (cur.description or ()))
            while len(rows) <= row_limit:
                batch = cur.fetchmany(100)
                if not batch:
                    break
                for row in batch:
                    size += sum(cell_bytes(v) for v in row)
                    if size > MAX_RESULT_BYTES:
                        raise QueryRejected(f"the query's result is larger than {MAX_RESULT_BYTES} bytes")
                rows.extend(batch)
            cur.close()
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryRejected("the query exceeded its execution budget") from exc
            raise
        except (sqlite3.DataError, MemoryError) as exc:
            raise QueryRejected("the query builds values larger than allowed here") from exc
        finally:
            conn.set_progress_handler(None, 0)
        if len(rows) > row_limit:
            raise QueryRejected(f"the query returned more than {row_limit} rows")
        return ResultSet(cols, tuple(tuple(r) for r in rows))


def _norm_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return int(value)
        return round(value, 6)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _norm_rows(rows: tuple[tuple[Any, ...], ...] | list[list[Any]]) -> list[tuple[Any, ...]]:
    return [tuple(_norm_value(v) for v in row) for row in rows]


def _sort_key(row: tuple[Any, ...]) -> tuple[tuple[int, str], ...]:
    return tuple((0, "") if v is None else (1, repr(v)) for v in row)


def compare(actual: ResultSet, expected_rows: list[list[Any]], *, ordered: bool) -> str | None:
    """None when equal, else a short reason. Column names are ignored (aliases vary)."""
    got = _norm_rows(actual.rows)
    want = _norm_rows(expected_rows)
    width = len(want[0]) if want else None
    if width is not None and actual.columns and len(actual.columns) != width:
        return f"expected {width} column(s), got {len(actual.columns)}"
    if len(got) != len(want):
        return f"expected {len(want)} row(s), got {len(got)}"
    # Column order is kept strict: a reversed self-join returns (manager, employee) pairs that
    # would match (employee, manager) if columns could be swapped, and it is a wrong answer.
    return _compare_rows(got, want, ordered=ordered)


def _compare_rows(got: list[tuple[Any, ...]], want: list[tuple[Any, ...]], *, ordered: bool) -> str | None:
    if ordered:
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            if g != w:
                return f"row {i + 1} differs (order matters for this question)"
        return None
    if Counter(got) != Counter(want):
        missing = list((Counter(want) - Counter(got)).elements())
        return f"{len(missing)} expected row(s) missing, e.g. {missing[0]!r}" if missing else "rows differ"
    return None


def _single_statement(answer: str, query: str) -> str:
    body = guard_statement(query)
    tail_at = answer.find(query)
    if tail_at >= 0 and _SECOND_STATEMENT_RE.match(answer[tail_at + len(query) :]):
        raise QueryRejected("only one statement is accepted; remove everything after the first ';'")
    return body


def check_answer(
    answer: str,
    *,
    expected: dict[str, list[list[Any]]],
    ordered: bool,
    databases: FixtureDatabases,
) -> SqlOutcome:
    """Accept only when the query's result equals the expected result on every dataset."""
    query = extract_query(answer)
    if query is None:
        return SqlOutcome(None, False, False, error="no SQL query found in the answer")
    try:
        body = _single_statement(answer, query)
    except QueryRejected as exc:
        return SqlOutcome(query, False, False, error=str(exc))
    notes: list[str] = []
    if ordered and not _ORDER_BY_RE.search(body):
        notes.append("the question asks for an order but the query has no ORDER BY")
    first: ResultSet | None = None
    mismatch: str | None = None
    for dataset in databases.names:
        if dataset not in expected:
            continue
        try:
            result = databases.run(body, dataset)
        except (sqlite3.Error, QueryRejected) as exc:
            message = str(exc)
            if "not authorized" in message or "prohibited" in message:
                message = "the query uses a statement or function that is not allowed here"
            return SqlOutcome(body, False, False, error=message, notes=notes)
        if first is None:
            first = result
        reason = compare(result, expected[dataset], ordered=ordered)
        if reason and mismatch is None:
            mismatch = reason if dataset == databases.names[0] else f"{reason} on the second dataset"
    if first is None:
        return SqlOutcome(body, False, False, error="no expected result to compare with")
    base_expected = expected.get(databases.names[0], [])
    correct = mismatch is None and not (ordered and not _ORDER_BY_RE.search(body))
    if mismatch is None and not correct:
        mismatch = "result matches only by chance: the question asks for an explicit ORDER BY"
    return SqlOutcome(
        body,
        True,
        correct,
        columns=first.columns,
        rows_preview=tuple(tuple(preview_cell(v) for v in row) for row in first.rows[:PREVIEW_ROWS]),
        row_count=len(first.rows),
        expected_row_count=len(base_expected),
        mismatch=mismatch,
        notes=notes,
    )
