"""Occupation matching from free-text titles: a small retrieval model over O*NET titles.

Every indexed title is a set of stemmed tokens with idf weights; its head is the last token of
its main part (before a dash, comma or parenthesis): "engineer", "nurse", "analyst" decide the
family, the modifiers decide the occupation. For a query q and an occupation o the features are
- title: the best idf-weighted Dice overlap of q with one of o's titles, + HEAD when that
  title's head is q's head (1 + HEAD for the same token set);
- doc: cosine of q with o's document (all its titles' tokens, tf-idf, unit length);
- head: the share of o's titles whose head is q's head;
- chars: the best cosine of q's character 3-grams with one of o's titles' (typos, word forms);
- prior: log employment of o (OEWS national, shared among the O*NET codes of one SOC code),
  scaled to 0-1: the common occupation wins when titles do not tell.
score = sum of WEIGHTS x feature (tuned on the tuning part of the labelled set, see README).
Unknown query tokens are corrected to the nearest indexed token (edit distance 1, or 2 for
words of 8+ letters) and the correction is reported. Ties break on the occupation code.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from resugrow_career.domain.text import char_grams, split_title, stem

WEIGHTS = {
    "title": 0.38,
    "doc": 0.68,
    "head": 0.03,
    "chars": 0.2,
    "prior": 0.35,
    "knn": 0.1,
    "desc": 0.2,
    "exact": 0.03,
}
KNN = 10
HEAD = 0.25
FEATURES = tuple(WEIGHTS)


@dataclass(frozen=True)
class TitleHit:
    code: str
    score: float
    title: str
    source: str


@dataclass(frozen=True)
class TitleMatch:
    query: str
    levels: list[str]
    corrections: dict[str, str]
    hits: list[TitleHit] = field(default_factory=list)


@dataclass(frozen=True)
class Query:
    key: tuple[str, ...]
    head: str
    levels: list[str]
    corrections: dict[str, str]
    grams: tuple[str, ...]


class _Postings:
    """token -> int32 row ids (and optional float weights) in two flat arrays (CSR), not dicts."""

    def __init__(self, lists: dict[str, list[int]], weights: dict[str, list[float]] | None = None) -> None:
        self.ids = {tok: i for i, tok in enumerate(sorted(lists))}
        sizes = [len(lists[t]) for t in sorted(lists)]
        self.start = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.start[1:])
        self.rows = np.fromiter((r for t in sorted(lists) for r in lists[t]), dtype=np.int32)
        self.weights = (
            np.fromiter((w for t in sorted(lists) for w in weights[t]), dtype=np.float32) if weights else None
        )

    def get(self, tok: str) -> slice | None:
        i = self.ids.get(tok)
        return None if i is None else slice(int(self.start[i]), int(self.start[i + 1]))


class TitleIndex:
    def __init__(
        self,
        titles: list[tuple[str, str, str, tuple[str, ...], str]],
        prior: dict[str, float] | None = None,
        descriptions: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        """titles: (title, code, source, stemmed key, head token); prior: code -> employment;
        descriptions: code -> stemmed tokens of its description and tasks."""
        seen: set[tuple[tuple[str, ...], str]] = set()
        kept = []
        for title, code, source, key, head in titles:
            if key and (key, code) not in seen:
                seen.add((key, code))
                kept.append((title, code, source, key, head or key[-1]))
        self.codes = sorted({k[1] for k in kept})
        code_idx = {c: i for i, c in enumerate(self.codes)}
        self.titles = [k[0] for k in kept]
        self.sources = [k[2] for k in kept]
        self.entry_code = np.array([code_idx[k[1]] for k in kept], dtype=np.int32)
        self.entry_pref = np.array([_SOURCE_RANK.get(k[2], 9) * 1000 + len(k[3]) for k in kept], dtype=np.int32)
        self._word_index([k[3] for k in kept], [k[4] for k in kept])
        self._doc_index([k[3] for k in kept])
        self._head_index([k[4] for k in kept])
        self._gram_index([k[0] for k in kept])
        self._prior(prior or {})
        self._desc_index(descriptions or {})
        self._corrections: dict[str, str | None] = {}

    def __len__(self) -> int:
        return len(self.titles)

    def _word_index(self, keys: list[tuple[str, ...]], heads: list[str]) -> None:
        lists: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            for tok in key:
                lists[tok].append(i)
        n = len(keys)
        self.words = _Postings(lists)
        self.vocab = sorted(lists)
        self.idf = np.array([math.log(1 + n / len(lists[t])) for t in self.vocab], dtype=np.float64)
        tok = self.words.ids
        self.entry_weight = np.array([sum(self.idf[tok[t]] for t in k) for k in keys], dtype=np.float64)
        self.entry_head = np.array([tok.get(h, -1) for h in heads], dtype=np.int32)
        self.by_first: dict[str, list[str]] = defaultdict(list)
        for t in self.vocab:
            self.by_first[t[0]].append(t)

    def _doc_index(self, keys: list[tuple[str, ...]]) -> None:
        """Every occupation as one bag of its titles' tokens (tf-idf, unit length)."""
        tf: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for code, key in zip(self.entry_code.tolist(), keys, strict=True):
            for tok in key:
                tf[code][tok] += 1
        self.docs, self.doc_idf = _tfidf_postings(tf)

    def _desc_index(self, descriptions: dict[str, tuple[str, ...]]) -> None:
        """Every occupation's description and core tasks (tf-idf, unit length)."""
        tf: dict[int, dict[str, int]] = {}
        for i, code in enumerate(self.codes):
            tf[i] = defaultdict(int)
            for tok in descriptions.get(code, ()):
                tf[i][tok] += 1
        self.desc, self.desc_idf = _tfidf_postings(tf)

    def _head_index(self, heads: list[str]) -> None:
        count: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for code, head in zip(self.entry_code.tolist(), heads, strict=True):
            count[head][code] += 1
        per_code = np.bincount(self.entry_code, minlength=len(self.codes))
        lists = {h: sorted(c) for h, c in count.items()}
        weights = {h: [c[k] / per_code[k] for k in lists[h]] for h, c in count.items()}
        self.heads = _Postings(lists, weights)

    def _gram_index(self, titles: list[str]) -> None:
        """Every occupation as one bag of its titles' character 3-grams (tf-idf, unit length)."""
        tf: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for code, title in zip(self.entry_code.tolist(), titles, strict=True):
            for g in char_grams(title):
                tf[code][g] += 1
        self.grams, self.gram_idf = _tfidf_postings(tf)

    def _prior(self, prior: dict[str, float]) -> None:
        logs = np.array([math.log1p(max(prior.get(c, 0.0), 0.0)) for c in self.codes])
        top = float(logs.max()) if len(logs) and logs.max() > 0 else 1.0
        self.prior = logs / top

    def correct(self, token: str) -> str | None:
        """The indexed token nearest to an unknown one (same first letter first: typos rarely hit it)."""
        if token in self.words.ids or len(token) < 4 or token.isdigit():
            return token if token in self.words.ids else None
        if token not in self._corrections:
            limit = 2 if len(token) >= 8 else 1
            found = process.extractOne(
                token, self.by_first.get(token[0], []), scorer=Levenshtein.distance, score_cutoff=limit
            ) or process.extractOne(token, self.vocab, scorer=Levenshtein.distance, score_cutoff=limit)
            if len(self._corrections) > 50_000:
                self._corrections.clear()
            self._corrections[token] = str(found[0]) if found else None
        return self._corrections[token]

    def query(self, text: str) -> Query:
        content, head_raw, levels = split_title(text)
        key: list[str] = []
        corrections: dict[str, str] = {}
        head = ""
        for raw in content:
            tok = stem(raw)
            fixed = tok if tok in self.words.ids else (self.correct(tok) or self.correct(raw))
            if fixed is None:
                continue
            if fixed != tok:
                corrections[raw] = fixed
            if raw == head_raw:
                head = fixed
            if fixed not in key:
                key.append(fixed)
        if key and not head:
            head = key[-1]
        return Query(tuple(key), head, levels, corrections, tuple(char_grams(text)))

    def features(self, q: Query) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray, np.ndarray]:
        """(candidate code ids, feature -> value per candidate code, candidate entries, their scores)."""
        ids = [np.arange(s.start, s.stop) for t in q.key if (s := self.words.get(t)) is not None]
        rows = self.words.rows[np.concatenate(ids)]
        tok_w = np.concatenate([np.full(len(i), self.idf[self.words.ids[t]]) for t, i in zip(q.key, ids, strict=True)])
        acc = np.bincount(rows, weights=tok_w, minlength=len(self.titles))
        cand = np.flatnonzero(acc)
        shared, tw = acc[cand], self.entry_weight[cand]
        qweight = float(sum(self.idf[self.words.ids[t]] for t in q.key))
        exact = (np.abs(shared - qweight) < 1e-9) & (np.abs(tw - qweight) < 1e-9)
        score = np.where(exact, 1.0, 2 * shared / (qweight + tw))
        score = score + HEAD * (self.entry_head[cand] == self.words.ids.get(q.head, -2))
        best = np.full(len(self.codes), -1.0)
        np.maximum.at(best, self.entry_code[cand], score)
        codes = np.flatnonzero(best >= 0)
        feats = {
            "title": best[codes],
            "doc": _cosine(self.docs, self.doc_idf, q.key, len(self.codes))[codes],
            "head": self._head_scores(q.head)[codes],
            "chars": _cosine(self.grams, self.gram_idf, q.grams, len(self.codes))[codes],
            "prior": self.prior[codes],
            "knn": self._knn(cand, score)[codes],
            "desc": _cosine(self.desc, self.desc_idf, q.key, len(self.codes))[codes],
            "exact": self._exact(cand, exact)[codes],
        }
        return codes, feats, cand, score

    def _exact(self, cand: np.ndarray, exact: np.ndarray) -> np.ndarray:
        """1 / (number of occupations listing a title with exactly the query's words)."""
        out = np.zeros(len(self.codes))
        owners = np.unique(self.entry_code[cand[exact]])
        out[owners] = 1.0 / len(owners) if len(owners) else 0.0
        return out

    def _knn(self, cand: np.ndarray, score: np.ndarray) -> np.ndarray:
        """Votes of the KNN nearest titles (their scores, summed per occupation, scaled to 0-1)."""
        top = np.argsort(-score, kind="stable")[:KNN]
        out = np.zeros(len(self.codes))
        np.add.at(out, self.entry_code[cand[top]], score[top])
        return out / (out.max() or 1.0)

    def _head_scores(self, head: str) -> np.ndarray:
        out = np.zeros(len(self.codes))
        s = self.heads.get(head)
        if s is not None and self.heads.weights is not None:
            out[self.heads.rows[s]] = self.heads.weights[s]
        return out

    def match(self, text: str, *, limit: int = 5) -> TitleMatch:
        q = self.query(text)
        match = TitleMatch(query=text, levels=q.levels, corrections=q.corrections)
        if not q.key:
            return match
        codes, feats, cand, score = self.features(q)
        final = sum(WEIGHTS[f] * feats[f] for f in FEATURES)
        scale = sum(WEIGHTS.values()) + WEIGHTS["title"] * HEAD
        for pos in np.lexsort((codes, -final))[:limit]:
            code_i = int(codes[pos])
            entry = self._evidence(cand, score, code_i)
            confidence = round(min(float(final[pos]) / scale, 1.0), 4)
            match.hits.append(TitleHit(self.codes[code_i], confidence, self.titles[entry], self.sources[entry]))
        return match

    def _evidence(self, cand: np.ndarray, score: np.ndarray, code_i: int) -> int:
        """The occupation's best-scoring title (ties: official, then reported, then shortest)."""
        mine = self.entry_code[cand] == code_i
        top = mine & (score >= score[mine].max() - 1e-12)
        rows = cand[top]
        return int(rows[np.argmin(self.entry_pref[rows])])


