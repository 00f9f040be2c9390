"""Reads the compact data set shipped inside the package (built by scripts/build_data.py)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from importlib import resources
from typing import Any

from resugrow_career.domain.matching import TitleIndex
from resugrow_career.domain.occupations import Occupation, occupation_from_record
from resugrow_career.domain.text import STOP, norm_title, stem, title_key, words
from resugrow_career.domain.wages import Area, WageTable

DATA = resources.files("resugrow_career") / "data"


def _read(name: str) -> bytes:
    return gzip.decompress((DATA / name).read_bytes())


def load_occupations() -> dict[str, Occupation]:
    records: dict[str, dict[str, Any]] = json.loads(_read("occupations.json.gz"))
    return {code: occupation_from_record(code, rec) for code, rec in sorted(records.items())}


def load_title_index(
    occupations: dict[str, Occupation], *, exclude: frozenset[str] = frozenset()
) -> TitleIndex:
    """The matcher's index over every shipped title, minus titles whose `norm_title` is in
    `exclude` (the quality test removes its held-out titles this way, so it measures titles the
    matcher has never indexed; the service itself indexes everything)."""
    rows: list[list[str]] = json.loads(_read("titles.json.gz"))
    titles = [
        (t, c, s, *title_key(t)) for t, c, s in rows if c in occupations and norm_title(t) not in exclude
    ]
    descriptions = {
        code: tuple(stem(w) for w in words(" ".join((occ.description, *occ.tasks))) if w not in STOP)
        for code, occ in occupations.items()
    }
    return TitleIndex(titles, employment_prior(occupations), descriptions)


def employment_prior(occupations: dict[str, Occupation]) -> dict[str, float]:
    """OEWS national employment per O*NET-SOC code: its SOC code's (or the broad code's) TOT_EMP
    shared evenly among the O*NET codes of that SOC code. The matcher's tie-breaker between
    occupations whose titles read alike."""
    lines = _read("wages_national.csv.gz").decode().splitlines()
    header = lines[0].split(",")
    occ_col, emp_col = header.index("OCC_CODE"), header.index("TOT_EMP")
    emp: dict[str, float] = {}
    for line in lines[1:]:
        cells = line.split(",")
        try:
            emp[cells[occ_col]] = float(cells[emp_col])
        except ValueError:
            continue
    sharing: dict[str, int] = {}
    for occ in occupations.values():
        sharing[occ.soc] = sharing.get(occ.soc, 0) + 1
    out: dict[str, float] = {}
    for code, occ in occupations.items():
        total = emp.get(occ.soc) or emp.get(occ.soc[:6] + "0") or 0.0
        out[code] = total / sharing[occ.soc]
    return out


def load_wages() -> WageTable:
    table = WageTable()
    for level in ("national", "state", "metro"):
        lines = _read(f"wages_{level}.csv.gz").decode().splitlines()
        table.add_file(level, lines[0].split(","), lines[1:])
    reader = csv.DictReader(io.StringIO(_read("areas.csv.gz").decode()))
    for row in reader:
        table.add_area(Area(row["AREA"], row["AREA_TYPE"], row["STATE_FIPS"], row["AREA_TITLE"]))
    return table


def load_glossary() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((DATA / "glossary.json").read_text(encoding="utf-8"))
    return data
