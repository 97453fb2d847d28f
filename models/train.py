"""Trains Tandem's sentiment + frustration model and writes it as ONNX.

    python models/train.py --data ../shared/data --out models/sentiment.onnx \
        --teacher models/sentiment_teacher/soft_labels.jsonl.gz --vector models/faq-embed.tev

Model: hashed word / bigram / char 3-4-gram features (models/tokenizer.py, mirrored from Rust)
→ weighted mean of an embedding table (int8 when exported), plus with --vector the message's
static MiniLM sentence vector (models/static_vector.py) through its own layer → one ReLU layer
→ 3-way softmax (negative / neutral / positive) + a sigmoid frustration score. With --teacher,
targets mix the TRAIN labels with a fine-tuned MiniLM's soft labels (models/sentiment_teacher). Trained with numpy + scipy
(Adam, fixed seeds, deterministic on one machine); no deep-learning framework needed.

Data: only the TRAIN sets (GoEmotions train, SST-2 alps_train, Bitext 20000 utterances) plus
support-chat text written for the purpose (models/support_text.py). Validation for choosing
epochs: GoEmotions dev, SST-2 alps_dev, 10 % of Bitext and whole held-out support templates.
"""

import argparse
import gzip
import json
import os
import random
import sys
import time

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import datasets  # noqa: E402
import export_onnx  # noqa: E402
import static_vector  # noqa: E402
import support_text  # noqa: E402
import tokenizer  # noqa: E402
from tokenizer import feature_ids, pack  # noqa: E402

SEED = 20261123


def featurize(rows):
    """CSR matrix [rows, BUCKETS] of the packed weights, exactly what the ONNX graph sums."""
    indptr, indices, values = [0], [], []
    for text, *_ in rows:
        ids, w = pack(feature_ids(text))
        keep = w > 0
        # Repeated padding ids are impossible: pack() de-duplicates, padding has weight 0.
        indices.extend(ids[keep].tolist())
        values.extend(w[keep].tolist())
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.array(values, dtype=np.float32), np.array(indices, dtype=np.int64), np.array(indptr)),
        shape=(len(rows), tokenizer.BUCKETS),
    )


def labels(rows):
    y = np.array([r[1] for r in rows], dtype=np.int64)
    f = np.array([0.0 if r[2] is None else r[2] for r in rows], dtype=np.float32)
    fmask = np.array([0.0 if r[2] is None else 1.0 for r in rows], dtype=np.float32)
    return y, f, fmask


def init_params(dim, hidden, rng, vector_dims=0):
    extra = {}
    if vector_dims:
        extra["wv"] = (rng.standard_normal((vector_dims, hidden)) * np.sqrt(1.0 / vector_dims)).astype(np.float32)
    return extra | {
        "emb": (rng.standard_normal((tokenizer.BUCKETS, dim)) * 0.1).astype(np.float32),
        "w1": (rng.standard_normal((dim, hidden)) * np.sqrt(2.0 / dim)).astype(np.float32),
        "b1": np.zeros(hidden, dtype=np.float32),
        "w2": (rng.standard_normal((hidden, 4)) * np.sqrt(1.0 / hidden)).astype(np.float32),
        "b2": np.zeros(4, dtype=np.float32),
    }


def forward(p, x, v=None):
    bag = np.asarray(x @ p["emb"])
    pre = bag @ p["w1"] + p["b1"]
    if "wv" in p:
        pre = pre + v @ p["wv"]
    h = np.maximum(pre, 0)
    logits = h @ p["w2"] + p["b2"]
    z = logits[:, :3] - logits[:, :3].max(axis=1, keepdims=True)
    e = np.exp(z)
    probs = e / e.sum(axis=1, keepdims=True)
    frus = 1.0 / (1.0 + np.exp(-np.clip(logits[:, 3], -30, 30)))
    return bag, pre, h, probs, frus


def predict(p, x, v=None, batch=4096):
    outs = [forward(p, x[i : i + batch], None if v is None else v[i : i + batch])[3:]
            for i in range(0, x.shape[0], batch)]
    return np.concatenate([o[0] for o in outs]), np.concatenate([o[1] for o in outs])


