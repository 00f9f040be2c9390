"""Train the STAR label model (domain/star_model.py) and write domain/data/star_weights.json.

Run: .venv/bin/python services/interview/scripts/train_star_model.py [--check] [--evaluate]
Multinomial logistic regression over the features of `star_model.sentence_features`, trained
by full-batch AdaGrad in pure Python from zero weights with a fixed feature order, so the same
sets always give the same file. Trained only on the TUNED sets (TRAIN below): the blind
behavioural set (star_labels_holdout2.yaml) and the untuned set (star_labels_fresh2.yaml) are
never read here. `--evaluate` trains on all tuned sets but one and scores the one left out
(rules alone vs rules + model), which is how the model was chosen; `--check` fails when the
committed weights differ from a fresh training run.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from resugrow_interview.domain.star import LABELS, analyse
from resugrow_interview.domain.star_model import answer_mode, sentence_features, sentence_flags
from resugrow_interview.domain.star_refine import STAR_LABELLER_VERSION

HERE = Path(__file__).resolve().parent.parent
FIXTURES = HERE / "tests" / "fixtures"
OUT = HERE / "src" / "resugrow_interview" / "domain" / "data" / "star_weights.json"
TRAIN = (
    "star_labels.yaml",
    "star_labels_holdout.yaml",
    "star_labels_types.yaml",
    "star_labels_fresh.yaml",
    "star_labels_train3.yaml",
)
L2 = 1.0
EPOCHS = 300
RATE = 0.5
MIN_COUNT = 2  # a word seen in one training sentence only is not kept: it would just memorise it
WORD_PREFIXES = ("w:", "w0:", "w01:")

Sample = tuple[list[str], int]


def samples(name: str) -> list[Sample]:
    out: list[Sample] = []
    for answer in yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))["answers"]:
        ruled = analyse(" ".join(s for _, s in answer["sentences"]), model=False)
        if len(ruled.sentences) != len(answer["sentences"]):
            raise SystemExit(f"{name} {answer['id']}: sentence split differs")
        lows = [s.text.lower().replace("’", "'") for s in ruled.sentences]
        rules = [s.label for s in ruled.sentences]
        cues = [s.cues for s in ruled.sentences]
        flags = [sentence_flags(low) for low in lows]
        mode = answer_mode(flags)
        for i, (gold, _) in enumerate(answer["sentences"]):
            out.append((sentence_features(lows, rules, cues, i, mode, flags[i]), LABELS.index(gold)))
    return out


def train(data: list[Sample]) -> dict[str, list[float]]:
    counts = Counter(f for feats, _ in data for f in set(feats))
    names = sorted(f for f, c in counts.items() if c >= MIN_COUNT or not f.startswith(WORD_PREFIXES))
    index = {f: i for i, f in enumerate(names)}
    rows = [([index[f] for f in feats if f in index], y) for feats, y in data]
    k, n = len(LABELS), len(rows)
    weights = [[0.0] * k for _ in names]
    history = [[0.0] * k for _ in names]
    for _ in range(EPOCHS):
        grad = [[0.0] * k for _ in names]
        for feats, y in rows:
            z = [sum(weights[f][j] for f in feats) for j in range(k)]
            top = max(z)
            e = [math.exp(v - top) for v in z]
            total = sum(e)
            p = [v / total for v in e]
            p[y] -= 1.0
            for f in feats:
                g = grad[f]
                for j in range(k):
                    g[j] += p[j]
        for f in range(len(names)):
            w, g, h = weights[f], grad[f], history[f]
            for j in range(k):
                step = g[j] / n + L2 * w[j] / n
                h[j] += step * step
                w[j] -= RATE * step / (math.sqrt(h[j]) + 1e-8)
    return {name: [round(v, 4) for v in weights[i]] for i, name in enumerate(names)}


def predict(weights: dict[str, list[float]], feats: list[str]) -> int:
    scores = [0.0] * len(LABELS)
    for f in feats:
        for j, v in enumerate(weights.get(f, ())):
            scores[j] += v
    return max(range(len(LABELS)), key=scores.__getitem__)


def macro_f1(gold: list[int], pred: list[int]) -> float:
    scores = []
    for lb in range(len(LABELS)):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lb == p)
        wrong = sum(1 for g, p in zip(gold, pred, strict=True) if (g == lb) != (p == lb))
        if tp + wrong:
            scores.append(2 * tp / (2 * tp + wrong))
    return sum(scores) / len(scores)


def evaluate() -> None:
    for left_out in TRAIN:
        weights = train([s for name in TRAIN if name != left_out for s in samples(name)])
        test = samples(left_out)
        gold = [y for _, y in test]
        rules = [LABELS.index(next(f[2:] for f in feats if f.startswith("r:"))) for feats, _ in test]
        model = [predict(weights, feats) for feats, _ in test]
        print(f"{left_out}: rules {macro_f1(gold, rules):.3f}, rules + model {macro_f1(gold, model):.3f}")


def document() -> dict[str, Any]:
    weights = train([s for name in TRAIN for s in samples(name)])
    return {
        "labeller": STAR_LABELLER_VERSION,
        "trained_on": list(TRAIN),
        "options": {"l2": L2, "epochs": EPOCHS, "rate": RATE, "min_count": MIN_COUNT},
        "labels": list(LABELS),
        "weights": weights,
    }


def render(doc: dict[str, Any]) -> str:
    # One feature per line, so a retraining shows up in a diff as the weights that moved.
    head = {k: v for k, v in doc.items() if k != "weights"}
    lines = [json.dumps(name) + ": " + json.dumps(w) for name, w in sorted(doc["weights"].items())]
    body = json.dumps(head, sort_keys=True)[:-1]
    return body + ', "weights": {\n' + ",\n".join(lines) + "\n}}\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--evaluate", action="store_true")
    args = parser.parse_args()
    if args.evaluate:
        evaluate()
        return
    text = render(document())
    if args.check:
        sys.exit(0 if OUT.read_text(encoding="utf-8") == text else "star_weights.json is stale")
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
