"""Train a small contextual student on top of the static table (an experiment, CLINC150 val only).

The static table (`models/faq-embed.tev`) sums word-piece rows, so it cannot read word order or
negation; the MiniLM teacher can, and is worth +3 to +9 points top-1 on CLINC150 val
(docs/quality-faq.md). This script asks whether a student small enough for the browser worker
closes part of that gap: the shipped table as its token embedding (so it starts exactly where the
static channel is), a few pre-LayerNorm transformer layers of the table's width on top, the
sentence vector = the sum of the residual stream over the pieces (the static vector at step 0).

Trained on every TRAIN text (the same 125,558 as distill.py / refine.py) to match the teacher's
sentence vectors: in-batch relational KL + MSE (as refine.py) plus a cosine loss through an
auxiliary 128 -> 384 head that is dropped after training. Scored after every epoch on CLINC150
val with the matcher's semantic rule (0.5 best-phrasing + 0.5 centroid cosine) at 5, 10 and all
phrasings per intent; never on test.

/tmp/tvenv/bin/python models/faq_embed/contextual.py --data ../shared/data \
    --init models/faq-embed.tev --teacher /tmp/faq-refine/teacher_train.npy --work /tmp/faq-ctx
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from distill import SEED, Student, log, train_texts  # noqa: E402
from truncated_teacher import clinc_labels, semantic_scores, top1_row  # noqa: E402

MAX_PIECES = 48


class ContextualStudent(nn.Module):
    def __init__(self, table, layers, heads, ffn, dropout):
        super().__init__()
        width = table.shape[1]
        self.pieces = nn.Embedding.from_pretrained(torch.from_numpy(table.copy()), freeze=False)
        self.positions = nn.Embedding(MAX_PIECES, width)
        nn.init.zeros_(self.positions.weight)
        self.layers = nn.ModuleList(
            nn.TransformerEncoderLayer(width, heads, ffn, dropout, activation="gelu", batch_first=True, norm_first=True)
            for _ in range(layers)
        )
        # Zero output projections: every layer starts as the identity, so the student starts
        # exactly at the static table's vectors and training can only move away from them.
        for layer in self.layers:
            for proj in (layer.self_attn.out_proj, layer.linear2):
                nn.init.zeros_(proj.weight)
                nn.init.zeros_(proj.bias)
        self.head = nn.Linear(width, 384)

    def forward(self, ids, mask):
        x = self.pieces(ids) + self.positions(torch.arange(ids.shape[1]))[None]
        for layer in self.layers:
            x = layer(x, src_key_padding_mask=~mask)
        pooled = (x * mask[:, :, None]).sum(1)
        return nn.functional.normalize(pooled, dim=1), nn.functional.normalize(self.head(pooled), dim=1)


def batch_tensors(seqs):
    width = max(1, max(len(s) for s in seqs))
    ids = torch.zeros((len(seqs), width), dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.bool)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s, dtype=torch.long)
        mask[i, : len(s)] = True
    return ids, mask


def encode(model, seqs, batch=512):
    model.eval()
    vecs = np.zeros((len(seqs), model.pieces.weight.shape[1]), np.float32)
    with torch.no_grad():
        # Similar lengths together, so little padding per batch.
        order = np.argsort([len(s) for s in seqs])
        for i in range(0, len(order), batch):
            idx = order[i : i + batch]
            ids, mask = batch_tensors([seqs[j] or [0] for j in idx])
            v, _ = model(ids, mask)
            vecs[idx] = v.numpy()
    model.train()
    return vecs


def relational(u, t, tau):
    s, r = u @ u.T, t @ t.T
    eye = torch.eye(len(s), dtype=torch.bool)
    kl = nn.functional.kl_div(
        torch.log_softmax(s.masked_fill(eye, -1e4) / tau, 1),
        torch.log_softmax(r.masked_fill(eye, -1e4) / tau, 1),
        log_target=True,
        reduction="batchmean",
    )
    return kl + ((s - r) ** 2).mean() * 10.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--init", default="models/faq-embed.tev")
    ap.add_argument("--teacher", required=True, help="teacher sentence vectors of train_texts() (refine.py writes them)")
    ap.add_argument("--work", default="/tmp/faq-ctx")
    ap.add_argument("--name", default="ctx")
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--ffn", type=int, default=512)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--table-lr", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--tau", type=float, default=0.05)
    ap.add_argument("--aux", type=float, default=1.0, help="weight of the cosine loss through the 384-d head")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)

    static = Student.from_tev(args.init)
    texts = train_texts(args.data)
    teacher = np.load(args.teacher)
    assert len(teacher) == len(texts), "teacher vectors do not match train_texts()"
    seqs = [static.ids(t)[:MAX_PIECES] for t in texts]
    keep = np.array([i for i, s in enumerate(seqs) if s])
    teacher = torch.from_numpy(teacher)

    train, val, intents, y_train, y_val = clinc_labels(args.data)
    s_train = [static.ids(t)[:MAX_PIECES] for t, _ in train]
    s_val = [static.ids(t)[:MAX_PIECES] for t, _ in val]

    model = ContextualStudent(static.emb, args.layers, args.heads, args.ffn, args.dropout)

    def score(epoch, extra):
        row = top1_row(semantic_scores, encode(model, s_train), y_train, encode(model, s_val), y_val, len(intents))
        history.append({"epoch": epoch, **extra, **row})
        log(json.dumps(history[-1]))
        return row

    history = []
    score(0, {})
    table_params = [model.pieces.weight]
    other = [p for n, p in model.named_parameters() if n != "pieces.weight"]
    opt = torch.optim.AdamW([{"params": table_params, "lr": args.table_lr, "weight_decay": 0.0},
                             {"params": other, "lr": args.lr, "weight_decay": 0.01}])
    steps = args.epochs * ((len(keep) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=[args.table_lr, args.lr], total_steps=steps, pct_start=0.05)
    rng = np.random.default_rng(SEED)
    best = (-1.0, None)
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        order = rng.permutation(keep)
        total = 0.0
        for i in range(0, len(order), args.batch):
            idx = order[i : i + args.batch]
            ids, mask = batch_tensors([seqs[j] for j in idx])
            u, h = model(ids, mask)
            t = teacher[idx]
            loss = relational(u, t, args.tau) + args.aux * (1.0 - (h * t).sum(1)).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss) * len(idx)
        row = score(epoch, {"loss": total / len(keep), "seconds": round(time.time() - started)})
        mean = (row["top1_5shot"] + row["top1_10shot"] + row["top1_full"]) / 3
        if mean > best[0]:
            best = (mean, {k: v.clone() for k, v in model.state_dict().items()})
            torch.save(best[1], os.path.join(args.work, args.name + ".pt"))
    json.dump({"args": vars(args), "history": history}, open(os.path.join(args.work, args.name + ".json"), "w"), indent=1)
    log("best mean top-1", best[0])


if __name__ == "__main__":
    main()