def _tfidf_postings(tf: dict[int, dict[str, int]]) -> tuple[_Postings, dict[str, float]]:
    """Unit-length tf-idf vectors of documents (row id -> term counts) as term postings."""
    df: dict[str, int] = defaultdict(int)
    for bag in tf.values():
        for term in bag:
            df[term] += 1
    idf = {t: math.log(1 + len(tf) / d) for t, d in df.items()}
    lists: dict[str, list[int]] = defaultdict(list)
    weights: dict[str, list[float]] = defaultdict(list)
    for row, bag in sorted(tf.items()):
        vec = {t: (1 + math.log(c)) * idf[t] for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        for term, v in sorted(vec.items()):
            lists[term].append(row)
            weights[term].append(v / norm)
    return _Postings(lists, weights), idf


def _cosine(post: _Postings, idf: dict[str, float], terms: tuple[str, ...], n: int) -> np.ndarray:
    """Cosine of a query's terms (tf 1) with every document of `post`."""
    found = [(s, idf[t]) for t in terms if (s := post.get(t)) is not None]
    if not found or post.weights is None:
        return np.zeros(n)
    qn = math.sqrt(sum(w * w for _, w in found))
    rows = np.concatenate([post.rows[s] for s, _ in found])
    weights = np.concatenate([post.weights[s] * (w / qn) for s, w in found])
    return np.bincount(rows, weights=weights, minlength=n)


_SOURCE_RANK = {"occupation": 0, "reported": 1, "alternate": 2, "alternate_short": 3}
