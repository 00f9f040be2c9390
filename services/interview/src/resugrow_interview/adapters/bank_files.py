"""Loads the shipped question bank and SQL fixtures, plus operator bank files (JSON or YAML)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from resugrow_interview.domain.bank import BankError, QuestionBank, question_from_dict
from resugrow_interview.domain.sqlcheck import FixtureDatabases

_DATA = "resugrow_interview.domain.data"
DATASETS = ("base", "variant")


def _read_data(name: str) -> str:
    return resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")


def load_document(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        doc = yaml.safe_load(text)
    elif path.suffix.lower() == ".json":
        doc = json.loads(text)
    else:
        raise BankError(f"{path}: question banks must be .json, .yaml or .yml")
    if not isinstance(doc, dict):
        raise BankError(f"{path}: a bank file must hold a mapping with bank_version and questions")
    return doc


@lru_cache(maxsize=1)
def fixture_scripts() -> dict[str, str]:
    return {name: _read_data(f"sql_fixture_{name}.sql") for name in DATASETS}


@lru_cache(maxsize=1)
def sql_schema_text() -> str:
    return _read_data("sql_schema.txt")


def fixture_databases() -> FixtureDatabases:
    return FixtureDatabases(fixture_scripts())


def _fill_expected(doc: dict[str, Any], databases: FixtureDatabases) -> None:
    """Operator SQL questions may omit expected results: they are computed from the reference query."""
    for raw in doc.get("questions") or []:
        if not isinstance(raw, dict) or raw.get("answer_shape") != "query":
            continue
        spec = raw.get("sql")
        if (
            not isinstance(spec, dict)
            or spec.get("expected")
            or not isinstance(spec.get("reference_query"), str)
        ):
            continue
        expected = {}
        for name in databases.names:
            rs = databases.run(spec["reference_query"], name)
            expected[name] = [list(r) for r in rs.rows]
        spec["expected"] = expected


def load_bank(
    extra_paths: Sequence[str | Path] = (), *, databases: FixtureDatabases | None = None
) -> QuestionBank:
    docs: list[dict[str, Any]] = [json.loads(_read_data("questions.json"))]
    for p in extra_paths:
        doc = load_document(Path(p))
        if databases is not None:
            _fill_expected(doc, databases)
        docs.append(doc)
    bank = QuestionBank.from_documents(docs)
    if len(bank) == 0:
        raise BankError("the question bank is empty")
    return bank


@lru_cache(maxsize=1)
def default_bank() -> QuestionBank:
    return load_bank()


__all__ = ["default_bank", "fixture_databases", "load_bank", "question_from_dict", "sql_schema_text"]