def load_teacher(path):
    """text → [neg, neu, pos, frustration] from models/sentiment_teacher/teacher.py (.jsonl[.gz])."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return {row["text"]: row["p"] for row in map(json.loads, fh)}


def with_teacher(rows, weights, soft, args):
    """Targets [n, 3] and frustration targets mixing the TRAIN labels with the teacher's.

    Rows the teacher labelled learn (1 - w) × their own label + w × the teacher's; the teacher's
    augmented variants (texts not among the rows) are added with its labels alone."""
    targets = np.eye(3, dtype=np.float32)[[r[1] for r in rows]]
    frus = np.array([0.0 if r[2] is None else r[2] for r in rows], dtype=np.float32)
    fmask = np.array([0.0 if r[2] is None else 1.0 for r in rows], dtype=np.float32)
    w = args.teacher_weight
    for i, r in enumerate(rows):
        p = soft.get(r[0])
        if p is not None:
            targets[i] = (1 - w) * targets[i] + w * np.array(p[:3], dtype=np.float32)
            frus[i] = p[3] if fmask[i] == 0 else (1 - w) * frus[i] + w * p[3]
            fmask[i] = 1.0
    known = {r[0] for r in rows}
    extra = [(t, p) for t, p in soft.items() if t not in known]
    rows = rows + [(t, int(np.argmax(p[:3])), p[3]) for t, p in extra]
    weights = weights + [args.augment_weight] * len(extra)
    if extra:
        targets = np.concatenate([targets, np.array([p[:3] for _, p in extra], dtype=np.float32)])
        frus = np.concatenate([frus, np.array([p[3] for _, p in extra], dtype=np.float32)])
        fmask = np.concatenate([fmask, np.ones(len(extra), dtype=np.float32)])
    return rows, weights, targets, frus, fmask


def train(x, vec, targets, f, fmask, sw, args, val, log):
    rng = np.random.default_rng(SEED)
    p = init_params(args.dim, args.hidden, rng, 0 if vec is None else vec.shape[1])
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(v) for k, v in p.items()}
    b1, b2, eps, step = 0.9, 0.999, 1e-8, 0
    best = (-1.0, None, 0)
    n = x.shape[0]
    for epoch in range(args.epochs):
        order = rng.permutation(n)
        lr = args.lr * (0.7**epoch)
        t0 = time.time()
        for start in range(0, n, args.batch):
            idx = order[start : start + args.batch]
            xb = x[idx]
            vb = None
            if vec is not None:
                # Some rows learn without the vector: a page without the table still scores well.
                vb = vec[idx] * (rng.random(len(idx)) >= args.vector_dropout)[:, None].astype(np.float32)
            bag, pre, h, probs, frus = forward(p, xb, vb)
            w = sw[idx][:, None]
            d_logits = np.zeros((len(idx), 4), dtype=np.float32)
            d_logits[:, :3] = (probs - targets[idx]) * w
            d_logits[:, 3] = (frus - f[idx]) * fmask[idx] * sw[idx] * args.frustration_weight
            d_logits /= w.sum()
            grads = {
                "w2": h.T @ d_logits,
                "b2": d_logits.sum(axis=0),
            }
            dh = d_logits @ p["w2"].T * (pre > 0)
            grads["w1"] = bag.T @ dh
            grads["b1"] = dh.sum(axis=0)
            if vb is not None:
                grads["wv"] = vb.T @ dh
            grads["emb"] = np.asarray(xb.T @ (dh @ p["w1"].T)) + args.l2 * p["emb"]
            step += 1
            for k in p:
                m[k] = b1 * m[k] + (1 - b1) * grads[k]
                v[k] = b2 * v[k] + (1 - b2) * grads[k] ** 2
                mh = m[k] / (1 - b1**step)
                vh = v[k] / (1 - b2**step)
                p[k] -= (lr * mh / (np.sqrt(vh) + eps)).astype(np.float32)
        scores = evaluate(p, val)
        # Select on human-written text only: held-out generated text rewards memorising the
        # generator's style, which does not transfer to real visitors.
        mean = float(np.mean([s["accuracy"] for k, s in scores.items() if not k.startswith("support")]))
        log(f"epoch {epoch + 1}: {time.time() - t0:.0f}s val {json.dumps(scores)} mean {mean:.4f}")
        if mean > best[0]:
            best = (mean, {k: a.copy() for k, a in p.items()}, epoch + 1)
    log(f"best epoch {best[2]} mean human-written val accuracy {best[0]:.4f}")
    return best[1], best[2]


def evaluate(p, val):
    out = {}
    for name, (x, v, y, two_class) in val.items():
        probs, _ = predict(p, x, v)
        if two_class:
            pred = np.where(probs[:, 0] >= probs[:, 2], 0, 2)
        else:
            pred = probs.argmax(axis=1)
        neg = y == 0
        out[name] = {
            "accuracy": round(float((pred == y).mean()), 4),
            "negative_recall": round(float((pred[neg] == 0).mean()), 4) if neg.any() else None,
        }
    return out


def build_sets(data, args):
    rng = random.Random(SEED)
    templates = support_text.all_templates()
    ids = [tid for _, tid, _ in templates]
    rng.shuffle(ids)
    held = set(ids[: len(ids) // 5])
    support_train = support_text.generate(set(ids) - held, per_template=120, seed=SEED)
    support_val = support_text.generate(held, per_template=20, seed=SEED + 1)
    sst_dev = datasets.sst2(data, "alps_dev.tsv")
    bitext = datasets.bitext(data)
    rng.shuffle(bitext)
    cut = len(bitext) // 10
    train_sets = {
        "goemotions": (datasets.goemotions(data, "train"), 1.0),
        "sst2": (datasets.sst2(data, "alps_train.tsv"), args.sst2_weight),
        "bitext": (bitext[cut:], args.bitext_weight),
        "support": (support_train, args.support_weight),
        "support_composed": (support_text.composed(args.composed, SEED, held_out=False), args.support_weight),
    }
    val_sets = {
        "goemotions_dev": (datasets.goemotions(data, "dev"), False),
        "sst2_alps_dev": (sst_dev, True),
        # Whole sentences only: GLUE train/dev are mostly phrase fragments, the test is sentences.
        "sst2_alps_dev_sentences": ([r for r in sst_dev if len(r[0].split()) >= 12], True),
        "bitext_heldout": (bitext[:cut], False),
        "support_heldout_templates": (support_val, False),
        "support_composed_heldout": (support_text.composed(3000, SEED + 2, held_out=True), False),
    }
    if args.written:
        written_train, written_held = datasets.written(args.written)
        train_sets["written"] = (written_train, args.written_weight)
        # Written by people (helper writers who saw no evaluation set), not by the generator:
        # it counts as human-written text when the epoch is chosen.
        val_sets["written_heldout"] = (written_held, False)
    return train_sets, val_sets


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="models/sentiment.onnx")
    ap.add_argument("--dim", type=int, default=8)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--l2", type=float, default=0.0)
    ap.add_argument("--frustration-weight", type=float, default=0.5)
    ap.add_argument("--support-weight", type=float, default=2.0)
    ap.add_argument("--bitext-weight", type=float, default=0.3)
    ap.add_argument("--sst2-weight", type=float, default=0.6)
    ap.add_argument("--neutral-weight", type=float, default=0.5, help="loss weight of neutral rows")
    ap.add_argument("--composed", type=int, default=60000, help="compositional support messages")
    ap.add_argument("--teacher", default=None, help="soft_labels.jsonl from models/sentiment_teacher/teacher.py")
    ap.add_argument("--teacher-weight", type=float, default=0.5, help="share of the teacher in a labelled row's target")
    ap.add_argument("--augment-weight", type=float, default=1.0, help="loss weight of the teacher's augmented texts")
    ap.add_argument("--vector", default=None,
                    help="a .tev table (models/faq-embed.tev): the model also reads the message's static sentence vector")
    ap.add_argument("--vector-dropout", type=float, default=0.0, help="share of rows trained without the vector")
    ap.add_argument("--written", default=None,
                    help="support messages written for training (models/written_support.jsonl); 1 in 5 held out")
    ap.add_argument("--written-weight", type=float, default=2.0, help="loss weight of the written messages")
    ap.add_argument("--report", default=None, help="write validation metrics as JSON here")
    ap.add_argument("--buckets", type=int, default=tokenizer.BUCKETS,
                    help="experiments only: Rust refuses a model whose table differs from its BUCKETS")
    args = ap.parse_args()
    tokenizer.BUCKETS = args.buckets
    random.seed(SEED)
    np.random.seed(SEED)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    train_sets, val_sets = build_sets(args.data, args)
    rows, weights = [], []
    for name, (r, wt) in train_sets.items():
        log(f"train {name}: {len(r)} rows, weight {wt}")
        rows.extend(r)
        weights.extend([wt] * len(r))
    if args.teacher:
        soft = load_teacher(args.teacher)
        rows, weights, targets, f, fmask = with_teacher(rows, weights, soft, args)
        log(f"teacher: {len(soft)} soft labels, {len(rows)} rows with its augmented texts")
    else:
        y, f, fmask = labels(rows)
        targets = np.eye(3, dtype=np.float32)[y]
    y = np.array([r[1] for r in rows], dtype=np.int64)
    t0 = time.time()
    x = featurize(rows)
    vectors = static_vector.StaticVectors(args.vector) if args.vector else None
    vec = vectors.embed_all([r[0] for r in rows]) if vectors else None
    sw = np.array(weights, dtype=np.float32) * np.where(y == 1, args.neutral_weight, 1.0).astype(np.float32)
    val = {}
    for name, (r, two_class) in val_sets.items():
        vy, _, _ = labels(r)
        val[name] = (featurize(r), vectors.embed_all([t[0] for t in r]) if vectors else None, vy, two_class)
    log(f"featurised {x.shape[0]} rows in {time.time() - t0:.0f}s, {x.nnz / x.shape[0]:.0f} ids/row")

    params, epochs = train(x, vec, targets, f, fmask, sw, args, val, log)
    quant = export_onnx.dequantized(params)
    final = evaluate(quant, val)
    log(f"int8 table: val {json.dumps(final)}")
    export_onnx.build(params, args.out)
    log(f"wrote {args.out} ({os.path.getsize(args.out)} bytes)")
    if args.report:
        with open(args.report, "w") as fh:
            json.dump({"args": vars(args), "best_epoch": epochs, "validation_int8": final}, fh, indent=2)


if __name__ == "__main__":
    main()
