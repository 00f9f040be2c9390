"""Quality bars of issue 14, measured on the shipped data (figures also in the README).

- Title matching on the labelled set: held-out O*NET reported/alternate titles (never indexed by
  the model under test) and titles written here with seniority words, abbreviations and typos.
- Every wage figure equals the cell it cites (1,000 sampled responses, re-read independently).
- Counter-offer scripts and e-mails contain no number that is not an input or a cited cell.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
import re
import struct
import zlib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from resugrow_career.adapters.data_files import build_title_index, load_title_encoder
from resugrow_career.commands import CounterCmd, OfferIn
from resugrow_career.domain.catalog import Catalog
from resugrow_career.domain.matching import TitleIndex
from resugrow_career.domain.text import norm_title
from resugrow_career.use_cases.occupations import get_occupation
from resugrow_career.use_cases.offers import counter_offer

FIXTURES = Path(__file__).parent.parent / "fixtures"

SOURCE = Path("/work/shared/data/career")


def _labelled(name: str, **where: str) -> list[tuple[str, set[str]]]:
    with open(FIXTURES / name, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if all(r.get(k) == v for k, v in where.items())]
    return [(r["title"], set(r["codes"].split())) for r in rows]


@pytest.fixture(scope="session")
def held_out_index(catalog: Catalog) -> TitleIndex:
    """The shipped model's recipe (same builder, same data) WITHOUT any held-out title, for
    every occupation: what the matcher does on titles it has never indexed. The service itself
    indexes every title (runtime.load_catalog)."""
    judged = _judged_titles()
    held = frozenset(norm_title(t) for t, _ in _labelled("titles_heldout.csv") if t not in judged)
    return TitleIndex(build_title_index(catalog.occupations, exclude=held), load_title_encoder(held_out=True))


@pytest.fixture(scope="session")
def judged_index(catalog: Catalog) -> TitleIndex:
    """The same recipe without the judged part too (session 11): that part has a model of its
    own so the other parts' model, and the ranker fitted on it, stay as they were."""
    held = frozenset(norm_title(t) for t, _ in _labelled("titles_heldout.csv"))
    return TitleIndex(build_title_index(catalog.occupations, exclude=held), load_title_encoder(held_out=True))


def _judged_titles() -> set[str]:
    return {t for t, _ in _labelled("titles_heldout.csv", part="judged")}


def _accuracy(index: TitleIndex, rows: list[tuple[str, set[str]]]) -> tuple[float, float]:
    top1 = top3 = 0
    for title, codes in rows:
        hits = [h.code for h in index.match(title).hits]
        top1 += bool(hits[:1] and hits[0] in codes)
        top3 += bool(codes & set(hits[:3]))
    return top1 / len(rows), top3 / len(rows)


def test_labelled_set_is_large_and_apart_from_the_index(catalog: Catalog, held_out_index: TitleIndex) -> None:
    held = _labelled("titles_heldout.csv")
    written = [
        row
        for name in (
            "titles_written.csv",
            "titles_written_untuned.csv",
            "titles_jobboard_untuned.csv",
            "titles_written_untuned2.csv",
        )
        for row in _labelled(name)
    ]
    assert len(held) >= 500 and len(written) >= 300
    indexed = {norm_title(held_out_index.title(i)) for i in range(len(held_out_index))}
    judged = _judged_titles()
    assert not [t for t, _ in held if norm_title(t) in indexed and t not in judged]
    # The product indexes every title (the few missing had the same words as another title).
    shipped = {norm_title(catalog.index.title(i)) for i in range(len(catalog.index))}
    assert sum(norm_title(t) in shipped for t, _ in held) >= 0.95 * len(held)
    assert all(code in catalog.occupations for _, codes in held + written for code in codes)


def test_hand_labels_cover_the_judged_part_and_keep_onet_codes(
    catalog: Catalog, judged_index: TitleIndex
) -> None:
    """titles_judged.csv labels the held-out `judged` part by hand: the same titles, every code
    O*NET lists kept, every code a real occupation; its model indexes none of them."""
    onet = dict(_labelled("titles_heldout.csv", part="judged"))
    hand = dict(_labelled("titles_judged.csv"))
    assert len(onet) >= 500 and hand.keys() == onet.keys()
    assert all(onet[t] <= codes and codes <= catalog.occupations.keys() for t, codes in hand.items())
    indexed = {norm_title(judged_index.title(i)) for i in range(len(judged_index))}
    assert not [t for t in hand if norm_title(t) in indexed]
    # the tuning parts, labelled by hand the same way (README): the ranker was not fitted on these
    tuning = dict(_labelled("titles_heldout.csv", part="tuning"))
    tuning_hand = dict(_labelled("titles_tuning_hand.csv"))
    assert tuning_hand.keys() == tuning.keys()
    assert all(tuning[t] <= codes <= catalog.occupations.keys() for t, codes in tuning_hand.items())


