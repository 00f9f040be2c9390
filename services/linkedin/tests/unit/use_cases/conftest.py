from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def _load_fakes() -> ModuleType:
    # Loaded under a service-specific name: every service has a tests/unit/fakes.py.
    path = Path(__file__).parents[1] / "fakes.py"
    spec = importlib.util.spec_from_file_location("linkedin_unit_fakes", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fakes = _load_fakes()
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
EXPORTS = Path(__file__).parents[2] / "fixtures" / "export"
PROFILE = {
    "first_name": "Ana",
    "last_name": "Lee",
    "headline": "Data Engineer at Acme",
    "positions": [{"company": "Acme Corp", "title": "Data Engineer", "start": "2021-03", "current": True}],
}


@pytest.fixture
def uow() -> Any:
    return fakes.FakeLinkedinUnitOfWork()


@pytest.fixture
def analyser() -> Any:
    return fakes.InlineAnalyser()
