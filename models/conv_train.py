"""The word-order branch of the sentiment model, trained with PyTorch (`train.py --conv N`).

The n-gram bag and the sentence vector (train.py) see which words a message holds, not their
order: "not what I expected at all", "nice staff but my bag is gone". This branch reads the
message's WordPiece rows from the static table (models/faq-embed.tev, the same rows the
sentence vector sums), projects them to a few dimensions, runs one width-3 convolution over
them and keeps each filter's maximum, which joins the hidden layer beside the bag and the
vector. The first `PIECES` known pieces are read (the bag and the vector still see all of a
longer message). Training pads a batch with zero rows and masks them out of the maximum; the
exported graph is given just the message's rows (one zero row when it has none) and computes
the same numbers without a mask.

Measured in session 14 and not shipped (docs/quality-sentiment.md, "A word-order branch"):
the shipped model has no `pieces` input and the Rust loader does not read one; score a file
made with this branch with models/score_cases.py (onnxruntime).

Deterministic on one machine: fixed seeds (`--conv-seed`), two threads, no GPU.
"""

import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import export_onnx
import static_vector
import tokenizer

# Pieces the convolution reads; a longer message's bag and vector still see all of it.
PIECES = static_vector.MAX_PIECES


def piece_rows_index(vectors, text):
    """Row numbers (1-based; 0 = padding) of the first PIECES known pieces of `text`."""
    out = []
    for piece in vectors.pieces(text):
        out.append(vectors.index[piece] + 1)
        if len(out) == PIECES:
            break
    return out + [0] * (PIECES - len(out))


def encode(rows, vectors):
    """The bag ids and weights (train.featurize's CSR arrays), sentence vectors and piece rows."""
    import train  # not at the top: train.py imports this module lazily

    bag = train.featurize(rows)
    return {
        "vectors": torch.tensor(vectors.embed_all([r[0] for r in rows])),
        "ids": torch.tensor(bag.indices, dtype=torch.long),
        "offsets": torch.tensor(bag.indptr, dtype=torch.long),
        "weights": torch.tensor(bag.data, dtype=torch.float32),
        "pieces": torch.tensor([piece_rows_index(vectors, r[0]) for r in rows], dtype=torch.long),
    }


class Model(nn.Module):
    def __init__(self, table, dim, hidden, proj, filters):
        super().__init__()
        self.table = table  # [1 + rows, D], row 0 = padding; not trained
        self.emb = nn.EmbeddingBag(tokenizer.BUCKETS, dim, mode="sum")
        nn.init.normal_(self.emb.weight, std=0.1)
        self.w1 = nn.Linear(dim, hidden)
        self.wv = nn.Linear(table.shape[1], hidden, bias=False)
        self.proj = nn.Linear(table.shape[1], proj, bias=False)
        self.conv = nn.Conv1d(proj, filters, 3, padding=1)
        self.wc = nn.Linear(filters, hidden, bias=False)
        self.w2 = nn.Linear(hidden, 4)

    def forward(self, batch, idx):
        st, en = batch["offsets"][idx], batch["offsets"][idx + 1]
        lens = en - st
        starts = torch.cat([torch.zeros(1, dtype=torch.long), torch.cumsum(lens, 0)[:-1]])
        pos = torch.repeat_interleave(st - starts, lens) + torch.arange(int(lens.sum()))
        bag = self.emb(batch["ids"][pos], starts, per_sample_weights=batch["weights"][pos])
        pieces = batch["pieces"][idx]
        rows = self.table[pieces]  # [B, PIECES, D]
        conv = F.relu(self.conv(self.proj(rows).transpose(1, 2)))
        # Positions after the message's pieces do not count (a message without any counts its
        # one zero row): exactly what the exported graph computes from the rows it is given.
        known = (pieces != 0).sum(1).clamp(min=1)
        conv = (conv * (torch.arange(PIECES)[None, :] < known[:, None]).unsqueeze(1)).amax(2)
        return self.w2(F.relu(self.w1(bag) + self.wv(batch["vectors"][idx]) + self.wc(conv)))


