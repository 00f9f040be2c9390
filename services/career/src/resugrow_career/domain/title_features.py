"""The title matcher's per-occupation scores over CSR postings (used by matching.TitleIndex)."""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np

from resugrow_career.domain.title_data import TitleData

# The ranker's inputs, in the order of its weights (data/title_ranker.json, fitted by
# scripts/train_title_ranker.py). Adding one means retraining.
FEATURES = (
    "title",
    "doc",
    "head",
    "chars",
    "prior",
    "knn",
    "desc",
    "exact",
    "reported",
    "base",
    "rec",
    "prec",
    "cover",
    "dcover",
    "full",
    "head_any",
    "allother",
    "ntitles",
    "tech",
    "prior_short",
    "title_short",
    "lm",
    "lm_desc",
    "top_title",
    "top_chars",
    "top_doc",
    "title2",
    "chars2",
    "desc_rel",
    "tech_rel",
    "rec_full",
    "prec_full",
    "wide",
    "title_long",
    "cover_long",
    "clf",
    "clf_rel",
    "clf_top",
    "clf_p",
    "enc",
    "enc_rel",
)
# Features whose pairwise products also enter the ranker: interactions a linear score lacks.
PAIRS = (
    "title",
    "chars",
    "doc",
    "head",
    "prior",
    "ntitles",
    "cover",
    "dcover",
    "desc_rel",
    "tech_rel",
    "lm",
    "knn",
)
_PAIR_COLS = np.array([FEATURES.index(p) for p in PAIRS])
_UPPER = np.triu_indices(len(PAIRS), 1)  # row-major i < j: the order of combinations(PAIRS, 2)
INPUTS = FEATURES + tuple(f"{a}*{b}" for a, b in combinations(PAIRS, 2))

# How many nearest occupations by character 3-grams, by tasks and by technology join the
# candidates of a query beyond those sharing a title word.
WIDE = 20


class Postings:
    """CSR postings of one feature: term id -> rows (and weights), with idf when there is one."""

    def __init__(self, data: TitleData, name: str, ids: dict[str, int]) -> None:
        self.ids = ids
        self.start = data.arrays[f"{name}.start"]
        self.rows = data.arrays[f"{name}.rows"]
        self.weights = data.arrays.get(f"{name}.weights")
        self.idf = data.arrays.get(f"{name}.idf")
        self.count = data.arrays.get(f"{name}.count")
        self.total = data.arrays.get(f"{name}.total")
        # background probability of each term (its share of all tokens), for smoothing
        self.background = np.zeros(len(self.start) - 1)
        if self.count is not None and self.total is not None:
            cum = np.r_[0.0, np.cumsum(self.count, dtype=np.float64)]
            self.background = (cum[self.start[1:]] - cum[self.start[:-1]]) / max(float(self.total.sum()), 1.0)

    def get(self, tok: str) -> slice | None:
        i = self.ids.get(tok)
        if i is None or self.start[i] == self.start[i + 1]:
            return None
        return slice(int(self.start[i]), int(self.start[i + 1]))


def relative(feats: dict[str, np.ndarray], n_words: int) -> dict[str, np.ndarray]:
    """Features read against the query's other candidates (a linear score cannot say "the best
    title match of this query" by itself), and squares where a near-full match counts more."""

    def top(v: np.ndarray) -> np.ndarray:
        return (v >= v.max() - 1e-9).astype(np.float64) if v.max() > 0 else np.zeros(len(v))

    def rel(v: np.ndarray) -> np.ndarray:
        return v / v.max() if v.max() > 0 else v

    long = 1.0 if n_words >= 3 else 0.0
    return {
        "top_title": top(feats["title"]),
        "top_chars": top(feats["chars"]),
        "top_doc": top(feats["doc"]),
        "title2": feats["title"] ** 2,
        "chars2": feats["chars"] ** 2,
        "desc_rel": rel(feats["desc"]),
        "tech_rel": rel(feats["tech"]),
        "rec_full": (feats["rec"] > 1 - 1e-9).astype(np.float64),
        "prec_full": (feats["prec"] > 1 - 1e-9).astype(np.float64),
        "wide": (feats["rec"] <= 0).astype(np.float64),
        "title_long": long * feats["title"],
        "cover_long": long * feats["cover"],
    }


