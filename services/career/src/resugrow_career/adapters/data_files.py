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
from resugrow_career.domain.text import title_key
from resugrow_career.domain.wages import Area, WageTable

DATA = resources.files("resugrow_career") / "data"


def _read(name: str) -> bytes:
    return gzip.decompress((DATA / name).read_bytes())


def load_occupations() -> dict[str, Occupation]:
    records: dict[str, dict[str, Any]] = json.loads(_read("occupations.json.gz"))
    return {code: occupation_from_record(code, rec) for code, rec in sorted(records.items())}


def load_title_index(occupations: dict[str, Occupation]) -> TitleIndex:
    rows: list[list[str]] = json.loads(_read("titles.json.gz"))
    titles = [(t, c, s, title_key(t)) for t, c, s in rows if c in occupations]
    return TitleIndex(titles)


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
