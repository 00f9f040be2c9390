"""Delivery: hesitation sounds, lexical fillers, hedges, repetition, length, pace and pauses.

Hesitation sounds (um, uh, er, hmm...) are vocalised pauses: never words, so every standalone
one counts, except where the same letters are a word in context ("ER" the ward, "HMM" the model,
"err on the side of", "uh-huh" meaning yes). Lexical fillers ("like", "you know") are real words
that are only fillers in certain positions, so they count only where the grammar says they
carry no meaning ("I like Python" and "you know the system" are not fillers).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from resugrow_interview.domain.text import STOPWORDS, Token, stem, tokens
from resugrow_interview.domain.timing import TimingError as TimingError  # re-exported: callers' one entry
from resugrow_interview.domain.timing import pace as pace
from resugrow_interview.domain.timing import validate_timings as validate_timings

# --- hesitation sounds -------------------------------------------------------------------------

_HESITATION_RE = re.compile(
    r"^(u+m+|u+h+m*|e+r+m+|e+r+|h+m+|m{2,}|a+h+)$",
)
# Spelled-out sounds only: "ah"/"oh"/"eh" interjections count, "uh-huh"/"mm-hmm" (yes) do not.
_AFFIRMATIONS = re.compile(
    r"^(uh-huh|uh-hum|mm-hmm|mm-hm|m-hm|m-hmm|mhm|mhmm|um-hum|um-hm|um-hmm|uh-hm|hm-hm|mm-mm|uh-uh|huh-uh|yeah-huh)$",
    re.I,
)


@dataclass(frozen=True)
class FillerHit:
    word: str
    kind: str  # hesitation | filler | hedge
    start: int
    end: int


_ERR_SUBJECTS = frozenset(("to", "i", "we", "they", "you", "might", "may", "would", "will", "not"))


def find_hesitations(text: str, toks: list[Token] | None = None) -> list[FillerHit]:
    toks = tokens(text) if toks is None else toks
    upper_state: list[bool] = []

    def text_is_upper() -> bool:
        # Only needed when an all-caps candidate appears; computed once, lazily.
        if not upper_state:
            letters = sum(1 for c in text if c.isalpha())
            uppers = sum(1 for c in text if c.isupper())
            upper_state.append(letters > 0 and uppers / letters > 0.8)
        return upper_state[0]

    hits: list[FillerHit] = []
    for i, tok in enumerate(toks):
        word = tok.lower
        if "-" in word:
            if _AFFIRMATIONS.match(word):
                continue
            # "um-um", "uh-uh-uh": a stutter of one sound counts once per part
            parts = word.split("-")
            if all(_HESITATION_RE.match(p) for p in parts) and word not in ("uh-uh",):
                hits.extend(FillerHit(p, "hesitation", tok.start, tok.end) for p in parts)
            continue
        if not _HESITATION_RE.match(word):
            continue
        if tok.text.isupper() and len(tok.text) >= 2 and not text_is_upper():
            continue  # ER, HMM, UM, AH: acronyms in mixed-case text
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        prev = toks[i - 1] if i > 0 else None
        gap_after = text[tok.end : nxt.start] if nxt else text[tok.end :]
        # "err on the side of caution", "to err is human": a verb, not a sound
        if (
            word in ("err", "er")
            and nxt is not None
            and not re.search(r"[,.;:!?…—–-]", gap_after)
            and (
                nxt.lower in ("on", "is", "in", "towards", "toward", "and")
                or (prev is not None and prev.lower in _ERR_SUBJECTS)
            )
        ):
            continue
        if word == "mm" and prev is not None and prev.text[-1:].isdigit():
            continue
        hits.append(FillerHit(tok.text, "hesitation", tok.start, tok.end))
    return hits


# --- lexical fillers -----------------------------------------------------------------------------

_PUNCT_BEFORE = re.compile(r"[,;:(—–-]\s*$|^\s*$|[.!?…]\s*$")
_PUNCT_AFTER = re.compile(r"^\s*[,;:)—–-]|^\s*[.!?…]")
_LIKE_VERB_BEFORE = frozenset(
    [
        "i",
        "you",
        "we",
        "they",
        "he",
        "she",
        "it",
        "who",
        "would",
        "'d",
        "d",
        "don't",
        "didn't",
        "doesn't",
        "do",
        "does",
        "did",
        "really",
        "also",
        "would've",
        "to",
        "not",
        "might",
        "may",
        "will",
        "should",
        "could",
        "feel",
        "feels",
        "felt",
        "look",
        "looks",
        "looked",
        "looking",
        "seem",
        "seems",
        "seemed",
        "sound",
        "sounds",
        "sounded",
        "something",
        "anything",
        "nothing",
        "things",
        "stuff",
        "just",
        "more",
        "less",
        "much",
        "most",
        "very",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "being",
        "'s",
        "'re",
        "it's",
        "that's",
        "what's",
        "he's",
        "she's",
        "there's",
        "taste",
        "tastes",
        "smell",
        "smells",
        "act",
        "acts",
        "acted",
        "anyone",
        "everyone",
        "someone",
        "people",
        "who'd",
        "i'd",
        "we'd",
        "you'd",
        "they'd",
    ]
)
_PRONOUN_SUBJECT = frozenset(["i", "we", "they", "he", "she", "you", "it", "there"])
_YOU_KNOW_GUARD_BEFORE = frozenset(
    [
        "do",
        "did",
        "don't",
        "didn't",
        "does",
        "doesn't",
        "if",
        "as",
        "would",
        "will",
        "could",
        "should",
        "might",
        "may",
        "what",
        "whether",
        "whom",
        "who",
        "that",
        "because",
        "since",
        "when",
        "once",
    ]
)
_YOU_KNOW_OBJECT_AFTER = frozenset(
    [
        "the",
        "a",
        "an",
        "that",
        "this",
        "these",
        "those",
        "what",
        "how",
        "why",
        "when",
        "where",
        "who",
        "whether",
        "if",
        "him",
        "her",
        "them",
        "it",
        "me",
        "us",
        "my",
        "our",
        "your",
        "their",
        "his",
        "its",
        "about",
        "of",
        "enough",
        "anything",
        "something",
        "everything",
        "nothing",
        "everyone",
        "someone",
    ]
)
_ALWAYS_FILLERS = ("basically", "literally")
_HEDGES = (
    ("i think", re.compile(r"\bi think\b", re.I)),
    ("i guess", re.compile(r"\bi guess\b", re.I)),
    ("i feel like", re.compile(r"\bi feel like\b", re.I)),
    ("maybe", re.compile(r"\bmaybe\b", re.I)),
    ("probably", re.compile(r"\bprobably\b", re.I)),
    ("perhaps", re.compile(r"\bperhaps\b", re.I)),
    ("i'm not sure", re.compile(r"\bi'?m not (really )?sure\b", re.I)),
    (
        "kind of",
        re.compile(
            r"(?<!\bwhat )(?<!\bthe )(?<!\ba )(?<!\bthis )(?<!\bthat )(?<!\bsame )(?<!\bany )(?<!\bwhich )(?<!\bsome )\bkind of\b",
            re.I,
        ),
    ),
    (
        "sort of",
        re.compile(
            r"(?<!\bwhat )(?<!\bthe )(?<!\ba )(?<!\bthis )(?<!\bthat )(?<!\bsame )(?<!\bany )(?<!\bwhich )(?<!\bsome )\bsort of\b",
            re.I,
        ),
    ),
    ("somewhat", re.compile(r"\bsomewhat\b", re.I)),
    ("hopefully", re.compile(r"\bhopefully\b", re.I)),
    ("i believe", re.compile(r"\bi believe\b", re.I)),
    ("more or less", re.compile(r"\bmore or less\b", re.I)),
)


_HEDGE_KEYS = {name: ("not " if name == "i'm not sure" else name) for name, _ in _HEDGES}


def find_lexical_fillers(
    text: str, toks: list[Token] | None = None, hesitations: list[FillerHit] | None = None
) -> list[FillerHit]:
    toks = tokens(text) if toks is None else toks
    hits: list[FillerHit] = []
    hes_words = {h.start for h in (find_hesitations(text, toks) if hesitations is None else hesitations)}
    for i, tok in enumerate(toks):
        word = tok.lower
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        before = text[prev.end : tok.start] if prev else text[: tok.start]
        after = text[tok.end : nxt.start] if nxt else text[tok.end :]
        if word == "like":
            if _like_is_filler(tok, prev, nxt, before, after, hes_words):
                hits.append(FillerHit(tok.text, "filler", tok.start, tok.end))
        elif word == "you" and nxt is not None and nxt.lower == "know":
            nxt2 = toks[i + 2] if i + 2 < len(toks) else None
            after_know = text[nxt.end : nxt2.start] if nxt2 is not None else text[nxt.end :] + "."
            if _you_know_is_filler(prev, nxt2, before, after_know):
                hits.append(FillerHit("you know", "filler", tok.start, nxt.end))
        elif word in _ALWAYS_FILLERS:
            hits.append(FillerHit(tok.text, "filler", tok.start, tok.end))
        elif word == "mean" and prev is not None and prev.lower == "i":
            # "I mean," as a discourse marker; "I mean the second one" is a clarification, not a filler.
            end_or_punct = _PUNCT_AFTER.match(after if nxt is not None else after + ".")
            if end_or_punct and _PUNCT_BEFORE.search(text[: prev.start]) is not None:
                hits.append(FillerHit("I mean", "filler", prev.start, tok.end))
        elif word == "actually" and _PUNCT_BEFORE.search(before) and re.match(r"^\s*,", after):
            hits.append(FillerHit(tok.text, "filler", tok.start, tok.end))
        elif word == "right" and re.match(r"^\s*\?", after) and re.search(r",\s*$", before):
            hits.append(FillerHit("right?", "filler", tok.start, tok.end))
    return hits


def _like_is_filler(
    tok: Token, prev: Token | None, nxt: Token | None, before: str, after: str, hes_starts: set[int]
) -> bool:
    comma_before = bool(re.search(r",\s*$", before))
    comma_after = bool(re.match(r"^\s*,", after))
    if comma_before and comma_after:
        return True  # "it was, like, a mess"
    if prev is None or re.search(r"[.!?]\s*$", before):
        return comma_after  # "Like, we had..." vs "Like most teams, we..."
    if prev.start in hes_starts:
        return True  # "um like"
    p = prev.lower
    if p in _LIKE_VERB_BEFORE and not comma_before:
        if comma_after and p in ("just", "really", "was", "were", "is", "'s", "it's", "that's", "so"):
            return True  # "we were just like, no way"
        # "I like", "would like", "looks like", "something like", "was like 20" (approximation) ...
        if p in ("is", "was", "were", "are", "'s", "be", "been", "it's", "that's") and nxt is not None:
            # "was like 20 people" is an approximation filler; "was like a maze" is a comparison.
            return bool(
                re.match(
                    r"^\d|^(two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|a hundred|hundred)$",
                    nxt.lower,
                )
            )
        return False
    if p in ("and", "but", "so", "or", "because", "then") and nxt is not None:
        # "and like we had to" (filler) vs "and like many teams" (comparison)
        return nxt.lower in _PRONOUN_SUBJECT or nxt.lower in (
            "um",
            "uh",
            "just",
            "really",
            "totally",
            "super",
            "you",
        )
    return comma_after  # "we were just like, no"


def _you_know_is_filler(prev: Token | None, nxt: Token | None, before: str, after: str) -> bool:
    if prev is not None and prev.lower in _YOU_KNOW_GUARD_BEFORE and not re.search(r",\s*$", before):
        return False  # "do you know", "as you know", "if you know"
    if _PUNCT_AFTER.match(after):
        return True  # "..., you know, ..." or "... you know."
    if nxt is not None and nxt.lower in _YOU_KNOW_OBJECT_AFTER:
        return False  # "you know the system", "you know what I mean"
    return bool(re.search(r"[,;]\s*$", before)) and nxt is not None and nxt.lower in _PRONOUN_SUBJECT


def find_hedges(text: str) -> list[FillerHit]:
    hits: list[FillerHit] = []
    lower = text.lower().replace("’", "'")
    for name, pattern in _HEDGES:
        if _HEDGE_KEYS[name] not in lower:
            continue
        hits.extend(FillerHit(name, "hedge", m.start(), m.end()) for m in pattern.finditer(text))
    return sorted(hits, key=lambda h: h.start)


_LEGIT_DOUBLES = frozenset(
    {"that", "had", "is", "do", "very", "really", "so", "no", "bye", "ha", "go", "knock", "yes"}
)


def immediate_repeats(toks: list[Token], hesitation_starts: set[int]) -> list[tuple[str, int]]:
    """Stutters like "the the" or "I I", ignoring grammatical doubles ("had had", "that that")."""
    words = [t for t in toks if t.start not in hesitation_starts]
    repeats = []
    for a, b in pairwise(words):
        if a.lower == b.lower and a.lower not in _LEGIT_DOUBLES and not a.lower.isdigit():
            repeats.append((b.text, b.start))
    return repeats


def most_repeated(toks: list[Token], *, top: int = 5, minimum: int = 3) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for t in toks:
        if t.lower in STOPWORDS or len(t.lower) < 3 or _HESITATION_RE.match(t.lower) or t.lower.isdigit():
            continue
        s = stem(t.lower)
        counts[s] += 1
        surface.setdefault(s, t.lower)
    return [(surface[s], n) for s, n in counts.most_common(top) if n >= minimum]
