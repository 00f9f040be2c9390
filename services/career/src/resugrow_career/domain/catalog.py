"""Everything read-only the service knows: occupations, the title index, wages and areas."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from resugrow_career.domain.areas import AreaDirectory
from resugrow_career.domain.matching import TitleIndex
from resugrow_career.domain.occupations import Occupation
from resugrow_career.domain.wages import Area, WageTable, lookup
from resugrow_domain.errors import InvalidInput, NotFound

IMPORTANT = 3.0  # O*NET importance (1-5) from which an element counts for gaps


@dataclass(frozen=True)
class Catalog:
    occupations: dict[str, Occupation]
    index: TitleIndex
    wages: WageTable
    areas: AreaDirectory
    element_names: list[str] = field(init=False)
    element_column: dict[str, int] = field(init=False)
    row_of: dict[str, int] = field(init=False)
    needed_levels: np.ndarray = field(init=False)
    needed_totals: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        names = sorted({r.name for o in self.occupations.values() for r in (*o.skills, *o.knowledge)})
        column = {n: i for i, n in enumerate(names)}
        codes = sorted(self.occupations)
        needed = np.zeros((len(codes), len(names)))
        for row, code in enumerate(codes):
            occ = self.occupations[code]
            for r in (*occ.skills, *occ.knowledge):
                if r.importance >= IMPORTANT:
                    needed[row, column[r.name]] = r.level
        # Frozen dataclass: derived, read-only arrays set once here.
        object.__setattr__(self, "element_names", names)
        object.__setattr__(self, "element_column", column)
        object.__setattr__(self, "row_of", {c: i for i, c in enumerate(codes)})
        object.__setattr__(self, "needed_levels", needed)
        object.__setattr__(self, "needed_totals", needed.sum(axis=1))

    def coverage(self, have: np.ndarray, code: str) -> float:
        """1 - (sum of level gaps / sum of needed levels) over the occupation's important elements."""
        row = self.row_of[code]
        total = float(self.needed_totals[row])
        if total == 0:
            return 1.0
        gap = float(np.maximum(self.needed_levels[row] - have, 0.0).sum())
        return max(0.0, 1 - gap / total)

    def level_vector(self, levels: dict[str, float]) -> np.ndarray:
        vec = np.zeros(len(self.element_names))
        for name, value in levels.items():
            if name in self.element_column:
                vec[self.element_column[name]] = value
        return vec

    def occupation(self, code: str) -> Occupation:
        occ = self.occupations.get(code) or self.occupations.get(f"{code}.00")
        if occ is None:
            raise NotFound(f"No O*NET-SOC occupation {code!r}.", code=code)
        return occ

    def area(self, location: str | None, *, field: str = "location") -> Area | None:
        try:
            return self.areas.resolve(location)
        except LookupError:
            raise InvalidInput(
                f"Unknown location {location!r}: give a state (e.g. 'TX'), an OEWS area code or a metro name.",
                field=field,
            ) from None

    def wage_block(self, occ: Occupation, area: Area | None) -> dict[str, Any]:
        found = lookup(self.wages, occ.soc, area)
        if found.row is None:
            return {"available": False, "notes": found.fallbacks}
        row = found.row
        return {
            "available": True,
            "area": {"code": row.area.code, "title": row.area.title, "level": row.level},
            "occupation": row.occ_code,
            "annual": {k: c.as_dict() for k, c in row.percentiles("A").items()},
            "hourly": {k: c.as_dict() for k, c in row.percentiles("H").items()},
            "annual_mean": row.cell("A_MEAN").as_dict(),
            "employment": row.employment().as_dict(),
            "notes": found.fallbacks,
        }
