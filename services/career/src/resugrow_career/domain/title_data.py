"""The title matcher's model as flat arrays: built from titles here, packed into one versioned blob.

The data build (scripts/build_data.py) runs `build_title_data` over every shipped title and
writes `pack(...)` to `data/title_index.bin.gz`; the service only unpacks it (no per-title Python
objects, a few MiB resident). The quality test runs the same builder without its held-out
titles, so what it measures is the shipped model's recipe on titles it has never seen.

Postings are CSR: term i's rows are rows[start[i]:start[i + 1]] (with weights alongside).
"""

from __future__ import annotations

import json
import math
import re
import struct
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from resugrow_career.domain.text import ABBREVIATIONS, STOP, char_grams, stem, title_key, words

FORMAT = "resugrow-career-titles/4"
SOURCE_RANK = {"occupation": 0, "reported": 1, "alternate": 2, "alternate_short": 3}
SOURCES = tuple(SOURCE_RANK)


@dataclass(frozen=True)
class TitleData:
    strings: dict[str, list[str]]
    arrays: dict[str, np.ndarray]


def _csr(
    terms: list[str], lists: dict[str, list[int]], weights: dict[str, list[float]] | None, name: str
) -> dict[str, np.ndarray]:
    sizes = [len(lists.get(t, ())) for t in terms]
    start = np.zeros(len(terms) + 1, dtype=np.int64)
    np.cumsum(sizes, out=start[1:])
    out: dict[str, np.ndarray] = {
        f"{name}.start": start,
        f"{name}.rows": np.fromiter((r for t in terms for r in lists.get(t, ())), dtype=np.int32),
    }
    if weights is not None:
        out[f"{name}.weights"] = np.fromiter((w for t in terms for w in weights.get(t, ())), dtype=np.float32)
    return out


