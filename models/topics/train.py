"""Trains the sensitive-topic model (`models/sensitive-topics.bin`) that the escalation policy
reads beside its phrase lists (crates/core/src/escalation/topic_model.rs).

Positives and look-alikes: messages written for the purpose by six helper writers that saw no
code, no evaluation set and no fixture (`models/topics/written.jsonl`, one writer per field
`writer`). Ordinary chat: CLINC150 train + oos_train and the Bitext 20000 utterances (TRAIN /
TUNE sets of ../shared/data), all as `none`, without the CLINC150 intents that are themselves
sensitive (report_fraud, freeze_account, report_lost_card, account_blocked).

The features are dumped by Rust (`cargo run --release -p tandem-core --example topic_features`),
so training reads exactly what the widget computes. The threshold is picked by leaving one writer
out at a time: the lowest one at which the held-out writers' look-alikes and ordinary messages
are named sensitive at most --max-false of the time and held-out ordinary chat at most
--max-chat-false; the shipped model is then trained on every writer.

    python3 models/topics/train.py --data ../shared/data --out models/sensitive-topics.bin \
        --report models/topics/train_report.json --vectors models/topics/vectors.jsonl
"""

import argparse
import csv
import json
import os
import re
import struct
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLASSES = ["none", "fraud", "account", "legal", "safety", "harassment", "distress",
           "bereavement", "hardship"]
SENSITIVE_CLINC = {"report_fraud", "freeze_account", "report_lost_card", "account_blocked"}
SEED = 20261207


