"""STAR labels on answers to all seven question types.

`star_labels_types.yaml` (308 sentences): labels written before the labeller ran; the labeller
(star-labels/2) was tuned on all of it, including the part once kept untuned (ids divisible by
3), which was looked at in session 2 and is now spent. `star_labels_fresh.yaml` (181 sentences)
is the untuned set: labelled and committed before its first run, never used to change the
labeller. The issue's bar on the untuned part (macro-F1 >= 0.80) is NOT met (0.712 on the one
run): its floor below is the measured level, so a regression fails (README, "Quality").
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from resugrow_interview.domain.bank import QUESTION_TYPES
from resugrow_interview.domain.star import LABELS, analyse

DATA = Path(__file__).parent.parent / "fixtures" / "star_labels_types.yaml"
FRESH = Path(__file__).parent.parent / "fixtures" / "star_labels_fresh.yaml"


def _macro_f1(gold: list[str], pred: list[str]) -> float:
    scores = []
    for lb in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lb and p == lb)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lb and p == lb)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lb and p != lb)
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores)


def _figures(untuned: bool | None, data: Path = DATA) -> tuple[float, int]:
    gold: list[str] = []
    pred: list[str] = []
    for answer in yaml.safe_load(data.read_text())["answers"]:
        if untuned is not None and (int(re.sub(r"\D", "", answer["id"])) % 3 == 0) != untuned:
            continue
        result = analyse(" ".join(s for _, s in answer["sentences"]))
        assert len(result.sentences) == len(answer["sentences"]), answer["id"]
        gold += [label for label, _ in answer["sentences"]]
        pred += [s.label for s in result.sentences]
    return _macro_f1(gold, pred), len(gold)


def test_set_covers_every_question_type() -> None:
    answers = yaml.safe_load(DATA.read_text())["answers"]
    assert {a["type"] for a in answers} == set(QUESTION_TYPES)
    assert sum(len(a["sentences"]) for a in answers) >= 300


def test_fresh_set_covers_every_question_type() -> None:
    answers = yaml.safe_load(FRESH.read_text())["answers"]
    assert {a["type"] for a in answers} == set(QUESTION_TYPES)
    assert sum(len(a["sentences"]) for a in answers) >= 150


def test_macro_f1_tuned_and_untuned() -> None:
    tuned, n_tuned = _figures(untuned=None)
    fresh, n_fresh = _figures(untuned=None, data=FRESH)
    print(f"\nSTAR all types: tuned {tuned:.3f} ({n_tuned}), untuned (fresh) {fresh:.3f} ({n_fresh})")
    assert tuned >= 0.85  # the tuned aim
    # Bar 0.80 not met on the untuned set: floor = the level measured on its one run (0.712).
    assert fresh >= 0.71
