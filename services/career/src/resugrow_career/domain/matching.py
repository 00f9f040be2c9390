"""Occupation matching from free-text titles: a weighted token-overlap index over O*NET titles.

Score of an indexed title t for a query q (stemmed token sets, idf weights w):
    dice(q, t) = 2 * sum(w[x] for x in q & t) / (sum(w[q]) + sum(w[t]))
An occupation scores the best of its titles; an exact token match scores 1. Unknown query tokens
are corrected to the nearest indexed token (edit distance 1, or 2 for words of 8+ letters) and
the correction is reported as evidence. Ties break on the occupation code, so results are stable.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from resugrow_career.domain.text import split_title, stem

TITLE_WEIGHT = 0.45
HEAD_BONUS = 0.25
EXACT = 1.0


@dataclass(frozen=True)
class IndexedTitle:
    title: str
    code: str
    source: str
    key: tuple[str, ...]


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


class TitleIndex:
    def __init__(self, titles: list[tuple[str, str, str, tuple[str, ...]]]) -> None:
        seen: set[tuple[tuple[str, ...], str]] = set()
        self.entries: list[IndexedTitle] = []
        for title, code, source, key in titles:
            if key and (key, code) not in seen:
                seen.add((key, code))
                self.entries.append(IndexedTitle(title, code, source, key))
        postings: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(self.entries):
            for tok in entry.key:
                postings[tok].append(i)
        n = len(self.entries)
        self.idf = {tok: math.log(1 + n / len(ids)) for tok, ids in postings.items()}
        self.postings = {tok: tuple(ids) for tok, ids in postings.items()}
        self.weight = [sum(self.idf[t] for t in e.key) for e in self.entries]
        self.vocab = sorted(self.postings)
        self._build_occupation_docs()

    def _build_occupation_docs(self) -> None:
        """Every occupation as one bag of its titles' tokens (tf-idf, unit length)."""
        tf: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for entry in self.entries:
            for tok in entry.key:
                tf[entry.code][tok] += 1
        df: dict[str, int] = defaultdict(int)
        for bag in tf.values():
            for tok in bag:
                df[tok] += 1
        n = len(tf)
        self.occ_idf = {tok: math.log(1 + n / d) for tok, d in df.items()}
        occ_postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for code, bag in tf.items():
            vec = {t: (1 + math.log(c)) * self.occ_idf[t] for t, c in bag.items()}
            norm = math.sqrt(sum(v * v for v in vec.values()))
            for tok, v in vec.items():
                occ_postings[tok].append((code, v / norm))
        self.occ_postings = {t: tuple(v) for t, v in occ_postings.items()}

    def _occupation_scores(self, key: tuple[str, ...]) -> dict[str, float]:
        qn = math.sqrt(sum(self.occ_idf[t] ** 2 for t in key))
        out: dict[str, float] = defaultdict(float)
        for tok in key:
            w = self.occ_idf[tok] / qn
            for code, v in self.occ_postings[tok]:
                out[code] += w * v
        return out

    def correct(self, token: str) -> str | None:
        if token in self.postings or len(token) < 4 or token.isdigit():
            return token if token in self.postings else None
        limit = 2 if len(token) >= 8 else 1
        found = process.extractOne(token, self.vocab, scorer=Levenshtein.distance, score_cutoff=limit)
        return str(found[0]) if found else None

    def _query_key(self, text: str) -> tuple[tuple[str, ...], list[str], dict[str, str]]:
        content, levels = split_title(text)
        key: list[str] = []
        corrections: dict[str, str] = {}
        for raw in content:
            tok = stem(raw)
            fixed = self.correct(tok) if tok not in self.postings else tok
            if fixed is None:
                fixed = self.correct(raw)
            if fixed is None:
                continue
            if fixed != tok:
                corrections[raw] = fixed
            if fixed not in key:
                key.append(fixed)
        return tuple(key), levels, corrections

    def match(self, text: str, *, limit: int = 5) -> TitleMatch:
        key, levels, corrections = self._query_key(text)
        match = TitleMatch(query=text, levels=levels, corrections=corrections)
        if not key:
            return match
        acc: dict[int, float] = defaultdict(float)
        for tok in key:
            w = self.idf[tok]
            for i in self.postings[tok]:
                acc[i] += w
        qweight = sum(self.idf[t] for t in key)
        best: dict[str, tuple[float, int]] = {}
        for i, shared in acc.items():
            entry = self.entries[i]
            score = EXACT if set(entry.key) == set(key) else 2 * shared / (qweight + self.weight[i])
            if entry.key[-1] == key[-1]:
                score += HEAD_BONUS
            prev = best.get(entry.code)
            if (
                prev is None
                or score > prev[0]
                or (score == prev[0] and _prefer(entry, self.entries[prev[1]]))
            ):
                best[entry.code] = (score, i)
        docs = self._occupation_scores(key)
        best = {
            c: (TITLE_WEIGHT * s + (1 - TITLE_WEIGHT) * docs.get(c, 0.0), i) for c, (s, i) in best.items()
        }
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], _source_rank(self.entries[kv[1][1]]), kv[0]))
        for code, (score, i) in ranked[:limit]:
            entry = self.entries[i]
            match.hits.append(TitleHit(code, round(min(score, 1.0), 4), entry.title, entry.source))
        return match


_SOURCE_RANK = {"occupation": 0, "reported": 1, "alternate": 2, "alternate_short": 3}


def _source_rank(entry: IndexedTitle) -> int:
    return _SOURCE_RANK.get(entry.source, 9)


def _prefer(a: IndexedTitle, b: IndexedTitle) -> bool:
    return (_source_rank(a), len(a.key)) < (_source_rank(b), len(b.key))
