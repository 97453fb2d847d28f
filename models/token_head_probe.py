"""Probe: does a head over the FAQ encoder's per-piece outputs read sentiment better than its
mean-pooled sentence vector (the sentiment model's `encoded` input)?

Trains three heads on the frozen encoder's last-layer outputs for SST-2 `alps_train` (TRAIN)
and scores them on `alps_dev` (TRAIN; shares phrases with alps_train), its whole sentences
(>= 12 words), and GoEmotions dev positive vs negative (TRAIN; another domain, the transfer
check). Four epochs each, fixed seeds.

    python3 models/token_head_probe.py --data ../shared/data

Needs models/requirements.txt (torch); about 10 minutes on 2 cores. Reads no EVALUATION set.
"""

import argparse
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import datasets  # noqa: E402
import encoder_vector  # noqa: E402

F = torch.nn.functional


@torch.no_grad()
def piece_outputs(enc, texts, batch=256):
    """Per text, the encoder's last-layer outputs over [CLS], its pieces and [SEP] (fp16)."""
    seqs = [enc.ids(t) or [enc.cls, enc.sep] for t in texts]
    out = [None] * len(texts)
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    for start in range(0, len(order), batch):
        idx = order[start: start + batch]
        ss = [seqs[i] for i in idx]
        x, _ = enc.last_layer(ss)
        for j, i in enumerate(idx):
            out[i] = x[j, : len(ss[j])].half().clone()
    return out


def pad(xs):
    n = max(len(x) for x in xs)
    X, M = torch.zeros(len(xs), n, xs[0].shape[1]), torch.zeros(len(xs), n)
    for i, x in enumerate(xs):
        X[i, : len(x)], M[i, : len(x)] = x.float(), 1
    return X, M


def mean_vector(X, M):
    return F.normalize((X * M[..., None]).sum(1) / M.sum(1, keepdim=True), dim=1) * 8


class Mean(torch.nn.Module):
    """What the sentiment model reads today: the unit mean, linearly."""

    def __init__(self, d=384):
        super().__init__()
        self.out = torch.nn.Linear(d, 2)

    def forward(self, X, M):
        return self.out(mean_vector(X, M))


class MeanMax(torch.nn.Module):
    """The mean and the max over pieces, through a small hidden layer."""

    def __init__(self, d=384, hidden=64):
        super().__init__()
        self.out = torch.nn.Sequential(torch.nn.Linear(2 * d, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 2))

    def forward(self, X, M):
        return self.out(torch.cat([mean_vector(X, M), (X + (M[..., None] - 1) * 1e9).max(1).values], 1))


class Attention(torch.nn.Module):
    """Attention pooling and max pooling of projected pieces, beside the mean."""

    def __init__(self, d=384, width=64):
        super().__init__()
        self.proj, self.score = torch.nn.Linear(d, width), torch.nn.Linear(d, 1)
        self.out = torch.nn.Linear(2 * width + d, 2)

    def forward(self, X, M):
        h = torch.tanh(self.proj(X))
        w = (self.score(X).squeeze(-1) + (M - 1) * 1e9).softmax(-1)[..., None]
        mx = (h + (M[..., None] - 1) * 1e9).max(1).values
        return self.out(torch.cat([(h * w).sum(1), mx, mean_vector(X, M)], 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--epochs", type=int, default=4)
    args = ap.parse_args()
    enc = encoder_vector.EncoderVectors()
    train = datasets.sst2(args.data, "alps_train.tsv")
    dev = datasets.sst2(args.data, "alps_dev.tsv")
    go = [r for r in datasets.goemotions(args.data, "dev") if r[1] != 1]
    x_train, x_dev, x_go = (piece_outputs(enc, [r[0] for r in rows]) for rows in (train, dev, go))
    y_train, y_dev, y_go = (torch.tensor([r[1] // 2 for r in rows]) for rows in (train, dev, go))
    sentences = torch.tensor([len(r[0].split()) >= 12 for r in dev])
    for make in (Mean, MeanMax, Attention):
        torch.manual_seed(0)
        rng = np.random.default_rng(0)
        model = make()
        opt = torch.optim.Adam(model.parameters(), 2e-3)
        for epoch in range(args.epochs):
            model.train()
            order = rng.permutation(len(x_train))
            for start in range(0, len(order), 128):
                idx = order[start: start + 128]
                X, M = pad([x_train[i] for i in idx])
                loss = F.cross_entropy(model(X, M), y_train[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
            model.eval()
            with torch.no_grad():
                right = model(*pad(x_dev)).argmax(1) == y_dev
                go_acc = (model(*pad(x_go)).argmax(1) == y_go).float().mean().item()
            print(f"{make.__name__} epoch {epoch + 1}: alps_dev {right.float().mean().item():.4f}  "
                  f"its sentences {right[sentences].float().mean().item():.4f}  "
                  f"GoEmotions dev pos/neg {go_acc:.4f}", flush=True)


if __name__ == "__main__":
    main()
