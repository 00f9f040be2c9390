"""Everything read-only the service knows: occupations, the title index, wages and areas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from resugrow_career.domain.areas import AreaDirectory
from resugrow_career.domain.matching import TitleIndex
from resugrow_career.domain.occupations import Occupation
from resugrow_career.domain.wages import Area, WageTable, lookup
from resugrow_domain.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class Catalog:
    occupations: dict[str, Occupation]
    index: TitleIndex
    wages: WageTable
    areas: AreaDirectory

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