# (fixture, filter, top-1 floor, top-3 floor): the level measured on 2026-12-06 (session 13: the
# ranker with the title classifier's and the title encoder's features, README), rounded down,
# minus 2 points. The margin is there because this test trains its own classifier on the test
# model: training with another seed moved the tuning parts by up to 1.8 points (written) and 1.3
# (reported), and float sums can differ from machine to machine. The encoder is shipped, not
# trained here. "tuning" parts trained the ranker; "untuned" parts never did: each was evaluated
# once per matcher version, at the end.
LEVELS = [
    ("titles_written.csv", {}, 0.89, 0.98),
    ("titles_written_untuned.csv", {}, 0.83, 0.93),
    ("titles_jobboard_untuned.csv", {}, 0.86, 0.94),
    ("titles_written_untuned2.csv", {}, 0.89, 0.95),
    ("titles_heldout.csv", {"source": "reported", "part": "tuning"}, 0.72, 0.87),
    ("titles_heldout.csv", {"source": "reported", "part": "untuned"}, 0.75, 0.87),
    ("titles_heldout.csv", {"source": "reported", "part": "untuned2"}, 0.72, 0.83),
    ("titles_heldout.csv", {"source": "reported", "part": "untuned3"}, 0.73, 0.85),
    ("titles_heldout.csv", {"source": "reported", "part": "untuned4"}, 0.72, 0.84),
    ("titles_heldout.csv", {"source": "alternate", "part": "tuning"}, 0.56, 0.75),
    ("titles_heldout.csv", {"source": "alternate", "part": "untuned"}, 0.56, 0.74),
    ("titles_heldout.csv", {"source": "alternate", "part": "untuned2"}, 0.55, 0.75),
    ("titles_heldout.csv", {"source": "alternate", "part": "untuned3"}, 0.56, 0.77),
    ("titles_heldout.csv", {"source": "alternate", "part": "untuned4"}, 0.53, 0.75),
]


# The judged part (session 11) on its own model: O*NET's lists and the hand labels (README),
# measured on 2026-12-06 with session 13's matcher, rounded down, minus 2 points (same reason).
JUDGED_LEVELS = [
    ("titles_heldout.csv", {"source": "reported", "part": "judged"}, 0.75, 0.87),
    ("titles_heldout.csv", {"source": "alternate", "part": "judged"}, 0.54, 0.73),
    ("titles_judged.csv", {"source": "reported"}, 0.83, 0.91),
    ("titles_judged.csv", {"source": "alternate"}, 0.62, 0.81),
]


@pytest.mark.parametrize(
    ("model", "name", "where", "floor1", "floor3"),
    [("held_out_index", *row) for row in LEVELS] + [("judged_index", *row) for row in JUDGED_LEVELS],
)
def test_title_matching_quality(
    request: pytest.FixtureRequest, model: str, name: str, where: dict[str, str], floor1: float, floor3: float
) -> None:
    top1, top3 = _accuracy(request.getfixturevalue(model), _labelled(name, **where))
    assert top1 >= floor1 and top3 >= floor3, (top1, top3)


def test_a_typo_and_abbreviations_still_find_the_occupation(catalog: Catalog) -> None:
    match = catalog.index.match("Sr. Registered Nurce - ICU Nights")
    assert match.hits[0].code.startswith("29-1141") and match.levels == ["senior"]
    assert match.corrections == {"nurce": "nurs"}


def _compact_rows(level: str) -> dict[int, dict[str, str]]:
    """The packaged rows of one source file, read straight from wages_areas.bin (not via the
    service's table), keyed by their source row number."""
    raw = (resources.files("resugrow_career") / "data" / "wages_areas.bin").read_bytes()
    (size,) = struct.unpack_from("<I", raw)
    header = json.loads(raw[4 : 4 + size])
    rows: dict[int, dict[str, str]] = {}
    for lvl, offset, length in header["areas"].values():
        if lvl == level:
            block = zlib.decompress(raw[4 + size + offset : 4 + size + offset + length]).decode()
            for r in csv.DictReader(block.splitlines(), fieldnames=header["columns"]):
                rows[int(r["ROW"])] = r
    return rows


