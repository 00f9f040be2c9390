"""How far can any title matcher get on the held-out O*NET titles from what the test model indexes?

Run from the repository root (tuning parts only; the untuned parts are never read here):
    .venv/bin/python services/career/scripts/title_ceiling.py
    .venv/bin/python services/career/scripts/title_ceiling.py --examples   # a few rows per class

The evidence. The test model indexes every O*NET title except the held-out ones (for every
occupation), plus each occupation's description, task statements and technology examples. A query
is read as the matcher reads it (`TitleIndex.query`: stems, stop and seniority words dropped,
unknown words corrected or kept when only tasks/technology have them). For a query q and an
occupation o the evidence vector has, per query word w, three bits (w is in one of o's indexed
titles / in o's description or tasks / in o's technology examples) and three bits for the whole
query: some title of o has q's head as its head; one title of o holds every word of q; one title
of o has exactly q's words (the normalised held-out title itself is never indexed, but another
title can read the same after stemming and dropping seniority and stop words).

The oracle bound. Take any matcher whose score for (q, o) is monotone in that evidence: an
occupation whose vector is at least as high on every bit and higher on one ranks above.
Then a right code (a label) can be ranked first only if no wrong code dominates it, and in the
top 3 only if fewer than 3 wrong codes do. "upper" counts a row as reachable when some label is
dominated by fewer than k wrong codes (the oracle wins every tie, so this bounds every such
matcher); "fair" breaks ties among codes with the SAME vector at random (expected credit: the
chance a label lands in the k - D places left after the D dominating codes). "gupper" / "gfair"
do the same on graded evidence (each bit replaced by its strength: the share of o's indexed
titles holding the word, having q's head or holding all of q's words; the word's tf-idf weight
in o's description and tasks, resp. technology): the bound for matchers monotone in those
strengths, which may rank a code with fewer bits but stronger ones first. "either" = per row the
better of the two: the bound for a matcher of either kind. None bounds a matcher that weighs
query-independent priors against the evidence, or character n-grams: the actual matcher's
figures per class show where such evidence wins or loses.

Classes (first that applies):
- no_words: the matcher reads no indexed word in q at all;
- no_evidence: no word of q is anywhere in any label's indexed evidence (titles, description,
  tasks, technology): only a prior could place it;
- taken: a wrong code has an indexed title reading exactly like q and no label has;
- dominated3 / dominated: 3+ (resp. 1-2) wrong codes dominate every label;
- tied: no wrong code dominates some label, but wrong codes share its exact vector;
- unique: some label is neither dominated nor tied: a monotone matcher can rank it first.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from math import comb

import numpy as np
from eval_titles import held_out_norms, labelled, ranks

from resugrow_career.adapters.data_files import build_title_index, load_occupations, load_title_encoder
from resugrow_career.domain.matching import TitleIndex
from resugrow_career.domain.title_data import Query

CLASSES = ("no_words", "no_evidence", "taken", "dominated3", "dominated", "tied", "unique")


def _share(post: object, tok: str, n: int) -> np.ndarray:
    """Per occupation: the posting's weight of `tok` (0 where absent)."""
    out = np.zeros(n)
    s = post.get(tok)  # type: ignore[attr-defined]
    if s is not None:
        w = post.weights  # type: ignore[attr-defined]
        out[post.rows[s]] = w[s] if w is not None else 1.0  # type: ignore[attr-defined]
    return out


def evidence(index: TitleIndex, q: Query) -> tuple[np.ndarray, np.ndarray]:
    """(presence, graded): codes x evidence, see the module docstring. Graded replaces each
    bit by its strength: the share of o's indexed titles holding the word (resp. having q's
    head, holding all of q's words), the word's tf-idf weight in o's description and tasks (resp.
    technology examples)."""
    n = len(index.codes)
    per_code = np.bincount(index.entry_code, minlength=n).astype(np.float64)
    cols: list[np.ndarray] = []
    for w in q.key:
        s = index.words.get(w)
        rows = index.words.rows[s] if s is not None else np.zeros(0, dtype=np.int64)
        cols.append(np.bincount(index.entry_code[rows], minlength=n) / np.maximum(per_code, 1))
        cols += [_share(index.desc, w, n), _share(index.tech, w, n)]
    for w in q.extra:
        cols += [_share(index.desc, w, n), _share(index.tech, w, n)]
    cols.append(_share(index.heads, q.head, n))
    full = np.zeros(n)
    exact = np.zeros(n)
    if q.key:
        hits = Counter[int]()
        for w in q.key:
            s = index.words.get(w)
            if s is not None:
                hits.update(index.words.rows[s].tolist())
        qweight = sum(float(index.idf[index.words.ids[w]]) for w in q.key)
        for entry, c in hits.items():
            if c == len(q.key):
                full[index.entry_code[entry]] += 1
                if abs(float(index.entry_weight[entry]) - qweight) < 1e-9:
                    exact[index.entry_code[entry]] = 1
    cols += [full / np.maximum(per_code, 1), exact]
    graded = np.column_stack(cols)
    return (graded > 0).astype(np.int8), graded


