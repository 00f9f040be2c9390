"""The title encoders shipped in data/ (scripts/train_title_encoder.py), read with numpy and `tokenizers`."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from resugrow_career.adapters.data_files import load_title_encoder
from resugrow_career.domain.catalog import Catalog

DATA = resources.files("resugrow_career") / "data"


@pytest.mark.parametrize("held_out", [False, True])
def test_an_encoder_reads_every_occupation_as_a_distribution(catalog: Catalog, held_out: bool) -> None:
    encoder = load_title_encoder(held_out=held_out)
    assert encoder.codes == list(catalog.index.codes)
    lp = encoder.log_probs("registered nurse")
    assert lp.shape == (len(encoder.codes),)
    assert abs(float(np.exp(lp.astype(np.float64)).sum()) - 1) < 1e-3
    # the same text answers the same, cached or read again
    again = load_title_encoder(held_out=held_out).log_probs("registered nurse")
    assert again is lp
    encoder.cache_clear()
    assert np.array_equal(encoder.log_probs("registered nurse"), lp)


def test_the_quality_test_reads_the_encoder_that_never_saw_a_held_out_title() -> None:
    meta = {
        n: json.loads((DATA / f"{n}.json").read_text()) for n in ("title_encoder", "title_encoder_heldout")
    }
    assert meta["title_encoder_heldout"]["held_out_left_out"] is True
    assert meta["title_encoder"]["held_out_left_out"] is False
    assert meta["title_encoder"]["examples"] > meta["title_encoder_heldout"]["examples"]
