"""Candidate features for the title ranker, tried by cross-validation on the TUNING parts (session 7).

Run from the repository root (tuning parts only; the untuned parts are never read here):
    PYTHONPATH=services/career/scripts .venv/bin/python services/career/scripts/title_feature_trials.py --build
    PYTHONPATH=services/career/scripts .venv/bin/python services/career/scripts/title_feature_trials.py \
        base full_head,tight bg_any,bg_share,bg_full W=1/0.25/2 base STEPS=800 base

`--build` reads every tuning query once as the test model does (held-out titles not indexed),
keeps the 40 best candidates of the shipped ranker per query with the shipped ranker's inputs
and the candidate features below, and caches them in /tmp. Each later argument is a variant: a
comma list of candidate features added to the shipped inputs ("base" = none), scored by 5-fold
cross-validation with `train_title_ranker.fit` (same folds as `--cv` there); `W=r/a/w`, `L2=x`
and `STEPS=n` change the training for the variants after them. Restricting to 40 candidates
makes a variant take a minute; the figures are comparable among variants, not with the full
evaluation.

The candidate features (per query q and occupation o; "titles" = o's indexed titles):
- graded title evidence: full_share / full_n (share / log count of titles holding every word of
  q), exact_n (titles with exactly q's words), head_n (log count of titles with q's head),
  wshare_min / wshare_mean (least and idf-weighted mean share of titles holding each word),
  title_n (log count of titles sharing any word), rare_title (a title has q's rarest word);
- the best-matching title: tight (the smallest extra idf weight of a title holding all of q),
  full_head (one title holds all of q AND has q's head), cnt_best (titles at o's best score),
  knn_n (o's titles among the 10 nearest);
- priors from how many titles O*NET lists: nrep / nalt (log count of own + reported, resp.
  alternate titles), rep_share;
- word order: bg_any / bg_share / bg_full (q's adjacent word pairs found adjacent in a title);
- evidence from any source: ucover / ufull (idf share of q's words in o's titles, description,
  tasks or technology; all of them), tdcover (titles or description only);
- word -> occupation: pow_mean / pow_min / pow_log / pow_head (share of all titles holding a word
  that belong to o: P(o | w), idf-weighted mean, least, mean log; for the head word).
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from itertools import pairwise

import numpy as np
import train_title_ranker as trainer
from eval_titles import held_out_norms

from resugrow_career.adapters.data_files import build_title_index, load_occupations, load_title_encoder
from resugrow_career.domain.matching import TitleIndex, ranker_weights
from resugrow_career.domain.text import title_key
from resugrow_career.domain.title_data import Query
from resugrow_career.domain.title_features import ranker_inputs, ranker_score

CACHE = "/tmp/title_feature_trials.npz"
TOP = 40
NEW = (
    *("full_share", "full_n", "head_n", "exact_n", "wshare_min", "wshare_mean", "tight"),
    *("full_head", "rare_title", "knn_n", "title_n", "cnt_best", "nrep", "nalt", "rep_share"),
    *("bg_any", "bg_share", "bg_full", "ucover", "ufull", "tdcover"),
    *("pow_mean", "pow_min", "pow_head", "pow_log"),
)
Cols = dict[str, np.ndarray]


class Trial:
    """The test model plus what the candidate features need beyond it."""

    def __init__(self) -> None:
        self.index = TitleIndex(
            build_title_index(load_occupations(), exclude=held_out_norms()), load_title_encoder(held_out=True)
        )
        ix = self.index
        self.n = n = len(ix.codes)
        self.per_code = np.maximum(np.bincount(ix.entry_code, minlength=n).astype(np.float64), 1)
        self.bigrams: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
        for e in range(len(ix)):
            key = title_key(ix.title(e))[0]
            for pair in set(pairwise(key)):
                self.bigrams[pair][int(ix.entry_code[e])] += 1
        nrep = np.bincount(ix.entry_code[ix.entry_source <= 1], minlength=n).astype(np.float64)
        nalt = np.bincount(ix.entry_code[ix.entry_source >= 2], minlength=n).astype(np.float64)
        self.priors = {
            "nrep": np.log1p(nrep) / np.log1p(nrep).max(),
            "nalt": np.log1p(nalt) / np.log1p(nalt).max(),
            "rep_share": nrep / self.per_code,
        }

    def features(self, q: Query, codes: np.ndarray) -> np.ndarray:
        cols: Cols = dict(self.priors)
        found = [(t, s) for t in q.key if (s := self.index.words.get(t)) is not None]
        if found:
            cols |= self._titles(q, found) | self._words(q, found) | self._union(q) | self._order(q)
        out = np.zeros((len(codes), len(NEW)))
        for f, v in cols.items():
            out[:, NEW.index(f)] = v[codes]
        return out

    def _titles(self, q: Query, found: list[tuple[str, slice]]) -> Cols:
        ix, n = self.index, self.n
        hits, acc = np.zeros(len(ix)), np.zeros(len(ix))
        for t, s in found:
            hits[ix.words.rows[s]] += 1
            acc[ix.words.rows[s]] += float(ix.idf[ix.words.ids[t]])
        qweight = sum(float(ix.idf[ix.words.ids[t]]) for t in q.key)
        full = np.flatnonzero(hits >= len(q.key))
        full_cnt = np.bincount(ix.entry_code[full], minlength=n).astype(np.float64)
        exact = full[np.abs(ix.entry_weight[full] - qweight) < 1e-9]
        tight = np.zeros(n)
        np.maximum.at(tight, ix.entry_code[full], 1.0 / (1.0 + (ix.entry_weight[full] - qweight) / qweight))
        full_head = np.zeros(n)
        full_head[ix.entry_code[full[ix.entry_head[full] == ix.words.ids.get(q.head, -2)]]] = 1.0
        head = np.zeros(n)
        if (s := ix.heads.get(q.head)) is not None and ix.heads.weights is not None:
            head[ix.heads.rows[s]] = ix.heads.weights[s]
        some = np.flatnonzero(hits > 0)
        dice = 2 * acc[some] / (qweight + ix.entry_weight[some])
        near = some[np.argsort(-dice, kind="stable")[:10]]
        best = np.zeros(n)
        np.maximum.at(best, ix.entry_code[some], dice)
        at_best = some[dice >= best[ix.entry_code[some]] - 1e-9]
        return {
            "full_share": full_cnt / self.per_code,
            "full_n": np.log1p(full_cnt) / 3,
            "exact_n": np.log1p(np.bincount(ix.entry_code[exact], minlength=n)) / 2,
            "tight": tight,
            "full_head": full_head,
            "head_n": np.log1p(head * self.per_code) / 3,
            "knn_n": np.bincount(ix.entry_code[near], minlength=n) / 10,
            "title_n": np.log1p(np.bincount(ix.entry_code[some], minlength=n)) / 4,
            "cnt_best": np.log1p(np.bincount(ix.entry_code[at_best], minlength=n)) / 3,
        }

    def _words(self, q: Query, found: list[tuple[str, slice]]) -> Cols:
        ix, n = self.index, self.n
        rows = [ix.words.rows[s] for _, s in found]
        share = np.array([np.bincount(ix.entry_code[r], minlength=n) / self.per_code for r in rows])
        owner = np.array([np.bincount(ix.entry_code[r], minlength=n) / len(r) for r in rows])
        idf = np.array([float(ix.idf[ix.words.ids[t]]) for t, _ in found])
        complete = len(found) == len(q.key)
        out = {
            "wshare_min": share.min(axis=0) if complete else np.zeros(n),
            "wshare_mean": (share * idf[:, None]).sum(axis=0) / idf.sum(),
            "rare_title": (share[int(np.argmax(idf))] > 0).astype(np.float64),
            "pow_mean": (owner * idf[:, None]).sum(axis=0) / idf.sum(),
            "pow_min": owner.min(axis=0) if complete else np.zeros(n),
            "pow_log": (np.log(owner + 1e-3) * idf[:, None]).sum(axis=0) / idf.sum() / 7 + 1,
        }
        if (hs := ix.words.get(q.head)) is not None:
            hr = ix.words.rows[hs]
            out["pow_head"] = np.bincount(ix.entry_code[hr], minlength=n) / len(hr)
        return out

    def _union(self, q: Query) -> Cols:
        ix, n = self.index, self.n
        words = q.key + q.extra
        anywhere, told, count, total = np.zeros(n), np.zeros(n), np.zeros(n), 0.0
        for t in words:
            w = float(ix.idf[ix.words.ids[t]]) if t in ix.words.ids else 1.0
            seen, said = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
            for post in (ix.docs, ix.desc, ix.tech):
                if (sl := post.get(t)) is not None:
                    seen[post.rows[sl]] = True
                    said[post.rows[sl]] |= post is not ix.tech
            anywhere, told, count, total = anywhere + w * seen, told + w * said, count + seen, total + w
        return {"ucover": anywhere / total, "ufull": (count >= len(words)) * 1.0, "tdcover": told / total}

    def _order(self, q: Query) -> Cols:
        pairs = list(pairwise(q.key))
        if not pairs:
            return {}
        some, share = np.zeros(self.n), np.zeros(self.n)
        for pair in pairs:
            if found := self.bigrams.get(pair):
                ks = np.fromiter(found.keys(), dtype=np.int64)
                some[ks] += 1
                share[ks] += np.fromiter(found.values(), dtype=np.float64) / self.per_code[ks]
        return {
            "bg_any": some / len(pairs),
            "bg_share": share / len(pairs),
            "bg_full": (some >= len(pairs)) * 1.0,
        }


def build() -> None:
    trial = Trial()
    index = trial.index
    cache: dict[str, list[np.ndarray]] = defaultdict(list)
    names: list[str] = []
    for name, q, cand, feats, right in trainer.tuning_queries(index, trainer.tuning_sets()):
        top = np.lexsort((cand, -ranker_score(feats, ranker_weights(), pairs=bool(q.key))))[:TOP]
        cache["x"].append(ranker_inputs(feats)[top])
        cache["nx"].append(trial.features(q, cand[top]))
        cache["good"].append(right[top])
        cache["query"].append(np.full(len(top), len(names)))
        cache["codes"].append(cand[top])
        names.append(name)
    np.savez(CACHE, names=np.array(names), **{k: np.concatenate(v) for k, v in cache.items()})


def top_hits(
    x: np.ndarray, good: np.ndarray, query: np.ndarray, codes: np.ndarray, w: np.ndarray
) -> np.ndarray:
    order = np.lexsort((codes, -(x @ w), query))
    starts = np.searchsorted(query[order], np.arange(int(query.max()) + 1))
    ends = np.r_[starts[1:], len(order)]
    g = good[order] > 0
    return np.array([(g[a], g[a : min(b, a + 3)].any()) for a, b in zip(starts, ends, strict=True)])


def cross_validate(
    x: np.ndarray, good: np.ndarray, query: np.ndarray, codes: np.ndarray, names: np.ndarray
) -> str:
    weight = np.array([trainer.SET_WEIGHT[n] for n in names])
    fold = (np.arange(len(names)) * 7919) % trainer.FOLDS
    hits = np.zeros((len(names), 2), dtype=bool)
    for f in range(trainer.FOLDS):
        train = fold[query] != f
        w = trainer.fit(x[train], good[train].astype(np.float64), query[train], weight)
        hits[fold == f] = top_hits(x, good, query, codes, w)[fold == f]
    return " ".join(
        f"{n} {hits[names == n, 0].mean():.3f}/{hits[names == n, 1].mean():.3f}" for n in trainer.SET_WEIGHT
    )


def main() -> None:
    if "--build" in sys.argv:
        build()
        return
    d = np.load(CACHE)
    for v in sys.argv[1:]:
        if v.startswith(("W=", "L2=", "STEPS=")):
            key, value = v.split("=")
            if key == "W":
                trainer.SET_WEIGHT.update(
                    zip(("reported", "alternate", "written"), map(float, value.split("/")), strict=True)
                )
            else:
                setattr(trainer, key, float(value) if key == "L2" else int(value))
            continue
        cols = [NEW.index(f) for f in v.split(",") if f != "base"]
        t0 = time.process_time()
        x = np.hstack([d["x"], d["nx"][:, cols]])
        print(
            v,
            cross_validate(x, d["good"], d["query"], d["codes"], d["names"]),
            f"{time.process_time() - t0:.0f}s CPU",
            flush=True,
        )


if __name__ == "__main__":
    main()