def credit(k: int, dominated: int, labels_tied: int, wrong_tied: int) -> float:
    """Chance a label is in the top k when `dominated` wrong codes rank above its tie group and
    the group (labels_tied labels + wrong_tied wrong codes) is ordered at random."""
    slots = k - dominated
    if slots <= 0:
        return 0.0
    group = labels_tied + wrong_tied
    if slots >= group:
        return 1.0
    return 1.0 - comb(wrong_tied, slots) / comb(group, slots)


def bound(
    ev: np.ndarray, ids: list[int], is_label: np.ndarray
) -> tuple[tuple[int, int], tuple[float, float], int, int]:
    """(upper@1, upper@3), (fair@1, fair@3), wrong codes dominating / tied with the best label."""
    best = None
    for i in ids:
        ge = (ev >= ev[i]).all(axis=1)
        same = (ev == ev[i]).all(axis=1)
        key = (
            int((ge & ~same & ~is_label).sum()),
            int((same & ~is_label).sum()),
            -int((same & is_label).sum()),
        )
        if best is None or key < best:
            best = key
    assert best is not None
    dom, tied_wrong, tied_labels = best[0], best[1], -best[2]
    upper = (int(dom < 1), int(dom < 3))
    fair = (credit(1, dom, tied_labels, tied_wrong), credit(3, dom, tied_labels, tied_wrong))
    return upper, fair, dom, tied_wrong


def classify(index: TitleIndex, title: str, codes: set[str]) -> dict[str, object]:
    q = index.query(title)
    ids = [index.codes.index(c) for c in codes if c in index.codes]
    if not (q.key or q.extra) or not ids:
        return {
            "cls": "no_words",
            "upper": (0, 0),
            "fair": (0.0, 0.0),
            "gupper": (0, 0),
            "gfair": (0.0, 0.0),
            "either": (0, 0),
        }
    ev, graded = evidence(index, q)
    is_label = np.zeros(len(index.codes), dtype=bool)
    is_label[ids] = True
    upper, fair, dom, tied_wrong = bound(ev, ids, is_label)
    gupper, gfair, _, _ = bound(graded, ids, is_label)
    if not ev[ids].any():
        cls = "no_evidence"
    elif ev[:, -1][~is_label].any() and not ev[ids, -1].any():
        cls = "taken"
    elif dom >= 3:
        cls = "dominated3"
    elif dom >= 1:
        cls = "dominated"
    elif tied_wrong:
        cls = "tied"
    else:
        cls = "unique"
    either = (max(upper[0], gupper[0]), max(upper[1], gupper[1]))
    return {"cls": cls, "upper": upper, "fair": fair, "gupper": gupper, "gfair": gfair, "either": either}


BOUNDS = ("upper", "fair", "gupper", "gfair", "either")


def report(name: str, index: TitleIndex, rows: list[tuple[str, set[str]]], examples: bool) -> None:
    found = ranks(index, rows)
    per: dict[str, list[tuple[dict[str, object], int, str]]] = defaultdict(list)
    for (title, codes), rank in zip(rows, found, strict=True):
        c = classify(index, title, codes)
        per[str(c["cls"])].append((c, rank, f"{title!r} {sorted(codes)} rank {rank}"))
    n = len(rows)
    print(f"\n{name} (n={n}); each cell top-1/top-3")
    heads = " ".join(f"{b:>11s}" for b in (*BOUNDS, "matcher"))
    print(f"{'class':12s} {'n':>5s} {'share':>6s} | {heads}")
    tot = np.zeros(2 * len(BOUNDS) + 2)
    for cls in CLASSES:
        items = per.get(cls, [])
        if not items:
            continue
        sums = [sum(float(c[b][k]) for c, _, _ in items) for b in BOUNDS for k in (0, 1)]  # type: ignore[index]
        sums += [sum(r == 1 for _, r, _ in items), sum(1 <= r <= 3 for _, r, _ in items)]
        tot += sums
        k = len(items)
        cells = " ".join(f"{sums[j] / k:.3f}/{sums[j + 1] / k:.3f}" for j in range(0, len(sums), 2))
        print(f"{cls:12s} {k:5d} {k / n:6.1%} | {cells}")
        if examples:
            for _, _, text in items[:6]:
                print(f"      {text}")
    cells = " ".join(f"{tot[j] / n:.3f}/{tot[j + 1] / n:.3f}" for j in range(0, len(tot), 2))
    print(f"{'all':12s} {n:5d} {1:6.1%} | {cells}")


def main() -> None:
    index = TitleIndex(
        build_title_index(load_occupations(), exclude=held_out_norms()), load_title_encoder(held_out=True)
    )
    examples = "--examples" in sys.argv
    for source in ("reported", "alternate"):
        rows = labelled("titles_heldout.csv", source=source, part="tuning")
        report(f"O*NET {source}, tuning", index, rows, examples)


if __name__ == "__main__":
    main()
