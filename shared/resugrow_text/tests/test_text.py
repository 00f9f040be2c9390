from __future__ import annotations

from resugrow_text import (
    BY_INTENT,
    STOPWORDS,
    buzzwords_and_filler,
    form_of,
    lookup,
    numbers_in,
    pronouns,
    split_sentences,
    stem,
    stronger,
    tokenize,
    weak_opener,
)


def test_tokens_keep_offsets_numbers_and_hyphenated_words() -> None:
    toks = tokenize("Cut p95 latency 35% on a real-time API")
    assert [t.text for t in toks] == ["Cut", "p95", "latency", "35%", "on", "a", "real-time", "API"]
    assert all("Cut p95 latency 35% on a real-time API"[t.start : t.end] == t.text for t in toks)


def test_every_verb_form_maps_back_to_its_verb() -> None:
    assert lookup("Led").base == "lead"
    assert lookup("leading").base == "lead"
    assert form_of("built") == "past"
    assert form_of("cut") == "base"  # one spelling for both tenses: read as the base form
    assert lookup("banana") is None


def test_stronger_verbs_keep_the_intent_and_skip_weak_ones() -> None:
    helped = lookup("helped")
    assert helped is not None and helped.weak
    led = lookup("led")
    assert led is not None
    options = stronger(led, exclude=frozenset({"direct"}))
    assert [v.base for v in options] == ["lead", "head", "manage"]
    assert all(v.intent == "lead" and not v.weak for v in options)
    assert set(BY_INTENT) >= {"lead", "build", "improve", "reduce", "grow"}


def test_weak_openers_buzzwords_and_pronouns_are_found_with_spans() -> None:
    opener = weak_opener("Responsible for managing payroll")
    assert opener is not None and opener.text == "Responsible for"
    assert weak_opener("Led payroll for 300 staff") is None
    found = buzzwords_and_filler("Successfully built a robust, cutting-edge API in order to scale")
    assert [m.text for m in found] == ["Successfully", "robust", "cutting-edge", "in order to"]
    assert found[-1].phrase is not None and found[-1].phrase.replacement == "to"
    assert [m.text for m in pronouns("I led my team in the US")] == ["I", "my"]


def test_numbers_skip_bare_years_and_keep_number_words() -> None:
    assert [n[2] for n in numbers_in("Grew revenue 40% in 2023 to $2M with three reps")] == [
        "40%",
        "$2M",
        "three",
    ]


def test_stems_and_stopwords_and_sentences() -> None:
    assert stem("migration") == stem("migrations")
    assert "the" in STOPWORDS and "python" not in STOPWORDS
    assert [s for _, s in split_sentences("Led a team, e.g. five people. Cut costs 2.5%.")] == [
        "Led a team, e.g. five people.",
        "Cut costs 2.5%.",
    ]
