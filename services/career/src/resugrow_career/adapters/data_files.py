"""Reads the compact data set shipped inside the package (built by scripts/build_data.py)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import struct
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from resugrow_career.adapters.title_encoder import StaticTitleEncoder
from resugrow_career.domain.matching import TitleIndex
from resugrow_career.domain.occupations import Occupation, occupation_from_record
from resugrow_career.domain.text import ABBREVIATIONS, STOP, norm_title, stem, words
from resugrow_career.domain.title_classifier import tokens, train
from resugrow_career.domain.title_data import (
    Query,
    Row,
    TitleData,
    build_title_data,
    own_abbreviations,
    unpack,
)
from resugrow_career.domain.wages import NATIONAL_AREA, Area, WageTable

DATA = resources.files("resugrow_career") / "data"
TITLE_INDEX = "title_index.bin.gz"
# Every task and technology example per occupation: read only to build the title model.
TITLE_EVIDENCE = "title_evidence.json.gz"
WAGES = "wages_areas.bin"


def _read(name: str) -> bytes:
    return gzip.decompress((DATA / name).read_bytes())


def load_occupations() -> dict[str, Occupation]:
    out: dict[str, Occupation] = {}
    for line in _lines("occupations.jsonl.gz"):
        code, record = json.loads(line)
        out[code] = occupation_from_record(code, record)
    return out


def load_title_index() -> TitleIndex:
    """The shipped matcher model (built from every title by scripts/build_data.py)."""
    return TitleIndex(unpack(_read_into_buffer(TITLE_INDEX)), load_title_encoder())


@lru_cache(maxsize=2)
def load_title_encoder(*, held_out: bool = False) -> StaticTitleEncoder:
    """The service's title encoder, or with `held_out` the one that never saw a labelled held-out
    title (for models built by build_title_index with them excluded); one of each per process."""
    return StaticTitleEncoder("title_encoder_heldout" if held_out else "title_encoder")


def _read_into_buffer(name: str) -> bytearray:
    """A packaged gzip file decompressed straight into one buffer of its final size (the gzip
    trailer holds it), so loading never holds two copies of the data."""
    with (DATA / name).open("rb") as raw:
        raw.seek(-4, io.SEEK_END)
        (size,) = struct.unpack("<I", raw.read(4))
        raw.seek(0)
        buf = bytearray(size)
        view = memoryview(buf)
        with gzip.GzipFile(fileobj=raw) as fh:
            done = 0
            while done < size and (n := fh.readinto(view[done:])):
                done += n
    return buf


def index_titles(occupations: dict[str, Occupation], exclude: frozenset[str] = frozenset()) -> list[Row]:
    """Every shipped title of a known occupation whose `norm_title` is not in `exclude`, with the
    key and head its own abbreviations give it (title_data.own_abbreviations)."""
    rows: list[list[str]] = json.loads(_read("titles.json.gz"))
    return own_abbreviations(
        [(t, c, s) for t, c, s in rows if c in occupations and norm_title(t) not in exclude]
    )


def build_title_index(
    occupations: dict[str, Occupation], *, exclude: frozenset[str] = frozenset()
) -> TitleData:
    """The matcher model over every shipped title minus those whose `norm_title` is in `exclude`.
    The data build runs it with nothing excluded; the quality test excludes its held-out titles,
    so it measures titles the model has never indexed."""
    titles = index_titles(occupations, exclude)
    evidence: dict[str, dict[str, list[str]]] = json.loads(_read(TITLE_EVIDENCE))
    descriptions = {
        code: _stems(" ".join((occ.description, *evidence.get(code, {}).get("tasks", occ.tasks))))
        for code, occ in occupations.items()
    }
    technology = {
        code: _stems(" ".join(evidence.get(code, {}).get("technology", ()))) for code in occupations
    }
    data = build_title_data(titles, employment_prior(occupations), descriptions, technology)
    return _with_classifier(data, titles)


def title_examples(data: TitleData, titles: list[Row]) -> list[tuple[Query, int]]:
    """Every indexed title as a training example of its occupation (code id), read as a query
    is, but with the abbreviations its index key kept as written (`titles`, from index_titles):
    the court reporters' "CSR" must not teach "customer service representative". The title
    classifier learns from these, and so did the title encoder (scripts/train_title_encoder.py)."""
    index = TitleIndex(data)
    keys = {(t, c): key for t, c, _, key, _ in titles}
    read: dict[tuple[str, frozenset[str]], Query] = {}
    out = []
    for e in range(len(index)):
        title, code = index.title(e), int(index.entry_code[e])
        key = keys[(title, index.codes[code])]
        keep = frozenset(w for w in words(title) if w in ABBREVIATIONS and stem(w) in key)
        if (title, keep) not in read:
            read[(title, keep)] = index.query(title, join=False, keep=keep)
        out.append((read[(title, keep)], code))
    return out


def _with_classifier(data: TitleData, titles: list[Row]) -> TitleData:
    """`data` plus the title classifier trained on its own titles (title_examples)."""
    examples = [(tokens(q.key, q.head), code) for q, code in title_examples(data, titles)]
    vocab, arrays = train(examples, len(data.strings["codes"]))
    return TitleData(data.strings | {"clf.tokens": vocab}, dict(data.arrays) | arrays)


def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(text) if w not in STOP)


def employment_prior(occupations: dict[str, Occupation]) -> dict[str, float]:
    """OEWS national employment per O*NET-SOC code: its SOC code's (or the broad code's) TOT_EMP
    shared evenly among the O*NET codes of that SOC code. The matcher's tie-breaker between
    occupations whose titles read alike."""
    table = load_wages()
    emp_col = table.columns.index("TOT_EMP")
    emp: dict[str, float] = {}
    for line in table.lines(NATIONAL_AREA):
        cells = line.split(",")
        try:
            emp[cells[2]] = float(cells[emp_col])
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


def _lines(name: str) -> Iterator[str]:
    """The lines of a packaged gzip text file, streamed (no whole decompressed copy)."""
    with (DATA / name).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8", newline="") as fh:
        yield from fh


def load_wages() -> WageTable:
    """The wage table's table of contents; each area's rows are read from the file when asked."""
    path = DATA / WAGES
    with path.open("rb") as fh:
        (size,) = struct.unpack("<I", fh.read(4))
        header = json.loads(fh.read(size))
    base = 4 + size

    def read_block(offset: int, length: int) -> bytes:
        with path.open("rb") as fh:
            fh.seek(base + offset)
            return fh.read(length)

    toc = {area: (str(level), int(off), int(n)) for area, (level, off, n) in header["areas"].items()}
    table = WageTable(header["columns"], toc, read_block)
    for row in csv.DictReader(_lines("areas.csv.gz")):
        table.add_area(Area(row["AREA"], row["AREA_TYPE"], row["STATE_FIPS"], row["AREA_TITLE"]))
    return table


def load_glossary() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((DATA / "glossary.json").read_text(encoding="utf-8"))
    return data
