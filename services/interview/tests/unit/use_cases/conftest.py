from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from resugrow_interview.adapters.bank_files import default_bank, fixture_databases, sql_schema_text
from resugrow_interview.use_cases.library import QuestionLibrary


def _load_fakes() -> ModuleType:
    # Loaded under a service-specific name: every service has a tests/unit/fakes.py.
    path = Path(__file__).parents[1] / "fakes.py"
    spec = importlib.util.spec_from_file_location("interview_unit_fakes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fakes = _load_fakes()
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
STAR = (
    "At my last company our checkout error rate had reached 4 percent during sales. My goal was to get it under "
    "one percent before the holiday sale. I pulled a week of traces and found a blocking fraud-check call. I moved "
    "it to an asynchronous queue and added a timeout with the risk team. As a result errors fell from 4 percent to "
    "0.3 percent and the sale ran without an incident. I learned to read traces before guessing, and since then I "
    "add timeouts to every external call. The team adopted the same rule for every new service."
)


@pytest.fixture(scope="session")
def lib() -> QuestionLibrary:
    return QuestionLibrary(
        bank=default_bank(),
        databases=fixture_databases(),
        schema_text=sql_schema_text(),
        long_pause_seconds=2.0,
        max_sessions_listed=100,
    )


@pytest.fixture
def uow() -> Any:
    return fakes.FakeInterviewUnitOfWork()
