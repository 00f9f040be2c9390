"""STAR labels on answers to all seven question types (tests/fixtures/star_labels_types.yaml).

Labels were written before the labeller ran. Answers with an id number divisible by 3 are the
untuned part. The issue's bar (macro-F1 >= 0.80 on the untuned part) is not met yet: the floors
below guard the figures reached (README, "Quality"), so a regression fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from resugrow_interview.domain.bank import QUESTION_TYPES
from resugrow_interview.domain.star import LABELS, analyse

DATA = Path(__file__).parent.parent / "fixtures" / "star_labels_types.yaml"


def _macro_f1(gold: list[str], pred: list[str]) -> float:
    scores = []
    for lb in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lb and p == lb)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lb and p == lb)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lb and p != lb)
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores)


def _figures(untuned: bool) -> tuple[float, int]:
    gold: list[str] = []
    pred: list[str] = []
    for answer in yaml.safe_load(DATA.read_text())["answers"]:
        if (int(re.sub(r"\D", "", answer["id"])) % 3 == 0) != untuned:
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


def test_macro_f1_tuned_and_untuned() -> None:
    tuned, n_tuned = _figures(untuned=False)
    untuned, n_untuned = _figures(untuned=True)
    print(f"\nSTAR all types: tuned {tuned:.3f} ({n_tuned}), untuned {untuned:.3f} ({n_untuned})")
    assert tuned >= 0.74
    assert untuned >= 0.78
