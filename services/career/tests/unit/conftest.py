"""The shipped data set, loaded once for every unit test."""

from __future__ import annotations

from pathlib import Path

import pytest

from resugrow_career.domain.catalog import Catalog
from resugrow_career.runtime import load_catalog

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()