def sentence_table(vectors):
    return torch.tensor(np.vstack([np.zeros((1, vectors.dims), np.float32), vectors.rows]))


def evaluate(model, val):
    """Accuracy and negative recall per validation set, as train.evaluate reports them."""
    out = {}
    model.eval()
    with torch.no_grad():
        for name, (batch, y, two_class) in val.items():
            logits = torch.cat([model(batch, torch.arange(i, min(i + 4096, len(y))))
                                for i in range(0, len(y), 4096)])[:, :3]
            pred = torch.where(logits[:, 0] >= logits[:, 2], 0, 2) if two_class else logits.argmax(1)
            neg = y == 0
            out[name] = {
                "accuracy": round(float((pred == y).float().mean()), 4),
                "negative_recall": round(float((pred[neg] == 0).float().mean()), 4) if bool(neg.any()) else None,
            }
    model.train()
    return out


def params_of(model):
    """The trained weights as train.py's numpy names (row vectors: x @ w)."""
    t = lambda x: x.detach().numpy().astype(np.float32)  # noqa: E731
    return {
        "emb": t(model.emb.weight), "w1": t(model.w1.weight).T, "b1": t(model.w1.bias),
        "wv": t(model.wv.weight).T, "proj": t(model.proj.weight).T,
        "conv_w": t(model.conv.weight), "conv_b": t(model.conv.bias), "wc": t(model.wc.weight).T,
        "w2": t(model.w2.weight).T, "b2": t(model.w2.bias),
    }


def train(rows, targets, frustration, fmask, sample_weights, val_sets, vectors, args, log):
    """Trains on `rows` and returns (params, best epoch, int8 validation) for export_onnx.build."""
    torch.manual_seed(args.conv_seed)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    t0 = time.time()
    data = encode(rows, vectors)
    val = {name: (encode(r, vectors), torch.tensor([x[1] for x in r]), two) for name, (r, two) in val_sets.items()}
    log(f"conv: encoded {len(rows)} rows in {time.time() - t0:.0f}s")
    targets, frustration = torch.tensor(targets), torch.tensor(frustration)
    fmask, sw = torch.tensor(fmask), torch.tensor(sample_weights)
    model = Model(sentence_table(vectors), args.dim, args.hidden, args.conv_proj, args.conv)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    gen = torch.Generator().manual_seed(args.conv_seed)
    best = (-1.0, None, 0)
    n = len(rows)
    for epoch in range(args.epochs):
        for group in opt.param_groups:
            group["lr"] = args.lr * 0.7**epoch
        t0 = time.time()
        order = torch.randperm(n, generator=gen)
        for start in range(0, n, args.batch):
            idx = order[start : start + args.batch]
            logits = model(data, idx)
            w = sw[idx]
            ce = -(targets[idx] * F.log_softmax(logits[:, :3], 1)).sum(1)
            bce = F.binary_cross_entropy_with_logits(logits[:, 3], frustration[idx], reduction="none")
            loss = ((ce + bce * fmask[idx] * args.frustration_weight) * w).sum() / w.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
        scores = evaluate(model, val)
        mean = float(np.mean([s["accuracy"] for k, s in scores.items() if not k.startswith("support")]))
        log(f"epoch {epoch + 1}: {time.time() - t0:.0f}s val {json.dumps(scores)} mean {mean:.4f}")
        if mean > best[0]:
            best = (mean, {k: v.clone() for k, v in model.state_dict().items()}, epoch + 1)
    log(f"best epoch {best[2]} mean human-written val accuracy {best[0]:.4f}")
    model.load_state_dict(best[1])
    params = params_of(model)
    # Score with the int8 table the ONNX file holds.
    with torch.no_grad():
        model.emb.weight.copy_(torch.tensor(export_onnx.dequantized(params)["emb"]))
    return params, best[2], evaluate(model, val)
