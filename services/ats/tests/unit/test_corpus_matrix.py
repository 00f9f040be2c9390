"""The issue's ATS bars on the generator matrix (corpus/, made by ``make corpus``), per generator.

The files and their truth are committed, so this needs no generator. Truth was written from the
seeded persona data before any file was parsed. Run with ``-s`` to see the tables.

Tuned vs untuned: personas 1-84 (first and second rounds) were read file by file while the
reader was changed (41-60, session 2's untuned part, were inspected in session 3 to fix moderncv).
Personas 85-104 (third round, same broad generator) were generated and committed before the
session-3 reader first ran on them and are scored only as a whole. The bars are asserted on both
parts; on the untuned part a generator that missed a bar would be held to its measured level (a
regression floor) and listed in UNTUNED_MEASURED; none does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[4] / "corpus"
sys.path.insert(0, str(CORPUS))

import personas  # noqa: E402
import score_ats  # noqa: E402

BARS = {"contact": 0.98, "work_f1": 0.93, "dates": 0.95, "skills_f1": 0.90}

# Measured on the untuned personas (2026-12-05, session 3, see services/ats/README.md), rounded
# down; the floor is min(bar, measured). Every generator meets every bar there, so it is empty.
UNTUNED_MEASURED: dict[str, dict[str, float]] = {}


@pytest.fixture(scope="module")
def tallies() -> dict[str, dict[str, score_ats.Tally]]:
    return score_ats.run(score_ats.manifest()["files"])


def test_matrix_is_broad() -> None:
    rows = score_ats.manifest()["files"]
    generators = {r["generator"] for r in rows}
    assert len(generators) >= 10
    assert len({r["persona"] for r in rows}) >= 80
    assert len({r["persona"] for r in rows if r["untuned"]}) >= 20
    assert all(r["options"] for r in rows)
    assert all(
        sum(r["generator"] == g for r in rows) == len({r["persona"] for r in rows}) for g in generators
    )


def test_truth_is_the_persona_data() -> None:
    """`make corpus` writes truth from the seeded personas only: the committed truth is exactly
    what the persona generator gives again (so a second run gives the same truth)."""
    ids = sorted({r["persona"] for r in score_ats.manifest()["files"]})
    assert ids == personas.all_ids()
    for pid in ids:
        written = json.loads((CORPUS / "resumes" / "truth" / f"p{pid:02d}.json").read_text())
        assert written == json.loads(json.dumps(personas.make_persona(pid).truth())), pid


def test_bars_per_generator(tallies: dict[str, dict[str, score_ats.Tally]]) -> None:
    """Every generator meets every bar on the tuned personas."""
    print("\n[tuned]\n" + score_ats.table(tallies["tuned"]))
    failing = []
    for key, tally in tallies["tuned"].items():
        if key.startswith("case:"):
            continue
        fig = tally.figures()
        failing += [f"{key} {bar} {fig[bar]:.3f}" for bar, floor in BARS.items() if fig[bar] < floor]
        if fig["leaks"]:
            failing.append(f"{key}: interests or languages read as skills")
    assert not failing


def test_untuned_part_per_generator(tallies: dict[str, dict[str, score_ats.Tally]]) -> None:
    print("\n[untuned]\n" + score_ats.table(tallies["untuned"]))
    failing = []
    for key, tally in tallies["untuned"].items():
        if key.startswith("case:"):
            continue
        fig = tally.figures()
        measured = UNTUNED_MEASURED.get(key, {})
        for bar, level in BARS.items():
            floor = min(level, measured.get(bar, level))
            if fig[bar] < floor - 1e-9:
                failing.append(f"{key} {bar} {fig[bar]:.3f} < {floor:.3f}")
        if fig["leaks"]:
            failing.append(f"{key}: interests or languages read as skills")
    assert not failing
