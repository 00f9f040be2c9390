"""The issue's ATS bars on the generator matrix (corpus/, made by ``make corpus``), per generator.

The files and their truth are committed, so this needs no generator. Truth was written from the
seeded persona data before any file was parsed. Run with ``-s`` to see the tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[4] / "corpus"
sys.path.insert(0, str(CORPUS))

import score_ats  # noqa: E402

BARS = {"contact": 0.98, "work_f1": 0.93, "dates": 0.95, "skills_f1": 0.90}


@pytest.fixture(scope="module")
def tallies() -> dict[str, dict[str, score_ats.Tally]]:
    return score_ats.run(score_ats.manifest()["files"])


def test_matrix_is_broad(tallies: dict[str, dict[str, score_ats.Tally]]) -> None:
    rows = score_ats.manifest()["files"]
    generators = {r["generator"] for r in rows}
    assert len(generators) >= 6
    assert len({r["persona"] for r in rows}) >= 40
    assert all(r["options"] for r in rows)


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


# The untuned personas were never looked at while tuning; they do not all meet the bars yet
# (latex_moderncv work F1 is far below, see the README). These floors catch a regression.
UNTUNED_FLOORS = {"contact": 0.97, "work_f1": 0.88, "dates": 0.95, "skills_f1": 0.95}


def test_untuned_part_does_not_regress(tallies: dict[str, dict[str, score_ats.Tally]]) -> None:
    print("\n[untuned]\n" + score_ats.table(tallies["untuned"]))
    fig = tallies["untuned"]["ALL"].figures()
    assert all(fig[bar] >= floor for bar, floor in UNTUNED_FLOORS.items()), fig
    assert fig["leaks"] == 0
