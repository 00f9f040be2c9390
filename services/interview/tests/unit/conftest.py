"""Shared unit-test fixtures: the shipped bank and the SQL fixture databases (built once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resugrow_interview.adapters.bank_files import default_bank, fixture_databases
from resugrow_interview.domain.bank import QuestionBank
from resugrow_interview.domain.sqlcheck import FixtureDatabases

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(scope="session")
def bank() -> QuestionBank:
    return default_bank()


@pytest.fixture(scope="session")
def dbs() -> FixtureDatabases:
    return fixture_databases()
