"""STAR labels on answers to all seven question types.

Tuned sets (the labeller, star-labels/3, was changed while looking at them and its model is
trained on them, so their figures say nothing about new answers): `star_labels_types.yaml`
(308 sentences), `star_labels_fresh.yaml` (181; untuned in session 2, tuned from session 3) and
`star_labels_train3.yaml` (110). The untuned set is `star_labels_fresh2.yaml` (198 sentences,
37 answers): labelled and committed before its first run, run once after the labeller was
finished, never used to change it. Its floor below is the level measured on that one run,
rounded down, so a regression fails (README, "STAR labels across question types").
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import yaml

from resugrow_interview.domain.bank import QUESTION_TYPES
from resugrow_interview.domain.star import LABELS, analyse
from resugrow_interview.domain.star_refine import STAR_LABELLER_VERSION

FIXTURES = Path(__file__).parent.parent / "fixtures"
DATA = FIXTURES / "star_labels_types.yaml"
FRESH = FIXTURES / "star_labels_fresh.yaml"
TRAIN3 = FIXTURES / "star_labels_train3.yaml"
UNTUNED = FIXTURES / "star_labels_fresh2.yaml"
UNTUNED_FLOOR = 0.84  # measured 0.844 on the one run (bar 0.80)


def _macro_f1(gold: list[str], pred: list[str]) -> float:
    scores = []
    for lb in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lb and p == lb)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lb and p == lb)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lb and p != lb)
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores)


def _figures(data: Path) -> tuple[float, int]:
    gold: list[str] = []
    pred: list[str] = []
    for answer in yaml.safe_load(data.read_text())["answers"]:
        result = analyse(" ".join(s for _, s in answer["sentences"]))
        assert len(result.sentences) == len(answer["sentences"]), answer["id"]
        gold += [label for label, _ in answer["sentences"]]
        pred += [s.label for s in result.sentences]
    return _macro_f1(gold, pred), len(gold)


def test_sets_cover_every_question_type() -> None:
    for data, least in ((DATA, 300), (FRESH, 150), (UNTUNED, 180)):
        answers = yaml.safe_load(data.read_text())["answers"]
        assert {a["type"] for a in answers} == set(QUESTION_TYPES), data.name
        assert sum(len(a["sentences"]) for a in answers) >= least, data.name
    assert len(yaml.safe_load(UNTUNED.read_text())["answers"]) >= 30


def test_model_was_trained_for_this_labeller_and_never_on_the_untuned_sets() -> None:
    raw = resources.files("resugrow_interview.domain.data").joinpath("star_weights.json").read_text("utf-8")
    doc = json.loads(raw)
    assert doc["labeller"] == STAR_LABELLER_VERSION
    assert tuple(doc["labels"]) == LABELS
    assert set(doc["trained_on"]) == {
        DATA.name,
        FRESH.name,
        TRAIN3.name,
        "star_labels.yaml",
        "star_labels_holdout.yaml",
    }
    assert all(len(w) == len(LABELS) for w in doc["weights"].values())


def test_background_in_a_self_description_is_other_and_a_plain_outcome_is_result() -> None:
    about = analyse(
        "I'm a pharmacist and I've worked in hospitals for six years. I enjoy teaching students on placement. "
        "I'm looking for a role where I can lead a small team."
    )
    assert [s.label for s in about.sentences] == ["other", "other", "other"]
    story = analyse(
        "Last year our payroll run kept failing at month end. I rewrote the export and added a check on totals. "
        "After that the run went smoothly every month."
    )
    assert [s.label for s in story.sentences] == ["situation", "action", "result"]


def test_macro_f1_tuned_and_untuned() -> None:
    tuned = {p.name: _figures(p) for p in (DATA, FRESH, TRAIN3)}
    untuned, n_untuned = _figures(UNTUNED)
    shown = ", ".join(f"{name} {f1:.3f} ({n})" for name, (f1, n) in tuned.items())
    print(f"\nSTAR all types: tuned {shown}; untuned (fresh2) {untuned:.3f} ({n_untuned})")
    # The model was trained on these: the figures show it fits them, not that it generalises.
    assert all(f1 >= 0.95 for f1, _ in tuned.values())
    assert untuned >= UNTUNED_FLOOR