def _sample_wage_cells(catalog: Catalog, n: int) -> list[dict[str, Any]]:
    rng = random.Random(14)
    codes = sorted(catalog.occupations)
    areas = sorted(catalog.wages.areas)
    cells: list[dict[str, Any]] = []
    for _ in range(n):
        profile = get_occupation(catalog, code=rng.choice(codes), location=rng.choice(areas))
        for block in profile["wages"].values():
            if block.get("available"):
                for basis in ("annual", "hourly"):
                    cells.extend(block[basis].values())
                cells.append(block["annual_mean"])
    return cells


def test_sampled_wage_figures_equal_their_cited_cells(catalog: Catalog) -> None:
    cells = _sample_wage_cells(catalog, 1000)
    assert len(cells) >= 1000
    rows = {lvl: _compact_rows(lvl) for lvl in ("national", "state", "metro")}
    level_of = {
        "oews_M2025/national_M2025_dl.csv": "national",
        "oews_M2025/oews_state_M2025.csv.gz": "state",
        "oews_M2025/oews_metro_M2025.csv.gz": "metro",
    }
    for cell in cells:
        src = cell["source"]
        row = rows[level_of[src["file"]]][src["row"]]
        assert (row["AREA"], row["OCC_CODE"]) == (src["area"], src["occupation"])
        raw = row[src["column"]].replace(",", "")
        if cell["value"] is None:
            assert not re.fullmatch(r"[\d.]+", raw) and cell["note"]
        else:
            assert Decimal(raw) == Decimal(str(cell["value"]))


@pytest.mark.skipif(not SOURCE.exists(), reason="source data not on this machine")
def test_sampled_wage_figures_equal_the_source_files(catalog: Catalog) -> None:
    cells = _sample_wage_cells(catalog, 1000)
    wanted: dict[str, set[int]] = {}
    for c in cells:
        wanted.setdefault(c["source"]["file"], set()).add(c["source"]["row"])
    source_rows: dict[tuple[str, int], dict[str, str]] = {}
    for file, numbers in wanted.items():
        opener: Any = gzip.open if file.endswith(".gz") else open
        with opener(SOURCE / file, "rt", encoding="utf-8") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=1):
                if i in numbers:
                    source_rows[(file, i)] = row
    for c in cells:
        src = c["source"]
        row = source_rows[(src["file"], src["row"])]
        assert row["OCC_CODE"] == src["occupation"]
        if c["value"] is not None:
            assert Decimal(row[src["column"]].replace(",", "")) == Decimal(str(c["value"]))


NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(m.replace(",", "")) for m in NUMBER.findall(text)}


def test_scripts_and_emails_only_use_inputs_and_cited_cells(catalog: Catalog) -> None:
    rng = random.Random(7)
    codes = sorted(catalog.occupations)
    states = ["TX", "CA", "NY", "Ohio", "WA", None]
    checked = 0
    for i in range(60):
        base = rng.randrange(30_000, 250_000, 500)
        cmd = CounterCmd(
            offer=OfferIn(label="Offer", company=f"Acme {i}", base_salary=Decimal(base)),
            competing=[
                OfferIn(
                    label="Other",
                    company="Beta",
                    base_salary=Decimal(base + rng.randrange(-20_000, 40_000, 1000)),
                )
            ],
            minimum_base=Decimal(base - 5000) if i % 2 else None,
            occupation=rng.choice(codes),
            location=rng.choice(states),
            achievements=[f"Grew revenue {rng.randint(5, 60)}% in {rng.randint(2, 9)} quarters"],
            tone="direct" if i % 3 else "collaborative",
            role="Analyst" if i % 4 else None,
            candidate_name="Sam Lee",
        )
        out = counter_offer(catalog, cmd)
        allowed = _numbers(cmd.model_dump_json())
        for step in out["plan"].values():
            allowed |= _numbers(str(step["amount"])) | _numbers(str(step["source"].get("release", "")))
        allowed |= _numbers("OEWS May 2025")
        occ_title = catalog.occupations[out["occupation"]["code"]].title
        allowed |= _numbers(occ_title)
        texts = [*out["script"], out["email"]["subject"], out["email"]["body"]]
        market = {Decimal(str(v)) for v in _market_values(catalog, cmd)}
        for text in texts:
            extra = _numbers(text) - allowed - market
            assert not extra, (text, extra)
        checked += 1
    assert checked == 60


def _market_values(catalog: Catalog, cmd: CounterCmd) -> list[float]:
    from resugrow_career.domain.wages import lookup

    occ = catalog.occupation(str(cmd.occupation))
    found = lookup(catalog.wages, occ.soc, catalog.area(cmd.location))
    if found.row is None:
        return []
    return [c.value for c in found.row.percentiles("A").values() if c.value is not None]
