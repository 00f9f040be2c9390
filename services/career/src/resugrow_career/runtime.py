"""The career runtime: the platform, typed settings, the loaded data set, the glossary, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from resugrow_career.adapters.data_files import load_occupations, load_title_index, load_wages
from resugrow_career.adapters.unit_of_work import CareerReads
from resugrow_career.domain.areas import AreaDirectory
from resugrow_career.domain.catalog import Catalog
from resugrow_career.settings import CareerSettings
from resugrow_platform import ServicePlatform


@cache
def load_catalog() -> Catalog:
    occupations = load_occupations()
    wages = load_wages()
    return Catalog(occupations, load_title_index(), wages, AreaDirectory(wages.areas))


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class CareerRuntime:
    platform: ServicePlatform[CareerSettings]
    catalog: Catalog
    glossary: list[dict[str, Any]]
    clock: Callable[[], datetime] = field(default=_now)

    @property
    def settings(self) -> CareerSettings:
        return self.platform.settings

    def reads(self) -> CareerReads:
        return CareerReads(self.platform.db)
