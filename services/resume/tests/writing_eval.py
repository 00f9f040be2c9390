"""Scoring the writing reviewer against the labelled bullets (shared by the quality tests and bench)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from resugrow_resume.domain.writing.bullets import MAJOR, Review, Tense, analyze

DATA = Path(__file__).parent / "data" / "bullets_labelled.txt"
CODES = {
    "wo": "weak_opener",
    "pv": "passive_voice",
    "fp": "first_person",
    "fi": "filler",
    "nr": "no_result",
    "nn": "no_number",
    "ln": "length",
    "te": "tense",
}


@dataclass(frozen=True)
class Labelled:
    family: str
    tense: Tense
    codes: frozenset[str]
    text: str

    @property
    def weak(self) -> bool:
        return bool(self.codes & MAJOR)


def load() -> list[Labelled]:
    items: list[Labelled] = []
    family = ""
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            family = line[3:].strip()
        elif line and not line.startswith("#"):
            tense, codes, text = line.split("|", 2)
            labels = frozenset(CODES[c] for c in codes.split(",") if c != "-")
            items.append(Labelled(family, "present" if tense == "c" else "past", labels, text))
    return items


def review_all(items: list[Labelled]) -> list[Review]:
    return [analyze(i.text, tense=i.tense) for i in items]


def figures(items: list[Labelled], reviews: list[Review]) -> dict[str, float]:
    tp = sum(1 for i, r in zip(items, reviews, strict=True) if i.weak and r.weak)
    fp = sum(1 for i, r in zip(items, reviews, strict=True) if not i.weak and r.weak)
    fn = sum(1 for i, r in zip(items, reviews, strict=True) if i.weak and not r.weak)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    out = {"weak_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}
    for code in CODES.values():
        said = [code in r.codes for r in reviews]
        truth = [code in i.codes for i in items]
        hits = sum(1 for s, t in zip(said, truth, strict=True) if s and t)
        out[f"precision:{code}"] = hits / sum(said) if sum(said) else 1.0
        out[f"recall:{code}"] = hits / sum(truth) if sum(truth) else 1.0
        out[f"count:{code}"] = sum(said)
    return out
