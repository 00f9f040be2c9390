"""Train the title matcher's ranker and write src/resugrow_career/data/title_ranker.json.

Run from the repository root:
    .venv/bin/python services/career/scripts/train_title_ranker.py             # train, write
    .venv/bin/python services/career/scripts/train_title_ranker.py --cv        # 5-fold figures only
    .venv/bin/python services/career/scripts/train_title_ranker.py --check     # fail if stale

The model is a listwise logistic regression (a softmax over every candidate occupation of a
query) on the features of `TitleIndex.features`: score(o) = sum_f w_f x_f(o), P(o | q) =
exp(score(o)) / sum over candidates, trained to maximise the probability of the right codes
(any of them, when O*NET lists a title under several) with a small L2 penalty, by full-batch
Adam from zero weights for a fixed number of steps (same data, same file). It replaces
hand-tuned weights: the same linear form, the weights fitted instead of searched.

Training data: the TUNING parts only (held-out reported and alternate titles with part
`tuning`, and tests/fixtures/titles_written.csv), on a model built without any held-out title.
The untuned parts are never read here. Query weights: written titles 2 (they read like real
postings), reported 1, alternate 0.5 (many rare and archaic names). `--cv` trains on four
fifths of the tuning queries and scores the fifth, which is how the features and the penalty
were chosen.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from eval_titles import held_out_norms, labelled

from resugrow_career.adapters.data_files import build_title_index, load_occupations, load_title_encoder
from resugrow_career.domain.matching import TitleIndex
from resugrow_career.domain.title_features import INPUTS, ranker_inputs

OUT = Path(__file__).resolve().parent.parent / "src" / "resugrow_career" / "data" / "title_ranker.json"
SET_WEIGHT = {"reported": 1.0, "alternate": 0.5, "written": 2.0}

L2 = 1e-4
STEPS = 300
RATE = 0.05
FOLDS = 5


def tuning_sets() -> dict[str, list[tuple[str, set[str]]]]:
    """The labelled titles the ranker may be fitted on: the tuning parts only."""
    return {
        "reported": labelled("titles_heldout.csv", source="reported", part="tuning"),
        "alternate": labelled("titles_heldout.csv", source="alternate", part="tuning"),
        "written": labelled("titles_written.csv"),
    }


def tuning_queries(index: TitleIndex, sets: dict[str, list[tuple[str, set[str]]]]) -> Iterator[Any]:
    """(set name, query, candidate codes, their features, which candidates are right) for every
    labelled title the matcher reads a word of."""
    code_of = {c: i for i, c in enumerate(index.codes)}
    for name, rows in sets.items():
        for title, want in rows:
            q = index.query(title)
            if not q.key and not q.extra:
                continue
            cand, feats, _, _ = index.features(q)
            yield name, q, cand, feats, np.isin(cand, [code_of[c] for c in want if c in code_of])


class Data:
    """Every candidate of every query as one row; queries are contiguous row ranges."""

    def __init__(self) -> None:
        index = TitleIndex(
            build_title_index(load_occupations(), exclude=held_out_norms()), load_title_encoder(held_out=True)
        )
        sets = tuning_sets()
        xs, good, query, codes, weight, names = [], [], [], [], [], []
        for name, _, cand, feats, right in tuning_queries(index, sets):
            xs.append(ranker_inputs(feats))
            good.append(right)
            query.append(np.full(len(cand), len(names)))
            codes.append(cand)
            weight.append(SET_WEIGHT[name])
            names.append(name)
        self.x = np.vstack(xs)
        self.good = np.concatenate(good).astype(np.float64)
        self.query = np.concatenate(query)
        self.codes = np.concatenate(codes)
        self.weight = np.array(weight)
        self.names = np.array(names)
        self.n_queries = {n: int((self.names == n).sum()) for n in sets}


def fit(x: np.ndarray, good: np.ndarray, query: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Weights maximising sum_q weight_q log P(right codes | q) - L2/2 |w|^2 (queries whose
    candidates hold no right code carry no signal and are left out)."""
    has = np.bincount(query, weights=good, minlength=len(weight)) > 0
    keep = has[query]
    x, good, query = x[keep], good[keep], query[keep]
    starts = np.flatnonzero(np.r_[True, query[1:] != query[:-1]])
    row_q = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(query)]))
    qw = weight[query[starts]]
    w, m, v = np.zeros(x.shape[1]), np.zeros(x.shape[1]), np.zeros(x.shape[1])
    for t in range(1, STEPS + 1):
        s = x @ w
        e = np.exp(s - np.maximum.reduceat(s, starts)[row_q])
        p = e / np.add.reduceat(e, starts)[row_q]
        target = e * good / np.add.reduceat(e * good, starts)[row_q]
        grad = x.T @ ((p - target) * qw[row_q]) / qw.sum() + L2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= RATE * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return w


def top_hits(data: Data, w: np.ndarray) -> np.ndarray:
    """Per query: (right at 1, right in top 3), ties broken on the code as the matcher does."""
    order = np.lexsort((data.codes, -(data.x @ w), data.query))
    starts = np.searchsorted(data.query[order], np.arange(len(data.names)))
    ends = np.r_[starts[1:], len(order)]
    good = data.good[order] > 0
    return np.array([(good[a], good[a : min(b, a + 3)].any()) for a, b in zip(starts, ends, strict=True)])


def figures(data: Data, hits: np.ndarray) -> dict[str, list[float]]:
    return {n: [round(float(hits[data.names == n, k].mean()), 4) for k in (0, 1)] for n in data.n_queries}


def cross_validate(data: Data) -> dict[str, list[float]]:
    fold = (np.arange(len(data.names)) * 7919) % FOLDS
    hits = np.zeros((len(data.names), 2), dtype=bool)
    for f in range(FOLDS):
        train = fold[data.query] != f
        w = fit(data.x[train], data.good[train], data.query[train], data.weight)
        hits[fold == f] = top_hits(data, w)[fold == f]
    return figures(data, hits)


def model(data: Data) -> dict[str, object]:
    w = fit(data.x, data.good, data.query, data.weight)
    return {
        "format": "resugrow-career-title-ranker/1",
        "model": "listwise logistic regression over TitleIndex.features (scripts/train_title_ranker.py)",
        "weights": {f: round(float(v), 4) for f, v in zip(INPUTS, w, strict=True)},
        "trained_on": {"queries": data.n_queries, "query_weight": SET_WEIGHT, "l2": L2, "steps": STEPS},
        "tuning_fit": figures(data, top_hits(data, np.array([round(float(v), 4) for v in w]))),
    }


def main() -> None:
    data = Data()
    if "--cv" in sys.argv:
        print("5-fold cross-validation on the tuning parts (top-1, top-3):", cross_validate(data))
        return
    text = json.dumps(model(data), indent=1, sort_keys=True) + "\n"
    if "--check" in sys.argv:
        if OUT.read_text(encoding="utf-8") != text:
            raise SystemExit(f"{OUT} is stale: rerun scripts/train_title_ranker.py")
        print("title_ranker.json is up to date")
        return
    OUT.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
