"""Title-matching quality on the labelled sets, against an index built WITHOUT the held-out titles.

Run from the repository root:
    .venv/bin/python services/career/scripts/eval_titles.py            # tuning parts only
    .venv/bin/python services/career/scripts/eval_titles.py --untuned  # also the untuned parts
    .venv/bin/python services/career/scripts/eval_titles.py --untuned3 # only the session 6 part
    .venv/bin/python services/career/scripts/eval_titles.py --untuned4 # only the session 7 part (not in --untuned)
    .venv/bin/python services/career/scripts/eval_titles.py --judged   # only the session 11 part
    .venv/bin/python services/career/scripts/eval_titles.py --hand     # tuning parts, hand labels too
    .venv/bin/python services/career/scripts/eval_titles.py --recall   # candidate recall (tuning)
Prints top-1 / top-3 per set. The untuned parts are for the final figures only: never tune on them.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

from resugrow_career.adapters.data_files import build_title_index, load_occupations, load_title_encoder
from resugrow_career.domain.matching import TitleIndex, ranker_weights
from resugrow_career.domain.text import norm_title
from resugrow_career.domain.title_features import ranker_score

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def labelled(name: str, **where: str) -> list[tuple[str, set[str]]]:
    with open(FIXTURES / name, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if all(r.get(k) == v for k, v in where.items())]
    return [(r["title"], set(r["codes"].split())) for r in rows]


def with_parents(hand: list[tuple[str, set[str]]]) -> list[tuple[str, set[str]]]:
    """O*NET's own codes plus only those hand-added codes that are the .00 parent of a listed
    specialty: how much of the hand labels' gain is the taxonomy alone."""
    with open(FIXTURES / "titles_judged.csv", encoding="utf-8") as fh:
        onet = {r["title"]: set(r["onet_codes"].split()) for r in csv.DictReader(fh)}
    return [
        (t, onet[t] | {c for c in codes if c.endswith(".00") and any(o[:7] == c[:7] for o in onet[t])})
        for t, codes in hand
    ]


def held_out_norms(*, judged: bool = False) -> frozenset[str]:
    """The titles the test model leaves out. The judged part (session 11) has a model of its own
    (judged=True: every held-out title), so the other parts and the ranker's training data stay
    as they were."""
    with open(FIXTURES / "titles_heldout.csv", encoding="utf-8") as fh:
        return frozenset(
            norm_title(r["title"]) for r in csv.DictReader(fh) if judged or r["part"] != "judged"
        )


def accuracy(index: TitleIndex, rows: list[tuple[str, set[str]]]) -> tuple[float, float, list[str]]:
    top1 = top3 = 0
    misses: list[str] = []
    for title, codes in rows:
        hits = [h.code for h in index.match(title).hits]
        top1 += bool(hits[:1] and hits[0] in codes)
        top3 += bool(codes & set(hits[:3]))
        if not (hits[:1] and hits[0] in codes):
            misses.append(f"{title!r} want {sorted(codes)} got {hits[:3]}")
    return top1 / len(rows), top3 / len(rows), misses


def ranks(index: TitleIndex, rows: list[tuple[str, set[str]]]) -> list[int]:
    """Per title: the 1-based rank of its best right code among all candidates, 0 when no
    right code is a candidate (same scores and tie-break as `TitleIndex.match`)."""
    out = []
    for title, codes in rows:
        q = index.query(title)
        if not q.key and not q.extra:
            out.append(0)
            continue
        cand, feats, _, _ = index.features(q)
        final = ranker_score(feats, ranker_weights(), pairs=bool(q.key))
        order = [index.codes[int(cand[p])] for p in np.lexsort((cand, -final))]
        out.append(next((i + 1 for i, c in enumerate(order) if c in codes), 0))
    return out


def recall(index: TitleIndex, sets: dict[str, list[tuple[str, set[str]]]]) -> None:
    """Top-k recall and the failure classes of the top-1 misses (tuning parts only)."""
    for name, rows in sets.items():
        r = np.array(ranks(index, rows))
        at = {k: float(((r > 0) & (r <= k)).mean()) for k in (1, 3, 10, 50)}
        misses = max(int((r != 1).sum()), 1)
        classes = {
            "2-3": ((r >= 2) & (r <= 3)).sum(),
            "4-10": ((r >= 4) & (r <= 10)).sum(),
            "11+": (r > 10).sum(),
            "none": (r == 0).sum(),
        }
        shares = " ".join(f"{k}={int(v)} ({v / misses:.0%})" for k, v in classes.items())
        recalls = " ".join(f"@{k}={v:.3f}" for k, v in at.items())
        print(f"{name:20s} n={len(rows):5d} {recalls} | top-1 misses {int((r != 1).sum())}: {shares}")


def main() -> None:
    untuned = "--untuned" in sys.argv
    show = "--misses" in sys.argv
    judged = "--judged" in sys.argv
    index = TitleIndex(
        build_title_index(load_occupations(), exclude=held_out_norms(judged=judged)),
        load_title_encoder(held_out=True),
    )
    sets = {
        "reported tuning": labelled("titles_heldout.csv", source="reported", part="tuning"),
        "alternate tuning": labelled("titles_heldout.csv", source="alternate", part="tuning"),
        "written tuning": labelled("titles_written.csv"),
    }
    if untuned:
        sets |= {
            "reported untuned": labelled("titles_heldout.csv", source="reported", part="untuned"),
            "alternate untuned": labelled("titles_heldout.csv", source="alternate", part="untuned"),
            "written untuned": labelled("titles_written_untuned.csv"),
            "job-board untuned": labelled("titles_jobboard_untuned.csv"),
            "reported untuned2": labelled("titles_heldout.csv", source="reported", part="untuned2"),
            "alternate untuned2": labelled("titles_heldout.csv", source="alternate", part="untuned2"),
            "written untuned2": labelled("titles_written_untuned2.csv"),
        }
    if "--hand" in sys.argv:
        # the tuning parts' hand labels (session 11, same rule as the judged part)
        sets |= {
            "reported tuning, hand": labelled("titles_tuning_hand.csv", source="reported"),
            "alternate tuning, hand": labelled("titles_tuning_hand.csv", source="alternate"),
        }
    if judged:
        # the session 11 part, scored on O*NET's own lists and on the hand labels
        sets = {}
        for source in ("reported", "alternate", ""):
            where = {"source": source} if source else {}
            name = source or "both"
            sets[f"{name} judged, O*NET"] = labelled("titles_heldout.csv", part="judged", **where)
            sets[f"{name} judged, +parents"] = with_parents(labelled("titles_judged.csv", **where))
            sets[f"{name} judged, hand"] = labelled("titles_judged.csv", **where)
    # untuned4 only when asked by name: it is read exactly twice (main's matcher, the final one)
    for part in ("untuned3", "untuned4"):
        if (untuned and part == "untuned3") or f"--{part}" in sys.argv:
            sets = {} if f"--{part}" in sys.argv else sets
            sets |= {
                f"reported {part}": labelled("titles_heldout.csv", source="reported", part=part),
                f"alternate {part}": labelled("titles_heldout.csv", source="alternate", part=part),
            }
    if "--recall" in sys.argv:
        recall(index, {k: v for k, v in sets.items() if "untuned" not in k})
        return
    for name, rows in sets.items():
        top1, top3, misses = accuracy(index, rows)
        print(f"{name:20s} n={len(rows):5d} top1={top1:.3f} top3={top3:.3f}")
        if show and "untuned" not in name:
            print("\n".join(f"   {m}" for m in misses[:60]))


if __name__ == "__main__":
    main()
