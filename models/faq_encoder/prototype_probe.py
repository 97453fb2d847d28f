"""Probe behind the matcher's learned prototypes (crates/core/src/faq/matcher/prototypes.rs):
on CLINC150, TRAIN phrasings as the FAQ and VAL questions as the visitors, how the top-1 of the
semantic channel's score (best phrasing + centroid) changes when the centroid is replaced by a
prototype learned by softmax regression, at k phrasings per intent.

    python3 models/faq_encoder/prototype_probe.py --data ../shared/data [--encoder models/faq-encoder.tenc]

Needs models/requirements.txt (torch). Reads no test split.
"""

import argparse
import json
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import encoder_vector  # noqa: E402


def learn(x, y, k, candidates, temperature=10.0, l2=1e-4, epochs=20, lr=1e-2):
    """Centroids, and prototypes trained against each phrasing's `candidates` nearest entries."""
    c = torch.nn.functional.normalize(torch.zeros(k, x.shape[1]).index_add_(0, y, x), dim=1)
    sims = x @ c.T
    sims[torch.arange(len(y)), y] = 9  # own entry first
    cand = sims.topk(min(candidates, k), 1).indices
    w = c.clone().requires_grad_(True)
    b = torch.zeros(k, requires_grad=True)
    opt = torch.optim.Adam([w, b], lr)
    own = torch.zeros(len(y), dtype=torch.long)
    for _ in range(epochs):
        logits = temperature * (x[:, None, :] * w[cand]).sum(-1) + b[cand]
        loss = torch.nn.functional.cross_entropy(logits, own) + l2 * (w**2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return c, torch.nn.functional.normalize(w.detach(), dim=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--encoder", default=encoder_vector.DEFAULT_TENC)
    args = ap.parse_args()
    torch.manual_seed(0)
    enc = encoder_vector.EncoderVectors(args.encoder)
    d = json.load(open(os.path.join(args.data, "clinc150", "data_full.json")))
    train, val = d["train"], d["val"]
    intents = sorted({label for _, label in train})
    index = {label: i for i, label in enumerate(intents)}
    x_all = torch.tensor(enc.embed_all([s for s, _ in train]))
    x_val = torch.tensor(enc.embed_all([s for s, _ in val]))
    y_all = torch.tensor([index[label] for _, label in train])
    y_val = torch.tensor([index[label] for _, label in val])
    k = len(intents)
    for shots in (3, 10, 0):
        take = (torch.cat([torch.nonzero(y_all == c).flatten()[:shots] for c in range(k)])
                if shots else torch.arange(len(y_all)))
        x, y = x_all[take], y_all[take]
        best = torch.full((len(val), k), -9.0).scatter_reduce(
            1, y.expand(len(val), -1), x_val @ x.T, reduce="amax")
        top1 = lambda s: (s.argmax(1) == y_val).float().mean().item()  # noqa: E731
        for candidates in (8, 16, 32):
            start = time.time()
            c, p = learn(x, y, k, candidates)
            print(f"{shots or 'all'} phrasings/intent, {candidates} candidates: "
                  f"best+centroid {top1(best + (x_val @ c.T).clamp(min=0)):.4f}  "
                  f"best+prototype {top1(best + (x_val @ p.T).clamp(min=0)):.4f}  "
                  f"({time.time() - start:.1f} s)", flush=True)


if __name__ == "__main__":
    main()
