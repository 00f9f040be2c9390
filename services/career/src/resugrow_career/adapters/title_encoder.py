"""The title encoders shipped in data/ (scripts/train_title_encoder.py): `title_encoder` learned
from every title (the service's), `title_encoder_heldout` from every title but the labelled
held-out ones (the quality test's, as its title index leaves them out).

Each is a table of one vector per WordPiece token and one unit vector per occupation: a title's
vector is the mean of its tokens' vectors, and P(o | title) = softmax(scale x cosine). The
pretrained transformer it was distilled from is not needed to read it: numpy and the
`tokenizers` WordPiece tokenizer are. Answers are cached per text (a search box sends the same
titles again and again)."""

from __future__ import annotations

import io
import json
from functools import lru_cache
from importlib import resources

import numpy as np
from tokenizers import Tokenizer

DATA = resources.files("resugrow_career") / "data"
CACHE = 4096


class StaticTitleEncoder:
    def __init__(self, name: str = "title_encoder") -> None:
        meta = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
        self.codes: list[str] = meta["codes"]
        self._scale = float(meta["scale"])
        self._max_tokens = int(meta["max_tokens"])
        self._tokenizer = Tokenizer.from_str(
            (DATA / "title_encoder_tokenizer.json").read_text(encoding="utf-8")
        )
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        with np.load(io.BytesIO((DATA / f"{name}.npz").read_bytes())) as z:
            self._vectors = z["vectors"]  # float16: half the memory, read as float32 per title
            self._head = z["head"]
        self._unk: int = self._tokenizer.token_to_id("[UNK]") or 0
        # per instance, so a test model's encoder and the service's keep apart
        self._cached = lru_cache(maxsize=CACHE)(self._log_probs)

    def cache_clear(self) -> None:
        """Forget every cached answer (the benchmark times the encoder itself this way)."""
        self._cached.cache_clear()

    def log_probs(self, text: str) -> np.ndarray:
        """log P(o | text) over `codes`."""
        return self._cached(text)

    def _log_probs(self, text: str) -> np.ndarray:
        ids = self._tokenizer.encode(text, add_special_tokens=False).ids[: self._max_tokens] or [self._unk]
        v = self._vectors[ids].astype(np.float32).mean(axis=0)
        z = self._scale * (self._head @ (v / max(float(np.linalg.norm(v)), 1e-12)))
        z -= z.max()
        out: np.ndarray = z - np.log(np.exp(z).sum())
        out.setflags(write=False)  # shared by every caller of the cache
        return out