def _tfidf(bags: dict[int, dict[str, int]], terms: list[str], name: str) -> dict[str, np.ndarray]:
    """Unit-length tf-idf vectors of documents (row -> term counts) as term postings + idf."""
    df: dict[str, int] = defaultdict(int)
    for bag in bags.values():
        for term in bag:
            df[term] += 1
    n = len(bags)
    idf = {t: math.log(1 + n / d) for t, d in df.items()}
    lists: dict[str, list[int]] = defaultdict(list)
    weights: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, list[float]] = defaultdict(list)
    for row, bag in sorted(bags.items()):
        vec = {t: (1 + math.log(c)) * idf[t] for t, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        for term, v in sorted(vec.items()):
            lists[term].append(row)
            weights[term].append(v / norm)
            counts[term].append(bag[term])
    arrays = _csr(terms, lists, weights, name)
    arrays[f"{name}.idf"] = np.array([idf.get(t, 0.0) for t in terms], dtype=np.float64)
    # raw counts alongside (same order) and per-document totals: the language-model features
    arrays[f"{name}.count"] = np.fromiter((c for t in terms for c in counts.get(t, ())), dtype=np.float32)
    size = max(bags, default=-1) + 1
    arrays[f"{name}.total"] = np.array(
        [sum(bags[r].values()) if r in bags else 0 for r in range(size)], dtype=np.float64
    )
    return arrays


def _bags(rows: Iterable[tuple[int, Iterable[str]]]) -> dict[int, dict[str, int]]:
    bags: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row, terms in rows:
        for term in terms:
            bags[row][term] += 1
    return bags


Row = tuple[str, str, str, tuple[str, ...], str]


_DEFINED = re.compile(r"\s*([^()]+?)\s*\(([^()]+)\)\s*")


def defined_otherwise(title: str) -> set[str]:
    """Abbreviations a title spells out itself, O*NET style, as something other than our table
    (text.ABBREVIATIONS) says: "Continuous Miner Operator (CMO)" (not a chief marketing officer),
    "PA Announcer (Public Address Announcer)" (not a physician assistant). The long form is a run
    of words on the other side of the parenthesis whose initials spell the abbreviation (with or
    without its stop words: "Over the Road"), and it is "other" when it holds under half of the
    words of our reading."""
    found = _DEFINED.fullmatch(title)
    if not found:
        return set()
    out = set()
    for short, long in ((found[1], found[2]), (found[2], found[1])):
        runs = [words(long), [w for w in words(long) if w not in STOP]]
        for abbr in (w for w in words(short) if w in ABBREVIATIONS and len(ABBREVIATIONS[w].split()) > 1):
            ours = {stem(w) for w in ABBREVIATIONS[abbr].split() if w not in STOP}
            for run in runs:
                spelled = [
                    run[i : i + len(abbr)]
                    for i in range(len(run) - len(abbr) + 1)
                    if "".join(w[0] for w in run[i : i + len(abbr)]) == abbr
                ]
                # otherwise = under half of our reading's words: "Casino Shift Manager" is not a
                # customer success manager, "Certified Nurse Aide" is a nurse assistant
                if spelled and all(len(ours & {stem(w) for w in s}) < len(ours) / 2 for s in spelled):
                    out.add(abbr)
    return out


def own_abbreviations(rows: list[tuple[str, str, str]]) -> list[Row]:
    """(title, code, source) -> (title, code, source, key, head) with each title's abbreviations
    read as its occupation reads them. Our table spells "CMO" as chief marketing officer, but
    O*NET lists "CMO" and "Continuous Miner Operator (CMO)" under the mining machine operators:
    expanded, a mining job would be the one exact "Chief Marketing Officer" title. So an
    abbreviation a title defines otherwise stays as written there, and so does a title that is
    that abbreviation alone in an occupation that defines it otherwise. A title that uses it
    plainly keeps our reading ("OTR Driver" reads like the query "OTR Driver")."""
    defined = [defined_otherwise(title) for title, _, _ in rows]
    otherwise: dict[str, set[str]] = defaultdict(set)
    for (_, code, _), abbrs in zip(rows, defined, strict=True):
        otherwise[code] |= abbrs
    out = []
    for (title, code, source), keep in zip(rows, defined, strict=True):
        if title.strip().lower() in otherwise[code]:
            keep.add(title.strip().lower())
        out.append((title, code, source, *title_key(title, frozenset(keep))))
    return out


def build_title_data(
    titles: list[tuple[str, str, str, tuple[str, ...], str]],
    prior: dict[str, float],
    descriptions: dict[str, tuple[str, ...]],
    technology: dict[str, tuple[str, ...]] | None = None,
) -> TitleData:
    """titles: (title, code, source, stemmed key, stemmed head); prior: code -> employment;
    descriptions: code -> stemmed tokens of its description and core tasks; technology: code ->
    stemmed tokens of its technology examples ("Oracle Java", "Salesforce")."""
    seen: set[tuple[tuple[str, ...], str]] = set()
    kept = []
    for title, code, source, key, head in sorted(
        titles, key=lambda t: (t[1], SOURCE_RANK.get(t[2], 9), t[0])
    ):
        if key and (key, code) not in seen:
            seen.add((key, code))
            kept.append((title, code, source, key, head or key[-1]))
    codes = sorted({k[1] for k in kept})
    code_idx = {c: i for i, c in enumerate(codes)}
    entry_code = np.array([code_idx[k[1]] for k in kept], dtype=np.int32)
    vocab = sorted({t for k in kept for t in k[3]})
    arrays = _entries(kept, entry_code)
    arrays |= _words(kept, vocab)
    arrays |= _tfidf(_bags(zip(entry_code.tolist(), (k[3] for k in kept), strict=True)), vocab, "docs")
    arrays |= _heads(kept, entry_code, vocab, len(codes))
    grams = _bags(zip(entry_code.tolist(), (char_grams(k[0]) for k in kept), strict=True))
    gram_terms = sorted({g for bag in grams.values() for g in bag})
    arrays |= _tfidf(grams, gram_terms, "grams")
    desc = _bags((i, descriptions.get(c, ())) for i, c in enumerate(codes))
    desc_terms = sorted({t for bag in desc.values() for t in bag})
    arrays |= _tfidf(desc, desc_terms, "desc")
    tech = _bags((i, (technology or {}).get(c, ())) for i, c in enumerate(codes))
    tech_terms = sorted({t for bag in tech.values() for t in bag})
    arrays |= _tfidf(tech, tech_terms, "tech")
    logs = np.array([math.log1p(max(prior.get(c, 0.0), 0.0)) for c in codes])
    arrays["prior"] = logs / (float(logs.max()) if len(logs) and logs.max() > 0 else 1.0)
    strings = {
        "codes": codes,
        "vocab": vocab,
        "grams": gram_terms,
        "desc": desc_terms,
        "tech": tech_terms,
        "titles": ["\n".join(k[0].replace("\n", " ") for k in kept)],
    }
    return TitleData(strings, arrays)


def _entries(
    kept: list[tuple[str, str, str, tuple[str, ...], str]], entry_code: np.ndarray
) -> dict[str, np.ndarray]:
    starts = np.zeros(len(kept) + 1, dtype=np.int32)
    np.cumsum([len(k[0]) + 1 for k in kept], out=starts[1:])
    return {
        "entry.title_start": starts,
        "entry.code": entry_code,
        "entry.pref": np.array([SOURCE_RANK.get(k[2], 9) * 1000 + len(k[3]) for k in kept], dtype=np.int32),
        "entry.source": np.array([SOURCE_RANK.get(k[2], 9) for k in kept], dtype=np.int8),
    }


def _words(kept: list[tuple[str, str, str, tuple[str, ...], str]], vocab: list[str]) -> dict[str, np.ndarray]:
    lists: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(kept):
        for tok in k[3]:
            lists[tok].append(i)
    n = len(kept)
    idf = {t: math.log(1 + n / len(ids)) for t, ids in lists.items()}
    tok_id = {t: i for i, t in enumerate(vocab)}
    arrays = _csr(vocab, lists, None, "words")
    arrays["words.idf"] = np.array([idf[t] for t in vocab], dtype=np.float64)
    arrays["entry.weight"] = np.array([sum(idf[t] for t in k[3]) for k in kept], dtype=np.float64)
    arrays["entry.head"] = np.array([tok_id.get(k[4], -1) for k in kept], dtype=np.int32)
    return arrays


def _heads(
    kept: list[tuple[str, str, str, tuple[str, ...], str]],
    entry_code: np.ndarray,
    vocab: list[str],
    n_codes: int,
) -> dict[str, np.ndarray]:
    """Per head token: the occupations whose titles have it as head, with their share of titles."""
    count: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for code, k in zip(entry_code.tolist(), kept, strict=True):
        count[k[4]][code] += 1
    per_code = np.bincount(entry_code, minlength=n_codes)
    lists = {h: sorted(c) for h, c in count.items()}
    weights = {h: [c[k] / per_code[k] for k in lists[h]] for h, c in count.items()}
    return _csr(vocab, lists, weights, "heads")


def pack(data: TitleData) -> bytes:
    """One deterministic blob: u32 header length, JSON header, then every array's raw bytes."""
    offset = 0
    layout: dict[str, list[object]] = {}
    for name in sorted(data.arrays):
        arr = np.ascontiguousarray(data.arrays[name])
        layout[name] = [arr.dtype.str, int(arr.size), offset]
        offset += arr.nbytes
    header = json.dumps(
        {"format": FORMAT, "strings": data.strings, "arrays": layout}, ensure_ascii=False, sort_keys=True
    ).encode()
    body = b"".join(np.ascontiguousarray(data.arrays[n]).tobytes() for n in sorted(data.arrays))
    return struct.pack("<I", len(header)) + header + body


def unpack(blob: bytes | bytearray) -> TitleData:
    """Arrays are read-only views into `blob` (no copies)."""
    (size,) = struct.unpack_from("<I", blob)
    header = json.loads(blob[4 : 4 + size])
    if header.get("format") != FORMAT:
        raise ValueError(f"title index format {header.get('format')!r}, expected {FORMAT!r}")
    body = memoryview(blob)[4 + size :]
    arrays = {
        name: np.frombuffer(body, dtype=np.dtype(dtype), count=count, offset=off)
        for name, (dtype, count, off) in header["arrays"].items()
    }
    return TitleData(header["strings"], arrays)


# The matcher's reading of a query and its answer (domain/matching.py).
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
    # words no indexed title has but some occupation's tasks or technology do ("brachytherapy")
    extra: tuple[str, ...] = ()
    # the title's content words as written, abbreviations and synonyms expanded: the encoder's input
    words: tuple[str, ...] = ()
