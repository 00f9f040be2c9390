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
  scaled to 0-1: the common occupation wins when titles do not tell;
- knn: votes of the 10 nearest titles; desc: cosine with o's description and core tasks;
  exact: 1 / (occupations listing a title with exactly q's words);
- reported: the title score over o's own and reported titles only (what job holders call it);
- base: 1 for an SOC-level ".00" code (postings name the broad job more than a detailed one);
- rec / prec: the best share of q's (resp. the title's) idf weight one of o's titles matches;
- cover / full: the share of q's idf weight found anywhere in o's titles (full: all of it);
  dcover: the same in o's description and tasks; tech: cosine with o's technology examples;
- head_any: some title of o has q's head; allother: o is an "All Other" residual code;
  ntitles: how many titles o lists (log, 0-1);
- prior_short / title_short: prior and title again for one-word queries (they say less);
- lm / lm_desc: mean log-probability of q's words under the unigram model of o's titles (resp.
  description and tasks), Dirichlet-smoothed: evidence pooled over all of o's titles;
- top_title / top_chars / top_doc: o has the query's best value of that feature; title2 /
  chars2: squares; desc_rel / tech_rel: desc and tech over the query's best; rec_full /
  prec_full: one title holds all of q's words (resp. q holds all of the title's); wide: o is a
  candidate only by its tasks, technology or character n-grams; title_long / cover_long: title
  and cover again for queries of 3+ words;
- clf / clf_rel / clf_top / clf_p: the title classifier's log P(o | q), the same minus the best
  candidate's, whether o is that best, and the probability (domain/title_classifier.py: learned
  from every indexed title at once, it knows which words set occupations apart);
- enc / enc_rel: the title encoder's log P(o | q) and the same minus the best candidate's (a
  pretrained sentence encoder fine-tuned on the titles, distilled to word-piece vectors: it
  knows which words mean alike where no title pairs them).
Candidates: every occupation sharing a title word with q, plus the WIDE nearest by character
3-grams, by description and tasks, and by technology examples (words no title has: "Autopsy",
"Brachytherapy"); query words no title has but some task or technology example does are kept
for those features (`Query.extra`).
score = sum of w_f x feature (and of w_fg x f x g for the pairs of PAIRS: a head match counts
more when the description agrees), P(o | q) = softmax of the scores over the candidates: a
listwise logistic regression fitted on the tuning parts of the labelled set
(scripts/train_title_ranker.py, data/title_ranker.json); the confidence returned is P(o | q).
A query word no title has is read as `_known` says; the reading is reported. Ties break on the
occupation code.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from resugrow_career.domain.text import char_grams, read_title, stem
from resugrow_career.domain.title_classifier import TitleClassifier, TitleEncoder, tokens
from resugrow_career.domain.title_data import SOURCE_RANK, SOURCES, Query, TitleData, TitleHit, TitleMatch
from resugrow_career.domain.title_features import (
    INPUTS,
    Postings,
    cosine,
    coverage,
    likelihood,
    ranker_score,
    relative,
    wider,
)
from resugrow_career.domain.title_words import SYNONYMS, joined, known_end, rephrased, split_compound

KNN = 10
LM_TITLES = 20.0
LM_DESC = 200.0
HEAD = 0.25


@lru_cache(maxsize=1)
def ranker_weights() -> np.ndarray:
    """The fitted weights, one per INPUTS entry (a missing one is an error: retrain)."""
    raw = (resources.files("resugrow_career") / "data" / "title_ranker.json").read_text(encoding="utf-8")
    weights = json.loads(raw)["weights"]
    return np.array([float(weights[f]) for f in INPUTS])


