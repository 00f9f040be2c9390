"""OEWS May 2025 wages: verbatim source cells, parsed on demand, each with its citation.

A wage figure the service returns always comes from one cell of one source row; the citation
names the source file, the area, the occupation code, the column, the data-row number and the
release, so anyone can look it up.
"""

from __future__ import annotations

import itertools
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

OEWS_RELEASE = "OEWS May 2025"
OEWS_NOTE = (
    "OEWS wages are base wages (straight-time pay): they exclude bonuses, equity, sign-on payments "
    "and benefits. Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage "
    "Statistics, May 2025 (public domain); BLS cannot vouch for analyses derived from its data."
)
SOURCE_FILES = {
    "national": "oews_M2025/national_M2025_dl.csv",
    "state": "oews_M2025/oews_state_M2025.csv.gz",
    "metro": "oews_M2025/oews_metro_M2025.csv.gz",
}
PERCENTILES = (("p10", "PCT10"), ("p25", "PCT25"), ("median", "MEDIAN"), ("p75", "PCT75"), ("p90", "PCT90"))
NATIONAL_AREA = "99"


@dataclass(frozen=True)
class Area:
    code: str
    type: str  # N national, S state, M metro or non-metro
    state_fips: str
    title: str

    @property
    def level(self) -> str:
        return {"N": "national", "S": "state"}.get(self.type, "metro")


NATIONAL = Area(NATIONAL_AREA, "N", "00", "U.S.")


@dataclass(frozen=True)
class Cell:
    column: str
    raw: str
    value: float | None
    note: str | None
    citation: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "source": self.citation}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class WageRow:
    level: str
    area: Area
    occ_code: str
    row: int
    cells: dict[str, str]
    footnotes: dict[str, str]

    def cell(self, column: str) -> Cell:
        raw = self.cells.get(column, "")
        note = _note(raw, self.footnotes.get(column))
        value: float | None
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            value = None
        citation = {
            "file": SOURCE_FILES[self.level],
            "area": self.area.code,
            "area_title": self.area.title,
            "occupation": self.occ_code,
            "column": column,
            "row": self.row,
            "release": OEWS_RELEASE,
        }
        return Cell(column, raw, value, note, citation)

    def percentiles(self, basis: str = "A") -> dict[str, Cell]:
        return {name: self.cell(f"{basis}_{col}") for name, col in PERCENTILES}

    def employment(self) -> Cell:
        return self.cell("TOT_EMP")


def _note(raw: str, footnote: str | None) -> str | None:
    if raw == "#" or footnote == "5":
        return "top-coded: at or above the highest published wage (USD 115.00 an hour or USD 239,200 a year)"
    if footnote == "4":
        return "published only hourly or only annually for this occupation"
    if raw in ("*", "-", "") or footnote == "8":
        return "not published"
    return None


@dataclass
class WageTable:
    """Verbatim OEWS rows, read per area on demand.

    `toc` maps an area to (file level, offset, length) of its zlib block of CSV lines (columns
    `columns`); `read_block(offset, length)` fetches a block (from the packaged file). The rows
    of the CACHED_AREAS areas asked for most recently stay parsed, so memory holds a few areas,
    not all 580, and a lookup in a recent area is one dict access.
    """

    CACHED_AREAS = 16
    columns: list[str]
    toc: dict[str, tuple[str, int, int]]
    read_block: Callable[[int, int], bytes]
    areas: dict[str, Area] = field(default_factory=lambda: {NATIONAL_AREA: NATIONAL})
    _open: OrderedDict[str, dict[str, str]] = field(default_factory=OrderedDict)

    def add_area(self, area: Area) -> None:
        self.areas[area.code] = area

    def lines(self, area_code: str) -> list[str]:
        if area_code not in self.toc:
            return []
        _, offset, length = self.toc[area_code]
        return zlib.decompress(self.read_block(offset, length)).decode().splitlines()

    def _rows(self, area_code: str) -> dict[str, str]:
        rows = self._open.get(area_code)
        if rows is not None:
            self._open.move_to_end(area_code)
            return rows
        rows = {line.split(",", 3)[2]: line for line in self.lines(area_code)}
        self._open[area_code] = rows
        if len(self._open) > self.CACHED_AREAS:
            self._open.popitem(last=False)
        return rows

    def get(self, area_code: str, occ_code: str) -> WageRow | None:
        line = self._rows(area_code).get(occ_code)
        if line is None:
            return None
        level = self.toc[area_code][0]
        cells = dict(zip(self.columns, _split_csv(line), strict=False))
        footnotes = dict(p.split("=", 1) for p in cells.get("FOOTNOTES", "").split(";") if "=" in p)
        area = self.areas.get(area_code, Area(area_code, "?", "", area_code))
        return WageRow(level, area, occ_code, int(cells["ROW"]), cells, footnotes)


def _split_csv(line: str) -> list[str]:
    if '"' not in line:
        return line.split(",")
    import csv

    return next(csv.reader([line]))


def broad_code(soc: str) -> str:
    return soc[:6] + "0"


@dataclass(frozen=True)
class WageLookup:
    row: WageRow | None
    fallbacks: list[str]


def lookup(table: WageTable, soc: str, area: Area | None) -> WageLookup:
    """The row for the occupation at the area, falling back to broader codes/areas (and saying so)."""
    notes: list[str] = []
    if area is not None and area.code != NATIONAL_AREA:
        row = table.get(area.code, soc)
        if row is not None and row.cell("A_MEDIAN").value is not None:
            return WageLookup(row, notes)
        notes.append(f"No published {OEWS_RELEASE} wages for {soc} in {area.title}; national figures shown.")
    row = table.get(NATIONAL_AREA, soc)
    if row is not None:
        return WageLookup(row, notes)
    broad = broad_code(soc)
    row = table.get(NATIONAL_AREA, broad)
    if row is not None:
        notes.append(f"{soc} has no OEWS row of its own; the broader occupation {broad} is shown.")
        return WageLookup(row, notes)
    notes.append(f"{soc} has no {OEWS_RELEASE} wage estimate.")
    return WageLookup(None, notes)


def position(amount: float, pcts: dict[str, Cell]) -> dict[str, Any]:
    """Where an annual amount sits among the published percentiles (linear between them)."""
    points = [
        (p, c.value) for p, c in zip((10, 25, 50, 75, 90), pcts.values(), strict=True) if c.value is not None
    ]
    if not points:
        return {"band": "unknown", "estimated_percentile": None}
    if amount < points[0][1]:
        return {"band": f"below p{points[0][0]}", "estimated_percentile": None}
    if amount > points[-1][1]:
        return {"band": f"above p{points[-1][0]}", "estimated_percentile": None}
    for (p0, v0), (p1, v1) in itertools.pairwise(points):
        if v0 <= amount <= v1:
            est = p0 if v1 == v0 else p0 + (p1 - p0) * (amount - v0) / (v1 - v0)
            return {"band": f"p{p0}-p{p1}", "estimated_percentile": round(est, 1)}
    return {"band": f"p{points[0][0]}", "estimated_percentile": float(points[0][0])}
