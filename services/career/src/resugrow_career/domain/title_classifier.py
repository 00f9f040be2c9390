"""A title classifier learned from every indexed title: the ranker's `clf` features.

The ranker's other features compare a query with one occupation's titles at a time. This model
learns, across all indexed titles at once, which words set occupations apart: "assistant" after
"engineering" points to technicians, not engineers. Each indexed title is one example of its occupation. Its tokens are its stemmed words (`w:`), its
head (`h:`) and its word pairs in order (`b:`), read as the matcher reads a query. A title's
vector is the mean of its tokens' DIM-dimensional vectors, and a softmax over all occupations
reads that vector: fastText's model, small enough to train in numpy at build time.

Training (`train`): tokens seen in fewer than MIN_COUNT titles are dropped (one-off word pairs
only memorise), then EPOCHS passes of mini-batch Adam from a fixed seed. The epochs, the size and
the count were chosen on the tuning parts of the labelled set (the classifier alone, and 5-fold
cross-validation of the ranker; services/career/README.md): more epochs fit the indexed titles
better and held-out titles worse. The vectors are stored as float16: half the blob, and against
float32 the probabilities move by at most 6e-4 and the top-3 of 2,937 of the 2,938 tuning titles
stay the same (measured in session 10).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol

import numpy as np

DIM = 64
EPOCHS = 6
MIN_COUNT = 2
BATCH = 256
RATE = 0.01
L2 = 1e-6
SEED = 0


def tokens(key: Sequence[str], head: str) -> list[str]:
    """The classifier's reading of a title: its words, its head, its word pairs."""
    out = [f"w:{t}" for t in key]
    if head:
        out.append(f"h:{head}")
    out += [f"b:{a}_{b}" for a, b in pairwise(key)]
    return out


def train(
    examples: Sequence[tuple[list[str], int]], n_classes: int, *, store: type = np.float16
) -> tuple[list[str], dict[str, np.ndarray]]:
    """(token list, arrays) for `TitleClassifier`, from (tokens, class) examples; `store` is the
    vectors' stored type (float32 to measure what float16 costs)."""
    counts = Counter(t for toks, _ in examples for t in set(toks))
    vocab = sorted(t for t, n in counts.items() if n >= MIN_COUNT)
    ids = {t: i for i, t in enumerate(vocab)}
    rows = [(np.array([ids[t] for t in toks if t in ids], dtype=np.int64), y) for toks, y in examples]
    rows = [(x, y) for x, y in rows if len(x)]
    xs = [x for x, _ in rows]
    ys = np.array([y for _, y in rows], dtype=np.int64)
    rng = np.random.default_rng(SEED)
    emb = (rng.standard_normal((len(vocab), DIM)) * 0.1).astype(np.float32)
    out = np.zeros((DIM, n_classes), dtype=np.float32)
    bias = np.zeros(n_classes, dtype=np.float32)
    params = [emb, out, bias]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    step = 0
    for _ in range(EPOCHS):
        order = rng.permutation(len(xs))
        for s in range(0, len(order), BATCH):
            batch = order[s : s + BATCH]
            flat, row, scale = _flatten([xs[i] for i in batch])
            h = _mean(emb, flat, row, scale, len(batch))
            p = _softmax(h @ out + bias)
            p[np.arange(len(batch)), ys[batch]] -= 1.0
            p /= len(batch)
            g_h = p @ out.T
            g_emb = np.zeros_like(emb)
            np.add.at(g_emb, flat, g_h[row] * scale[:, None])
            grads = (g_emb, h.T @ p + L2 * out, p.sum(axis=0))
            step += 1
            for param, grad, a, b in zip(params, grads, m1, m2, strict=True):
                a *= 0.9
                a += 0.1 * grad
                b *= 0.999
                b += 0.001 * grad * grad
                param -= RATE * (a / (1 - 0.9**step)) / (np.sqrt(b / (1 - 0.999**step)) + 1e-8)
    arrays: dict[str, np.ndarray] = {
        "clf.emb": emb.astype(store),
        "clf.out": out.astype(store),
        "clf.bias": bias,
    }
    return vocab, arrays


def _flatten(batch: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    lens = np.array([len(x) for x in batch])
    row = np.repeat(np.arange(len(batch)), lens)
    return np.concatenate(batch), row, (1.0 / lens)[row].astype(np.float32)


def _mean(emb: np.ndarray, flat: np.ndarray, row: np.ndarray, scale: np.ndarray, n: int) -> np.ndarray:
    h = np.zeros((n, emb.shape[1]), dtype=np.float32)
    np.add.at(h, row, emb[flat] * scale[:, None])
    return h


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


class TitleClassifier:
    def __init__(self, vocab: list[str], arrays: dict[str, np.ndarray]) -> None:
        """Over `train`'s output, or the same arrays read back flat from the packed blob."""
        self.ids = {t: i for i, t in enumerate(vocab)}
        self.bias = np.asarray(arrays["clf.bias"], dtype=np.float32)
        self.out = np.asarray(arrays["clf.out"], dtype=np.float32).reshape(-1, len(self.bias))
        self.emb = arrays["clf.emb"].reshape(len(vocab), self.out.shape[0])

    def log_probs(self, toks: Sequence[str]) -> np.ndarray:
        """log P(occupation | title) for every occupation (uniform when no token is known)."""
        known = [self.ids[t] for t in toks if t in self.ids]
        if not known:
            return np.full(len(self.bias), -np.log(len(self.bias)))
        h = np.asarray(self.emb[known], dtype=np.float32).mean(axis=0)
        z = (h @ self.out + self.bias).astype(np.float64)
        z -= z.max()
        return np.asarray(z - np.log(np.exp(z).sum()))


class TitleEncoder(Protocol):
    """The fine-tuned sentence encoder (scripts/train_title_encoder.py): log P(o | words) over its
    own list of occupation codes."""

    codes: list[str]

    def log_probs(self, text: str) -> np.ndarray: ...