def ranker_inputs(feats: dict[str, np.ndarray]) -> np.ndarray:
    """candidates x INPUTS: the features, then the products of the PAIRS (for training)."""
    x = np.column_stack([feats[f] for f in FEATURES])
    xs = x[:, _PAIR_COLS]
    return np.hstack([x, xs[:, _UPPER[0]] * xs[:, _UPPER[1]]])


def ranker_score(feats: dict[str, np.ndarray], weights: np.ndarray, *, pairs: bool = True) -> np.ndarray:
    """ranker_inputs(feats) @ weights, with the products as one bilinear form (x W x over the
    PAIRS, W upper triangular): no candidates x 66 array on the query path. Without `pairs`
    (a query with no title word: "Brachytherapy"), the features alone: the products were fitted
    on queries with title evidence, and there the prior x ntitles product outweighs the
    description match that is all such a query has."""
    x = np.column_stack([feats[f] for f in FEATURES])
    if not pairs:
        return np.asarray(x @ weights[: len(FEATURES)])
    pair_w = np.zeros((len(PAIRS), len(PAIRS)))
    pair_w[_UPPER] = weights[len(FEATURES) :]
    xs = x[:, _PAIR_COLS]
    return np.asarray(x @ weights[: len(FEATURES)] + np.einsum("ij,ij->i", xs @ pair_w, xs))


def wider(near: dict[str, np.ndarray]) -> np.ndarray:
    """Candidates beyond the occupations sharing a title word: the WIDE nearest by character
    3-grams (word forms, compounds), by description and tasks, and by technology examples."""
    out = [np.argsort(-v, kind="stable")[:WIDE] for v in near.values()]
    return np.unique(np.concatenate([o[v[o] > 0] for o, v in zip(out, near.values(), strict=True)]))


def cosine(post: Postings, terms: tuple[str, ...], n: int) -> np.ndarray:
    """Cosine of a query's terms (tf 1) with every document of `post`."""
    if post.weights is None or post.idf is None:
        return np.zeros(n)
    found = [(sl, float(post.idf[post.ids[t]])) for t in terms if (sl := post.get(t)) is not None]
    if not found:
        return np.zeros(n)
    qn = math.sqrt(sum(w * w for _, w in found))
    rows = np.concatenate([post.rows[sl] for sl, _ in found])
    weights = np.concatenate([post.weights[sl] * (w / qn) for sl, w in found])
    return np.bincount(rows, weights=weights, minlength=n)


def likelihood(post: Postings, terms: tuple[str, ...], n: int, mu: float) -> np.ndarray:
    """Mean log-probability of the query's terms under each document's unigram model with
    Dirichlet smoothing (mu pseudo-counts of the background): evidence summed over all of an
    occupation's titles, where one rare shared word counts more than many common ones."""
    found = [(sl, float(post.background[post.ids[t]])) for t in terms if (sl := post.get(t)) is not None]
    if not found or post.count is None or post.total is None:
        return np.zeros(n)
    total = np.zeros(n)
    total[: len(post.total)] = post.total
    out = sum(math.log(mu * p) for _, p in found) - len(found) * np.log(total + mu)
    for sl, p in found:
        rows = post.rows[sl]
        out[rows] += np.log(post.count[sl] + mu * p) - math.log(mu * p)
    return np.asarray(out / len(found))


def coverage(
    post: Postings, terms: tuple[str, ...], idf: np.ndarray, ids: dict[str, int], n: int
) -> np.ndarray:
    """Per document of `post`: the idf weight of the query terms it contains at all."""
    found = [(sl, float(idf[ids[t]])) for t in terms if (sl := post.get(t)) is not None]
    if not found:
        return np.zeros(n)
    rows = np.concatenate([post.rows[sl] for sl, _ in found])
    weights = np.concatenate([np.full(sl.stop - sl.start, w) for sl, w in found])
    return np.bincount(rows, weights=weights, minlength=n)
