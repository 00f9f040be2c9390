"""Delivery analysis: lexical filler guards, hedges, repetition, timing validation."""

from __future__ import annotations

import pytest

from resugrow_interview.domain.delivery import (
    TimingError,
    find_hedges,
    find_lexical_fillers,
    immediate_repeats,
    validate_timings,
)
from resugrow_interview.domain.text import tokens


@pytest.mark.parametrize(
    "text, fillers",
    [
        ("I like Python and would like to learn Go.", []),
        ("It looks like a bug, and it felt like a maze.", []),
        ("You know the system better than I do.", []),
        ("Do you know how it works? As you know, it changed.", []),
        ("Things like caching helped, just like we planned.", []),
        ("Like most teams, we struggled.", []),
        ("it was like a maze", []),
        ("I mean the second option.", []),
        ("It was, like, a mess.", ["like"]),
        ("and like we had to redo it", ["like"]),
        ("um like the cache was cold", ["like"]),
        ("it was like 20 people", ["like"]),
        ("We were just like, no way.", ["like"]),
        ("We shipped it, you know, on time.", ["you know"]),
        ("We shipped it on time, you know.", ["you know"]),
        ("I mean, it worked.", ["I mean"]),
        ("So basically we literally rewrote it.", ["basically", "literally"]),
    ],
)
def test_lexical_fillers_count_only_meaningless_uses(text: str, fillers: list[str]) -> None:
    assert [h.word for h in find_lexical_fillers(text)] == fillers


def test_hedges_ignore_noun_uses_of_kind_of() -> None:
    assert [h.word for h in find_hedges("What kind of database? It was kind of slow, I think.")] == [
        "kind of",
        "i think",
    ]


def test_immediate_repeats_skip_grammatical_doubles() -> None:
    text = "I I think the the cache had had a problem that that we saw"
    assert [w for w, _ in immediate_repeats(tokens(text), set())] == ["I", "the"]


@pytest.mark.parametrize(
    "raw, message",
    [
        ("words", "must be a list"),
        ([], "must not be empty"),
        ([{"word": "a", "start": 1.0, "end": 0.5}], "end must not be before start"),
        ([{"word": "a", "start": -1, "end": 0.5}], "between 0"),
        ([{"word": "a", "start": float("nan"), "end": 0.5}], "finite"),
        ([{"word": "a", "start": True, "end": 0.5}], "finite"),
        ([{"word": "", "start": 0, "end": 0.5}], "non-empty"),
        ([{"word": "a", "start": 2, "end": 3}, {"word": "b", "start": 1, "end": 2}], "time order"),
        (["a"], "object"),
    ],
)
def test_malformed_timings_are_rejected(raw: object, message: str) -> None:
    with pytest.raises(TimingError, match=message):
        validate_timings(raw)