class TitleIndex:
    def __init__(self, data: TitleData, encoder: TitleEncoder | None = None) -> None:
        """The query side of the model built by `title_data.build_title_data` (see there), read
        with the title encoder (None only while the classifier is trained)."""
        if encoder is not None and list(encoder.codes) != list(data.strings["codes"]):
            raise ValueError("the title encoder reads other occupations: retrain it")
        self.encoder = encoder
        self.codes = data.strings["codes"]
        self.vocab = data.strings["vocab"]
        vocab_ids = {t: i for i, t in enumerate(self.vocab)}
        self.words = Postings(data, "words", vocab_ids)
        self.docs = Postings(data, "docs", vocab_ids)
        self.heads = Postings(data, "heads", vocab_ids)
        self.grams = Postings(data, "grams", {t: i for i, t in enumerate(data.strings["grams"])})
        self.desc = Postings(data, "desc", {t: i for i, t in enumerate(data.strings["desc"])})
        self.tech = Postings(data, "tech", {t: i for i, t in enumerate(data.strings["tech"])})
        self.idf = data.arrays["words.idf"]
        self.entry_code = data.arrays["entry.code"]
        self.entry_pref = data.arrays["entry.pref"]
        self.entry_source = data.arrays["entry.source"]
        self.entry_weight = data.arrays["entry.weight"]
        self.entry_head = data.arrays["entry.head"]
        self.prior = data.arrays["prior"]
        # 1 for an SOC-level code (".00"): a posting says "Registered Nurse", seldom "Acute Care Nurse"
        self.base = np.array([c.endswith(".00") for c in self.codes], dtype=np.float64)
        self._titles = data.strings["titles"][0]
        self._title_start = data.arrays["entry.title_start"]
        # 1 for an "All Other" residual code: it collects leftovers, so a title names it last
        self.all_other = np.zeros(len(self.codes))
        for e in np.flatnonzero(self.entry_source == SOURCE_RANK["occupation"]):
            if "All Other" in self.title(int(e)):
                self.all_other[self.entry_code[e]] = 1.0
        self.official = np.zeros(len(self.codes), dtype=np.int64)
        for e in np.flatnonzero(self.entry_source == SOURCE_RANK["occupation"])[::-1]:
            self.official[self.entry_code[e]] = e
        counts = np.bincount(self.entry_code, minlength=len(self.codes)).astype(np.float64)
        self.ntitles = np.log1p(counts) / max(float(np.log1p(counts).max()), 1.0)
        self.by_first: dict[str, list[str]] = defaultdict(list)
        for t in self.vocab:
            self.by_first[t[0]].append(t)
        self._corrections: dict[tuple[str, bool], str | None] = {}
        # absent only while data_files._with_classifier reads the titles it trains on
        self.classifier = (
            TitleClassifier(data.strings["clf.tokens"], data.arrays) if "clf.tokens" in data.strings else None
        )

    def __len__(self) -> int:
        return len(self.entry_code)

    def title(self, entry: int) -> str:
        return self._titles[int(self._title_start[entry]) : int(self._title_start[entry + 1]) - 1]

    def correct(self, token: str, *, near: bool = False) -> str | None:
        """The indexed token nearest to an unknown one: with `near`, only one edit away with the
        same first letter (a typo); else up to two edits for 8+ letters, any first letter."""
        if token in self.words.ids or len(token) < 4 or token.isdigit():
            return token if token in self.words.ids else None
        if (token, near) not in self._corrections:
            limit = 1 if near or len(token) < 8 else 2
            found = process.extractOne(
                token, self.by_first.get(token[0], []), scorer=Levenshtein.distance, score_cutoff=limit
            )
            if not near:
                found = found or process.extractOne(
                    token, self.vocab, scorer=Levenshtein.distance, score_cutoff=limit
                )
            if len(self._corrections) > 50_000:
                self._corrections.clear()
            self._corrections[(token, near)] = str(found[0]) if found else None
        return self._corrections[(token, near)]

    def _known(self, tok: str, raw: str) -> list[str]:
        """Indexed tokens for a query word: itself, a synonym written here, a one-letter typo
        fixed, a compound of two known words, a wider correction, then a known ending (in that
        order; title_words.split_compound and known_end)."""
        if tok in self.words.ids:
            return [tok]
        if raw in SYNONYMS:
            found = [s for w in SYNONYMS[raw].split() if (s := stem(w)) in self.words.ids]
            if found:
                return found
        if tok in self.desc.ids or tok in self.tech.ids:
            return []
        fixed = self.correct(tok, near=True) or self.correct(raw, near=True)
        parts = [fixed] if fixed is not None else split_compound(raw, self.words.ids)
        if not parts and (wide := self.correct(tok) or self.correct(raw)) is not None:
            parts = [wide]
        return parts or known_end(raw, self.words.ids)

    def _joins(self, a: str, b: str) -> bool:
        """More titles write a+b as one word than hold both apart ("Power Plant" stays two)."""
        if (one := self.words.get(stem(a + b))) is None:
            return False  # most pairs: no postings to intersect
        sa, sb, rows = self.words.get(stem(a)), self.words.get(stem(b)), self.words.rows
        both = 0 if sa is None or sb is None else len(np.intersect1d(rows[sa], rows[sb]))
        return bool(one.stop - one.start > both)

    def query(self, text: str, *, join: bool = True, keep: frozenset[str] = frozenset()) -> Query:
        """join=False, keep: as O*NET writes it (the classifier's examples); joins repair typing."""
        content, head_raw, levels, grams = read_title(text, keep)
        if join:
            content, head_raw = rephrased(*joined(content, head_raw, self._joins))
        key: list[str] = []
        corrections: dict[str, str] = {}
        head = ""
        extra: list[str] = []
        said: list[str] = []
        for raw in content:
            tok = stem(raw)
            parts = self._known(tok, raw)
            if not parts and (tok in self.desc.ids or tok in self.tech.ids):
                extra.append(tok)
            if parts and parts != [tok]:
                corrections[raw] = " ".join(parts)
            if parts and raw == head_raw:
                head = parts[-1]
            key.extend(p for p in parts if p not in key)
            # the encoder reads words: a synonym written here ("revops"), but not a typo's stem
            said += SYNONYMS[raw].split() if raw in SYNONYMS and tok not in self.words.ids else [raw]
        if key and not head:
            head = key[-1]
        grams_read = tuple(char_grams(" ".join(grams)))
        return Query(tuple(key), head, levels, corrections, grams_read, tuple(extra), tuple(said))

    def features(self, q: Query) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray, np.ndarray]:
        """(candidate code ids, feature -> value per candidate code, candidate entries, their scores)."""
        ids = [np.arange(s.start, s.stop) for t in q.key if (s := self.words.get(t)) is not None]
        rows = self.words.rows[np.concatenate([np.zeros(0, dtype=np.int64), *ids])]
        tok_w = np.concatenate(
            [
                np.zeros(0),
                *(np.full(len(i), self.idf[self.words.ids[t]]) for t, i in zip(q.key, ids, strict=True)),
            ]
        )
        acc = np.bincount(rows, weights=tok_w, minlength=len(self))
        cand = np.flatnonzero(acc)
        shared, tw = acc[cand], self.entry_weight[cand]
        # a query of words found only in tasks or technology has no title weight
        qweight = max(float(sum(self.idf[self.words.ids[t]] for t in q.key)), 1e-9)
        exact = (np.abs(shared - qweight) < 1e-9) & (np.abs(tw - qweight) < 1e-9)
        score = np.where(exact, 1.0, 2 * shared / (qweight + tw))
        score = score + HEAD * (self.entry_head[cand] == self.words.ids.get(q.head, -2))
        n = len(self.codes)
        best = np.full(n, -1.0)
        np.maximum.at(best, self.entry_code[cand], score)
        words = q.key + q.extra
        near = {
            "chars": cosine(self.grams, q.grams, n),
            "desc": cosine(self.desc, words, n),
            "tech": cosine(self.tech, words, n),
        }
        enc = self._encoded(q)
        codes = np.union1d(np.flatnonzero(best >= 0), wider(near))
        best = np.maximum(best, 0.0)
        feats = self._extra(q, qweight, cand, shared, tw, codes, best)
        feats |= {
            "title": best[codes],
            "doc": cosine(self.docs, q.key, n)[codes],
            "head": self._head_scores(q.head)[codes],
            "chars": near["chars"][codes],
            "prior": self.prior[codes],
            "knn": self._knn(cand, score)[codes],
            "desc": near["desc"][codes],
            "tech": near["tech"][codes],
            "exact": self._exact(cand, exact)[codes],
            "reported": self._reported(cand, score)[codes],
            "base": self.base[codes],
            "lm": likelihood(self.docs, q.key, n, LM_TITLES)[codes],
            "lm_desc": likelihood(self.desc, words, n, LM_DESC)[codes],
        }
        feats |= relative(feats, len(q.key)) | self._classified(q, codes)
        feats |= {"enc": enc[codes], "enc_rel": enc[codes] - enc[codes].max(initial=-np.inf)}
        return codes, feats, cand, score

    def _encoded(self, q: Query) -> np.ndarray:
        """The encoder's log P(o | q) over every occupation (zeros for a query with no words)."""
        if self.encoder is None:
            raise RuntimeError("title model read without its encoder (data_files.load_title_encoder)")
        return (
            self.encoder.log_probs(" ".join(q.words)).astype(np.float64)
            if q.words
            else np.zeros(len(self.codes))
        )

    def _classified(self, q: Query, codes: np.ndarray) -> dict[str, np.ndarray]:
        """The classifier's log-probability of each candidate, also against the query's best
        candidate, whether it is that best, and the probability itself."""
        if self.classifier is None:
            raise RuntimeError(
                "title model built without its classifier (data_files.build_title_index adds it)"
            )
        lp = self.classifier.log_probs(tokens(q.key, q.head))[codes]
        best = lp.max(initial=-np.inf)
        return {
            "clf": lp,
            "clf_rel": lp - best,
            "clf_top": (lp == best).astype(np.float64),
            "clf_p": np.exp(lp),
        }

    def _extra(
        self,
        q: Query,
        qweight: float,
        cand: np.ndarray,
        shared: np.ndarray,
        tw: np.ndarray,
        codes: np.ndarray,
        best: np.ndarray,
    ) -> dict[str, np.ndarray]:
        """Features added for the learned ranker (see scripts/train_title_ranker.py)."""
        n = len(self.codes)
        rec = np.zeros(n)
        np.maximum.at(rec, self.entry_code[cand], shared / qweight)
        prec = np.zeros(n)
        np.maximum.at(prec, self.entry_code[cand], shared / np.maximum(tw, 1e-9))
        cover = coverage(self.docs, q.key, self.idf, self.words.ids, n) / qweight
        dcover = coverage(self.desc, q.key, self.idf, self.words.ids, n) / qweight
        head_any = self._head_scores(q.head) > 0
        short = 1.0 if len(q.key) == 1 else 0.0
        return {
            "prior_short": short * self.prior[codes],
            "title_short": short * best[codes],
            "rec": rec[codes],
            "prec": prec[codes],
            "cover": cover[codes],
            "dcover": dcover[codes],
            "full": (cover[codes] > 1 - 1e-9).astype(np.float64),
            "head_any": head_any[codes].astype(np.float64),
            "allother": self.all_other[codes],
            "ntitles": self.ntitles[codes],
        }

    def _exact(self, cand: np.ndarray, exact: np.ndarray) -> np.ndarray:
        """1 / (number of occupations listing a title with exactly the query's words)."""
        out = np.zeros(len(self.codes))
        owners = np.unique(self.entry_code[cand[exact]])
        out[owners] = 1.0 / len(owners) if len(owners) else 0.0
        return out

    def _reported(self, cand: np.ndarray, score: np.ndarray) -> np.ndarray:
        """The best title score among the occupation's own and reported titles: the names job
        holders gave in O*NET's surveys, where alternate titles also list rare and old names."""
        out = np.zeros(len(self.codes))
        mine = self.entry_source[cand] <= SOURCE_RANK["reported"]
        np.maximum.at(out, self.entry_code[cand[mine]], score[mine])
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
        if not q.key and not q.extra:
            return match
        codes, feats, cand, score = self.features(q)
        final = ranker_score(feats, ranker_weights(), pairs=bool(q.key))
        # Confidence = the model's probability of the occupation among all candidates (the
        # softmax it was trained with), so 0.8 means about 8 in 10 right on the tuning parts.
        prob = np.exp(final - final.max())
        prob /= prob.sum()
        for pos in np.lexsort((codes, -final))[:limit]:
            code_i = int(codes[pos])
            entry = self._evidence(cand, score, code_i)
            source = SOURCES[int(self.entry_source[entry])]
            match.hits.append(
                TitleHit(self.codes[code_i], round(float(prob[pos]), 4), self.title(entry), source)
            )
        return match

    def _evidence(self, cand: np.ndarray, score: np.ndarray, code_i: int) -> int:
        """The occupation's best-scoring title (ties: official, then reported, then shortest)."""
        mine = self.entry_code[cand] == code_i
        if not mine.any():  # a candidate by its description, technology or word forms
            return int(self.official[code_i])
        top = mine & (score >= score[mine].max() - 1e-12)
        rows = cand[top]
        return int(rows[np.argmin(self.entry_pref[rows])])
