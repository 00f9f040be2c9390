"""Figures of the STAR labeller on the hand-labelled sets in tests/fixtures (issue 12).

Run: .venv/bin/python services/interview/scripts/star_eval.py [SET ...] [--errors] [--by-type]
Prints macro-F1 and F1 per label for each set (all sets but the untuned one by default),
optionally the F1 per question type and every mislabelled sentence; `--rules` scores the cue
rules without the learned last pass. Read-only: it changes nothing.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from resugrow_interview.domain.star import LABELS, analyse

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
SETS = (
    "star_labels.yaml",
    "star_labels_holdout.yaml",
    "star_labels_holdout2.yaml",
    "star_labels_types.yaml",
    "star_labels_fresh.yaml",
)


def f1_per_label(gold: list[str], pred: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for lb in LABELS:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lb and p == lb)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lb and p == lb)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lb and p != lb)
        if tp + fp + fn:
            out[lb] = 2 * tp / (2 * tp + fp + fn)
    return out


def macro(scores: dict[str, float]) -> float:
    return sum(scores.values()) / len(scores) if scores else 0.0


def run_set(path: Path, model: bool = True) -> list[tuple[dict[str, Any], list[str], list[str]]]:
    rows = []
    for answer in yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]:
        result = analyse(" ".join(s for _, s in answer["sentences"]), model=model)
        if len(result.sentences) != len(answer["sentences"]):
            raise SystemExit(f"{path.name} {answer['id']}: sentence split differs")
        rows.append((answer, [lb for lb, _ in answer["sentences"]], [s.label for s in result.sentences]))
    return rows


def report(
    name: str, rows: list[tuple[dict[str, Any], list[str], list[str]]], args: argparse.Namespace
) -> None:
    gold = [g for _, gs, _ in rows for g in gs]
    pred = [p for _, _, ps in rows for p in ps]
    scores = f1_per_label(gold, pred)
    per = " ".join(f"{lb} {scores[lb]:.3f}" for lb in LABELS if lb in scores)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    print(f"{name}: n {len(gold)} macro-F1 {macro(scores):.3f} accuracy {acc:.3f} | {per}")
    if args.by_type:
        for qtype in sorted({a.get("type", "behavioral") for a, _, _ in rows}):
            sub = [(gs, ps) for a, gs, ps in rows if a.get("type", "behavioral") == qtype]
            g = [x for gs, _ in sub for x in gs]
            p = [x for _, ps in sub for x in ps]
            print(f"  {qtype}: n {len(g)} macro-F1 {macro(f1_per_label(g, p)):.3f}")
    if args.errors:
        confusion = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
        print(
            "  confusions (gold->pred):", ", ".join(f"{g}->{p} {n}" for (g, p), n in confusion.most_common())
        )
        for answer, gs, ps in rows:
            for i, (g, p) in enumerate(zip(gs, ps, strict=True)):
                if g != p:
                    print(
                        f"  {answer['id']}[{i}] {answer.get('type', '')}: {g} -> {p}: {answer['sentences'][i][1]}"
                    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="*", default=list(SETS))
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--by-type", action="store_true")
    parser.add_argument("--rules", action="store_true", help="the cue rules alone, without the model")
    args = parser.parse_args()
    for name in args.sets:
        report(name, run_set(FIXTURES / name, model=not args.rules), args)


if __name__ == "__main__":
    main()
