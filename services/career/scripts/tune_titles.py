"""Tune the matcher's feature weights on the TUNING parts of the labelled set only.

Run from the repository root: .venv/bin/python services/career/scripts/tune_titles.py
Coordinate ascent over WEIGHTS in domain/matching.py; objective = mean over the three tuning
sets of top-1 + 0.5 x top-3, the alternate titles at half weight. Prints the best weights found.
"""

from __future__ import annotations

import itertools

import numpy as np
from eval_titles import held_out_norms, labelled

from resugrow_career.adapters.data_files import build_title_index, load_occupations
from resugrow_career.domain.matching import FEATURES, WEIGHTS, TitleIndex

Case = tuple[np.ndarray, np.ndarray, np.ndarray]  # codes, feature matrix, is-correct per code


def cases() -> dict[str, list[Case]]:
    index = TitleIndex(build_title_index(load_occupations(), exclude=held_out_norms()))
    code_of = {c: i for i, c in enumerate(index.codes)}
    sets = {
        "reported": labelled("titles_heldout.csv", source="reported", part="tuning"),
        "alternate": labelled("titles_heldout.csv", source="alternate", part="tuning"),
        "written": labelled("titles_written.csv"),
    }
    out: dict[str, list[Case]] = {}
    for name, rows in sets.items():
        out[name] = []
        for title, want in rows:
            q = index.query(title)
            if not q.key:
                out[name].append((np.zeros(0, int), np.zeros((0, len(FEATURES))), np.zeros(0, bool)))
                continue
            codes, feats, _, _ = index.features(q)
            good = np.isin(codes, [code_of[c] for c in want if c in code_of])
            out[name].append((codes, np.column_stack([feats[f] for f in FEATURES]), good))
    return out


def score(data: dict[str, list[Case]], w: np.ndarray) -> tuple[float, dict[str, tuple[float, float]]]:
    per: dict[str, tuple[float, float]] = {}
    for name, items in data.items():
        t1 = t3 = 0
        for codes, x, good in items:
            if not len(codes):
                continue
            order = np.lexsort((codes, -(x @ w)))[:3]
            t1 += bool(good[order[0]])
            t3 += bool(good[order].any())
        per[name] = (t1 / len(items), t3 / len(items))
    # The alternate lists hold many rare and archaic names; real job titles read like the reported
    # and written ones, so those two count double.
    weight = {"reported": 1.0, "alternate": 0.5, "written": 1.0}
    total = sum(weight[n] * (a + 0.5 * b) for n, (a, b) in per.items())
    return total / sum(weight[n] for n in per), per


def main() -> None:
    data = cases()
    w = np.array([WEIGHTS[f] for f in FEATURES])
    best, per = score(data, w)
    print("start", dict(zip(FEATURES, w, strict=True)), round(best, 4), per)
    steps = (0.2, 0.1, 0.05, 0.02)
    for step, _ in itertools.product(steps, range(3)):
        improved = False
        for i, sign in itertools.product(range(len(FEATURES)), (1, -1)):
            trial = w.copy()
            trial[i] = max(0.0, trial[i] + sign * step)
            s, p = score(data, trial)
            if s > best + 1e-9:
                best, per, w, improved = s, p, trial, True
        if not improved:
            continue
        print(step, dict(zip(FEATURES, np.round(w, 3), strict=True)), round(best, 4), per)
    print("best", dict(zip(FEATURES, np.round(w, 3), strict=True)), round(best, 4), per)


if __name__ == "__main__":
    main()