def read_written(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            rows.append((r["text"], CLASSES.index(r["topic"]), r["writer"]))
    return rows


# A death in a blind set's "circumstances" message makes it bereavement; the rest is hardship.
DEATH = re.compile(r"died|dies\b|death|passed away|funeral|deceased|bereave|widow|"
                   r"décéd|decede|murió|fallec|gestorben|verstorb|morto|morreu", re.I)
BLIND_TOPICS = {"fraud": "fraud", "account": "account", "legal": "legal", "safety": "safety",
                "harassment": "harassment", "distress": "distress"}


def read_blind_sets(paths):
    """Blind sensitive sets (tests/fixtures/escalation/sensitive_*.jsonl): 240 messages each,
    the first 120 by one writer and the rest by another, as two more writers. Typed personal
    data is left out (the regexes of crates/core/src/escalation/pii find it, not the model)."""
    rows = []
    for path in paths:
        stem = os.path.basename(path).removesuffix(".jsonl")
        with open(path, encoding="utf-8") as f:
            lines = [json.loads(line) for line in f if line.strip()]
        for i, r in enumerate(lines):
            writer = f"{stem}{'ab'[i * 2 // len(lines)]}"
            topic = r["topic"]
            if not r["sensitive"]:
                name = "none"
            elif topic == "circumstances":
                name = "bereavement" if DEATH.search(r["text"]) else "hardship"
            elif topic in BLIND_TOPICS:
                name = BLIND_TOPICS[topic]
            else:
                continue
            rows.append((r["text"], CLASSES.index(name), writer))
    return rows


# Words that may make a written support message sensitive; such messages are left out of the
# `none` rows rather than risk teaching the model that a real fraud report is ordinary.
MAYBE_SENSITIVE = re.compile(
    r"fraud|scam|hack|stole|theft|thief|lawyer|solicitor|court|sue|legal|ombudsman|police|"
    r"injur|hurt|hospital|allerg|fire|smoke|gas|burn|shock|poison|unsafe|danger|harass|threat|"
    r"abus|stalk|racis|died|dead|death|passed away|funeral|suicid|kill|self.harm|hopeless|"
    r"cope|crisis|afford|debt|evict|job|disab|vulnerab|cancer|ill\b|illness|carer|"
    r"password|login|log in|locked|account", re.I)


def read_support(path):
    """The support messages written for the sentiment model (models/written_support.jsonl):
    long, chatty and ordinary, the shape of message the chat data lacks."""
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    return [t for t in texts if not MAYBE_SENSITIVE.search(t)]


def read_chat(data):
    clinc = json.load(open(os.path.join(data, "clinc150", "data_full.json"), encoding="utf-8"))
    texts = [t for t, intent in clinc["train"] if intent not in SENSITIVE_CLINC]
    texts += [t for t, _ in clinc["oos_train"]]
    path = os.path.join(data, "bitext_customer_support", "Bitext_20000_utterances_sample.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        texts += [r["utterance"] for r in csv.DictReader(f)]
    return sorted(set(texts))


def dump_features(texts, binary, table):
    payload = "".join(json.dumps({"text": t}) + "\n" for t in texts)
    out = subprocess.run([binary, table], input=payload, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert len(out) == len(texts)
    rows = [json.loads(line) for line in out]
    dims = len(next(r for r in rows if r is not None))
    known = np.array([r is not None for r in rows])
    x = np.array([r if r is not None else [0.0] * dims for r in rows], dtype=np.float32)
    return x, known


class Mlp:
    def __init__(self, inputs, hidden, classes, rng):
        self.w1 = rng.normal(0, np.sqrt(2 / inputs), (inputs, hidden)).astype(np.float32)
        self.b1 = np.zeros(hidden, np.float32)
        self.w2 = rng.normal(0, np.sqrt(1 / hidden), (hidden, classes)).astype(np.float32)
        self.b2 = np.zeros(classes, np.float32)

    def params(self):
        return [self.w1, self.b1, self.w2, self.b2]

    def forward(self, x):
        h = np.maximum(x @ self.w1 + self.b1, 0)
        logits = h @ self.w2 + self.b2
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return h, p / p.sum(axis=1, keepdims=True)


def train(x, y, w, args, seed):
    rng = np.random.default_rng(seed)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    xs = (x - mean) / std
    model = Mlp(x.shape[1], args.hidden, len(CLASSES), rng)
    params = model.params()
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    step = 0
    onehot = np.eye(len(CLASSES), dtype=np.float32)[y]
    for _epoch in range(args.epochs):
        order = rng.permutation(len(xs))
        for start in range(0, len(order), args.batch):
            idx = order[start:start + args.batch]
            xb, tb, wb = xs[idx], onehot[idx], w[idx]
            if args.dropout:
                xb = xb * (rng.random(xb.shape) >= args.dropout) / (1 - args.dropout)
            h, p = model.forward(xb)
            g = (p - tb) * wb[:, None] / wb.sum()
            gw2 = h.T @ g + args.l2 * model.w2
            gb2 = g.sum(axis=0)
            gh = (g @ model.w2.T) * (h > 0)
            gw1 = xb.T @ gh + args.l2 * model.w1
            gb1 = gh.sum(axis=0)
            step += 1
            for p_, g_, m_, v_ in zip(params, [gw1, gb1, gw2, gb2], m, v):
                m_ *= 0.9
                m_ += 0.1 * g_
                v_ *= 0.999
                v_ += 0.001 * g_ * g_
                p_ -= args.lr * (m_ / (1 - 0.9 ** step)) / (np.sqrt(v_ / (1 - 0.999 ** step)) + 1e-8)
    return fold(model, mean, std)


def fold(model, mean, std):
    """The standardisation folded into the first layer, which is then quantised per hidden unit."""
    w1 = (model.w1 / std[:, None]).T  # hidden × inputs
    b1 = model.b1 - (mean / std) @ model.w1
    scales = np.abs(w1).max(axis=1) / 127
    scales[scales == 0] = 1
    q = np.clip(np.round(w1 / scales[:, None]), -127, 127).astype(np.int8)
    return {"scales": scales.astype(np.float32), "q": q, "b1": b1.astype(np.float32),
            "w2": model.w2.T.astype(np.float32).copy(), "b2": model.b2.astype(np.float32)}


def predict(m, x):
    w1 = m["q"].astype(np.float32) * m["scales"][:, None]
    h = np.maximum(x @ w1.T + m["b1"], 0)
    logits = h @ m["w2"].T + m["b2"]
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


def sensitive_score(p):
    return p[:, 1:].max(axis=1)


def write_model(members, threshold, path):
    hidden, inputs = members[0]["q"].shape
    with open(path, "wb") as f:
        f.write(b"TTM1" + struct.pack("<IIII", inputs, hidden, len(CLASSES), len(members)))
        f.write(struct.pack("<f", threshold))
        for m in members:
            f.write(m["scales"].astype("<f4").tobytes())
            f.write(m["q"].tobytes())
            f.write(m["b1"].astype("<f4").tobytes())
            f.write(m["w2"].astype("<f4").tobytes())
            f.write(m["b2"].astype("<f4").tobytes())


def predict_all(members, x):
    return np.mean([predict(m, x) for m in members], axis=0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    ap.add_argument("--written", default=os.path.join(HERE, "written.jsonl"))
    ap.add_argument("--table", default=os.path.join(ROOT, "models", "faq-embed.tev"))
    ap.add_argument("--features-bin",
                    default=os.path.join(ROOT, "target", "release", "examples", "topic_features"))
    ap.add_argument("--support", default=os.path.join(ROOT, "models", "written_support.jsonl"),
                    help="ordinary support messages as more `none` rows ('' for none)")
    ap.add_argument("--blind-sets", nargs="*", default=[],
                    help="blind sensitive sets to train on as more writers (two per file)")
    ap.add_argument("--ensemble", type=int, default=5)
    ap.add_argument("--support-weight", type=float, default=1.0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--report")
    ap.add_argument("--vectors", help="parity vectors for the Rust test: text and probabilities")
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--chat-weight", type=float, default=2.0,
                    help="total weight of ordinary chat relative to the written look-alikes")
    ap.add_argument("--cv-only", action="store_true", help="report the held-out sweep only")
    ap.add_argument("--max-false", type=float, default=0.03)
    ap.add_argument("--max-chat-false", type=float, default=0.003)
    args = ap.parse_args()

    written = read_written(args.written) + read_blind_sets(args.blind_sets)
    support = read_support(args.support) if args.support else []
    chat = read_chat(args.data)
    texts = [t for t, _, _ in written] + support + chat
    x, known = dump_features(texts, args.features_bin, args.table)
    y = np.array([c for _, c, _ in written] + [0] * (len(support) + len(chat)))
    group = np.array([wr for _, _, wr in written] + ["support"] * len(support) + ["chat"] * len(chat))
    n_written_none = sum(1 for _, c, _ in written if c == 0)
    w = np.ones(len(texts), np.float32)
    w[group == "support"] = args.support_weight
    w[group == "chat"] = args.chat_weight * n_written_none / len(chat)
    w[~known] = 0
    print(f"{len(written)} written ({n_written_none} none), {len(support)} support, "
          f"{len(chat)} ordinary chat", file=sys.stderr)

    # Leave one writer out; support and ordinary chat split at random into as many folds.
    writers = sorted(set(wr for _, _, wr in written))
    rng = np.random.default_rng(SEED)
    fold_of = np.array([writers.index(g) if g in writers else -1 for g in group])
    others = fold_of < 0
    fold_of[others] = rng.integers(0, len(writers), int(others.sum()))
    held = np.zeros((len(texts), len(CLASSES)), np.float32)
    for k, name in enumerate(writers):
        train_rows = fold_of != k
        ms = [train(x[train_rows], y[train_rows], w[train_rows], args, SEED + k + 100 * e)
              for e in range(args.ensemble)]
        held[~train_rows] = np.mean([predict(m, x[~train_rows]) for m in ms], axis=0)
        print(f"fold {name} done", file=sys.stderr)
    score = sensitive_score(held)
    is_written = np.isin(group, writers)
    pos = is_written & (y > 0) & known
    neg = is_written & (y == 0) & known
    chat_rows = (group == "chat") & known
    support_rows = (group == "support") & known
    sweep = []
    for t in np.round(np.arange(0.30, 0.991, 0.01), 2):
        flagged = score >= t
        right = flagged & (held.argmax(axis=1) == y)
        sweep.append({"threshold": float(t), "recall": float(flagged[pos].mean()),
                      "right_topic": float(right[pos].mean()),
                      "false": float(flagged[neg].mean()),
                      "chat_false": float(flagged[chat_rows].mean()),
                      "support_false": float(flagged[support_rows].mean()) if support else 0.0})
    ok = [s for s in sweep if s["false"] <= args.max_false and s["chat_false"] <= args.max_chat_false]
    chosen = ok[0] if ok else sweep[-1]
    print(json.dumps(chosen), file=sys.stderr)
    for cap in (0.02, 0.03, 0.05, 0.08):
        best = max((s["recall"] for s in sweep if s["false"] <= cap), default=0.0)
        print(f"held-out recall with at most {cap:.0%} false: {best:.3f}", file=sys.stderr)
    if args.cv_only:
        return

    final = [train(x, y, w, args, SEED + 100 * e) for e in range(args.ensemble)]
    write_model(final, chosen["threshold"], args.out)
    if args.report:
        per_writer = {}
        for name in writers:
            rows = group == name
            flagged = score >= chosen["threshold"]
            per_writer[name] = {"recall": float(flagged[rows & pos].mean()),
                                "false": float(flagged[rows & neg].mean())}
        per_topic = {c: float((score >= chosen["threshold"])[pos & (y == i)].mean())
                     for i, c in enumerate(CLASSES) if i}
        json.dump({"args": vars(args), "chosen": chosen, "per_writer_held_out": per_writer,
                   "per_topic_held_out": per_topic, "sweep": sweep,
                   "rows": {"written": len(written), "support": len(support), "chat": len(chat)}},
                  open(args.report, "w"), indent=1)
    if args.vectors:
        pick = [i for i in range(0, len(written), max(1, len(written) // 150)) if known[i]]
        pick += [i for i in range(len(written), len(texts), (len(texts) - len(written)) // 50)
                 if known[i]]
        p = predict_all(final, x[pick])
        with open(args.vectors, "w", encoding="utf-8") as f:
            for i, probs in zip(pick, p):
                f.write(json.dumps({"text": texts[i], "probs": [round(float(v), 7) for v in probs]},
                                   ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
