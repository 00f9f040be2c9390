"""A small learned last pass over the STAR labels: multinomial logistic regression.

The cue rules (star.py, star_uncued.py, star_refine.py) fit the phrasing of the answers they were
written on; on answers written later they scored about 0.71 macro-F1 against 0.88 on their own
sets. A linear model that weighs the rule label together with words, the rule labels of the
neighbouring sentences, the position and the answer's mode (a past-tense story, a proposal in
"I would", or present-tense self-description) generalised better in leave-one-set-out runs
(README, "STAR labels across question types"). Weights come from
`scripts/train_star_model.py` (pure Python, deterministic) and sit in `data/star_weights.json`;
inference is a few dictionary lookups per sentence, with no numerical library at run time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
_PAST = re.compile(
    r"\b(?:was|were|had|did|went|got|\w+ed|made|took|ran|built|wrote|found|told|gave|sent|kept|began|saw"
    r"|came|became|led|met|left|lost|spent|brought|thought|felt|knew)\b"
)
_WOULD = re.compile(r"\b(?:would|i'd|we'd|you'd|will|i'll|we'll|could|should|might)\b")
_STARTS_I = re.compile(r"^(?:\w+,? )?(?:i|i'd|i'm|i've|i'll|my)\b")
_STARTS_WE = re.compile(r"^(?:\w+,? )?(?:we|we'd|we're|we've|our)\b")
_SELF_PRESENT = re.compile(r"\b(?:i am|i'm|i have|i've|i like|i love|i enjoy|i want|i care)\b")
_FLAGS = (
    ("past", _PAST),
    ("would", _WOULD),
    ("digit", re.compile(r"\d")),
    ("si", _STARTS_I),
    ("swe", _STARTS_WE),
    ("self", _SELF_PRESENT),
)


def sentence_flags(low: str) -> list[str]:
    """Tense and person flags of one lowercased sentence."""
    return [name for name, pattern in _FLAGS if pattern.search(low)]


def answer_mode(flags: Sequence[Sequence[str]]) -> str:
    """A story is told in the past, a proposal in "would"; anything else is present-tense talk."""
    if not flags:
        return "present"
    past = sum(1 for f in flags if "past" in f) / len(flags)
    would = sum(1 for f in flags if "would" in f) / len(flags)
    if past >= 0.5:
        return "story"
    return "proposal" if would >= 0.3 else "present"


def sentence_features(
    lows: Sequence[str],
    rules: Sequence[str],
    cues: Sequence[Sequence[str]],
    i: int,
    mode: str,
    flags: Sequence[str],
) -> list[str]:
    """Binary feature names of sentence `i`; the model's weights are keyed by these names."""
    low, n = lows[i], len(lows)
    rule = rules[i]
    position = i / (n - 1) if n > 1 else 0.0
    feats = ["b", f"m:{mode}", f"r:{rule}", f"rm:{rule}|{mode}", f"pos:{min(3, int(position * 4))}"]
    feats.append(f"p:{rules[i - 1] if i else '^'}")
    feats.append(f"n:{rules[i + 1] if i + 1 < n else '$'}")
    feats += [f"c:{c}" for c in cues[i]]
    if i == 0:
        feats.append("first")
    if i == n - 1:
        feats.append("last")
    toks = ["#" if t.isdigit() else t for t in _WORD.findall(low)]
    feats += [f"w:{t}" for t in sorted(set(toks))]  # sorted: the same sum order on every run
    if toks:
        feats.append(f"w0:{toks[0]}")
    if len(toks) > 1:
        feats.append(f"w01:{toks[0]}_{toks[1]}")
    # The same tense means different things in a story and in a proposal.
    feats += list(flags) + [f"{name}|{mode}" for name in flags]
    if len(toks) <= 5:
        feats.append("short")
    return feats


@lru_cache(maxsize=1)
def _model() -> tuple[tuple[str, ...], dict[str, tuple[float, ...]]]:
    raw = resources.files("resugrow_interview.domain.data").joinpath("star_weights.json").read_text("utf-8")
    doc = json.loads(raw)
    return tuple(doc["labels"]), {k: tuple(v) for k, v in doc["weights"].items()}


def relabel(lows: Sequence[str], rules: Sequence[str], cues: Sequence[Sequence[str]]) -> list[str]:
    """The model's label for every sentence of one answer, given the rule labels and cues."""
    labels, weights = _model()
    flags = [sentence_flags(low) for low in lows]
    mode = answer_mode(flags)
    out: list[str] = []
    for i in range(len(lows)):
        rows = [w for f in sentence_features(lows, rules, cues, i, mode, flags[i]) if (w := weights.get(f))]
        scores = [sum(column) for column in zip(*rows, strict=True)]
        out.append(labels[max(range(len(labels)), key=scores.__getitem__)] if scores else rules[i])
    return out
