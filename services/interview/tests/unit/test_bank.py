"""The shipped question bank: size, coverage, distinctness, tags, SQL results, operator files."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from resugrow_interview.adapters.bank_files import DATASETS, fixture_scripts, load_bank
from resugrow_interview.domain.bank import (
    ANSWER_SHAPES,
    LEVELS,
    QUESTION_TYPES,
    ROLES,
    BankError,
    QuestionBank,
)
from resugrow_interview.domain.sqlcheck import FixtureDatabases


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def test_bank_size_types_and_roles(bank: QuestionBank) -> None:
    assert len(bank) >= 400
    by_type = Counter(q.type for q in bank)
    assert set(by_type) == set(QUESTION_TYPES)
    assert by_type["behavioral"] >= 80 and by_type["coding"] >= 50 and by_type["system_design"] >= 30
    assert by_type["sql"] >= 40 and by_type["ml"] >= 30 and by_type["product_sense"] >= 30
    role_specific = Counter(r for q in bank if q.type == "role_specific" for r in q.roles)
    assert {r: role_specific[r] >= 12 for r in ROLES} == dict.fromkeys(ROLES, True)
    assert bank.version.startswith("2026.")


def test_every_question_is_distinct_and_fully_tagged(bank: QuestionBank) -> None:
    texts = Counter(_norm(q.text) for q in bank)
    assert [t for t, n in texts.items() if n > 1] == []
    for q in bank:
        assert q.level in LEVELS and q.answer_shape in ANSWER_SHAPES and q.competency
        assert len(q.talking_points) >= 1 and len(q.job_terms) >= 1, q.id
        assert q.text.endswith((".", "?")), q.id
        if q.type == "behavioral":
            assert q.answer_shape == "star"
        if q.type == "system_design":
            assert q.answer_shape == "design_phases"
        if q.type == "sql":
            assert q.answer_shape == "query" and q.sql is not None and set(q.sql.expected) == set(DATASETS)
    # each (type, level) pair the selector uses has candidates for every type
    for t in QUESTION_TYPES:
        assert any(bank.candidates(t, lv) for lv in LEVELS)


def test_stored_sql_results_match_the_fixture(bank: QuestionBank) -> None:
    dbs = FixtureDatabases(fixture_scripts())
    for q in bank:
        if q.sql is None:
            continue
        for name in dbs.names:
            rows = [
                [round(v, 6) if isinstance(v, float) else v for v in r]
                for r in dbs.run(q.sql.reference_query, name).rows
            ]
            assert rows == q.sql.expected[name], (q.id, name)
        assert q.sql.expected["base"] != q.sql.expected["variant"], q.id


def test_operator_bank_file_extends_and_overrides(tmp_path: Path, bank: QuestionBank) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        """
bank_version: acme-1
questions:
- id: acme-beh-01
  type: behavioral
  text: Tell me about a time you improved a warehouse process.
  competency: initiative
  level: mid
  answer_shape: star
  talking_points: [the process before, what you changed, the measured effect]
  job_terms: [logistics, lean]
- id: acme-sql-01
  type: sql
  text: How many departments are there?
  competency: filtering
  level: entry
  answer_shape: query
  roles: [data]
  talking_points: [COUNT]
  job_terms: [SQL]
  sql: {reference_query: "SELECT COUNT(*) FROM departments"}
- id: beh-conflict-01
  type: behavioral
  text: Tell me about a disagreement with a teammate over how to do a task.
  competency: conflict
  level: entry
  answer_shape: star
  talking_points: [the disagreement]
  job_terms: [collaboration]
""",
        encoding="utf-8",
    )
    dbs = FixtureDatabases(fixture_scripts())
    merged = load_bank([extra], databases=dbs)
    assert len(merged) == len(bank) + 2
    assert merged.version.endswith("+acme-1")
    assert merged.get("beh-conflict-01").text.startswith("Tell me about a disagreement")  # type: ignore[union-attr]
    sql_q = merged.get("acme-sql-01")
    assert sql_q is not None and sql_q.sql is not None and sql_q.sql.expected["base"] == [[6]]


@pytest.mark.parametrize(
    "question, message",
    [
        (
            {
                "id": "x",
                "type": "riddle",
                "text": "?",
                "competency": "c",
                "level": "mid",
                "answer_shape": "star",
            },
            "unknown type",
        ),
        (
            {
                "id": "x",
                "type": "behavioral",
                "text": "?",
                "competency": "c",
                "level": "guru",
                "answer_shape": "star",
            },
            "unknown level",
        ),
        (
            {
                "id": "x",
                "type": "sql",
                "text": "?",
                "competency": "c",
                "level": "mid",
                "answer_shape": "query",
            },
            "reference_query",
        ),
        (
            {
                "id": "x",
                "type": "behavioral",
                "text": "",
                "competency": "c",
                "level": "mid",
                "answer_shape": "star",
            },
            "'text'",
        ),
        (
            {
                "id": "x",
                "type": "behavioral",
                "text": "Q?",
                "competency": "c",
                "level": "mid",
                "answer_shape": "star",
                "roles": ["chef"],
            },
            "unknown role",
        ),
    ],
)
def test_malformed_operator_questions_are_rejected(question: dict[str, object], message: str) -> None:
    with pytest.raises(BankError, match=message):
        QuestionBank.from_documents([{"bank_version": "t", "questions": [question]}])


def test_duplicate_ids_within_one_file_are_rejected() -> None:
    q = {
        "id": "d",
        "type": "behavioral",
        "text": "Q?",
        "competency": "c",
        "level": "mid",
        "answer_shape": "star",
    }
    with pytest.raises(BankError, match="duplicate"):
        QuestionBank.from_documents([{"bank_version": "t", "questions": [q, q]}])


def test_bank_filters(bank: QuestionBank) -> None:
    sales = bank.filter(types=["role_specific"], role="sales")
    assert sales and all("sales" in q.roles for q in sales)
    assert all(q.level == "senior" for q in bank.filter(level="senior"))
    found = bank.filter(query="URL shortening")
    assert [q.id for q in found] == ["sd-web-services-01"]
    assert json.dumps(found[0].public())


def test_no_two_questions_are_near_duplicates(bank: QuestionBank) -> None:
    from itertools import combinations

    from resugrow_interview.domain.text import content_stems

    stems = [(q.id, frozenset(content_stems(q.text))) for q in bank]
    close = [
        (a, b)
        for (a, sa), (b, sb) in combinations(stems, 2)
        if sa and sb and len(sa & sb) / len(sa | sb) >= 0.85
    ]
    assert close == []


def test_shipped_bank_is_what_the_build_script_composes() -> None:
    import importlib
    import sys

    scripts = Path(__file__).resolve().parents[2] / "scripts"
    sys.path.insert(0, str(scripts))
    try:
        build = importlib.import_module("build_bank")
        fixture = importlib.import_module("sql_fixture")
    finally:
        sys.path.remove(str(scripts))
    scripts_now = fixture.datasets()
    assert scripts_now == fixture_scripts()
    shipped = json.loads((build.DATA / "questions.json").read_text(encoding="utf-8"))
    assert shipped["bank_version"] == build.BANK_VERSION
    assert shipped["questions"] == json.loads(json.dumps(build.build_questions(scripts_now)))
