"""The title classifier behind the ranker's `clf` features: what it learns, and that it ships."""

from __future__ import annotations

import numpy as np

from resugrow_career.domain.catalog import Catalog
from resugrow_career.domain.title_classifier import TitleClassifier, tokens, train
from resugrow_career.domain.title_data import TitleData, pack, unpack


def _examples() -> list[tuple[list[str], int]]:
    """Two occupations told apart by a modifier both share a head with: "assistant" marks the
    technicians (class 1) whatever field word comes before it."""
    fields = ["civil", "electric", "mechan", "chemic", "environment", "survey"]
    out = []
    for f in fields:
        out.append((tokens((f, "engin"), "engin"), 0))
        out.append((tokens((f, "engin", "assist"), "assist"), 1))
        out.append((tokens((f, "technician"), "technician"), 1))
    return out * 4


def test_it_learns_what_a_word_means_across_titles() -> None:
    vocab, arrays = train(_examples(), 2)
    clf = TitleClassifier(vocab, arrays)
    # "nuclear" was never seen: the shared words decide, and "assistant" turns the answer
    assert np.argmax(clf.log_probs(tokens(("nuclear", "engin"), "engin"))) == 0
    assert np.argmax(clf.log_probs(tokens(("nuclear", "engin", "assist"), "assist"))) == 1
    lp = clf.log_probs(tokens(("civil", "engin"), "engin"))
    assert abs(float(np.exp(lp).sum()) - 1.0) < 1e-9


def test_unknown_words_give_no_opinion_and_training_is_reproducible() -> None:
    vocab, arrays = train(_examples(), 2)
    clf = TitleClassifier(vocab, arrays)
    assert np.allclose(clf.log_probs(["w:astronaut"]), np.log(0.5))
    again = train(_examples(), 2)
    assert again[0] == vocab and all(np.array_equal(arrays[k], again[1][k]) for k in arrays)


def test_it_survives_packing_as_the_service_reads_it() -> None:
    vocab, arrays = train(_examples(), 2)
    blob = pack(TitleData({"clf.tokens": vocab}, arrays))
    read = unpack(bytearray(blob))
    q = tokens(("survey", "engin", "assist"), "assist")
    assert np.allclose(
        TitleClassifier(read.strings["clf.tokens"], read.arrays).log_probs(q),
        TitleClassifier(vocab, arrays).log_probs(q),
    )


def test_the_shipped_model_carries_its_classifier(catalog: Catalog) -> None:
    clf = catalog.index.classifier
    assert clf is not None and len(clf.ids) > 10_000
    q = catalog.index.query("Environmental Engineering Assistant")
    best = catalog.index.codes[int(np.argmax(clf.log_probs(tokens(q.key, q.head))))]
    assert best.startswith("17-30")  # engineering technicians, not engineers (17-2xxx)
