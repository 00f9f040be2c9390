from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def _load_fakes() -> ModuleType:
    # Loaded under a service-specific name: every service has a tests/unit/fakes.py.
    spec = importlib.util.spec_from_file_location("ats_unit_fakes", Path(__file__).parents[1] / "fakes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fakes = _load_fakes()
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parents[2] / "fixtures"


@pytest.fixture
def uow() -> Any:
    return fakes.FakeAtsUnitOfWork()


@pytest.fixture
def scanner() -> Any:
    return fakes.InlineScanner()


@pytest.fixture
def resume_text() -> str:
    return (FIXTURES / "plain.txt").read_text()
