"""Scores cases files with onnxruntime (a cross-check of `tandem eval sentiment`, same metrics).

    python models/score_cases.py --model models/sentiment.onnx /tmp/sentiment-cases/*.jsonl
"""

import argparse
import json
import os
import sys

import numpy as np
import onnxruntime as ort

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import static_vector  # noqa: E402
from tokenizer import feature_ids, pack  # noqa: E402

LABELS = ["negative", "neutral", "positive"]


def metrics(gold, pred, classes):
    gold, pred = np.array(gold), np.array(pred)
    recalls, f1s = [], []
    for c in classes:
        tp = np.sum((pred == c) & (gold == c))
        rec = tp / max(1, np.sum(gold == c))
        prec = tp / max(1, np.sum(pred == c))
        recalls.append(rec)
        f1s.append(0 if rec + prec == 0 else 2 * rec * prec / (rec + prec))
    neg_prec = np.sum((pred == 0) & (gold == 0)) / max(1, np.sum(pred == 0))
    return {
        "cases": int(len(gold)),
        "accuracy": round(float(np.mean(gold == pred)), 4),
        "macro_f1": round(float(np.mean(f1s)), 4),
        "macro_recall": round(float(np.mean(recalls)), 4),
        "negative_recall": round(float(recalls[0]), 4),
        "negative_precision": round(float(neg_prec), 4),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="models/sentiment.onnx")
    ap.add_argument("--binary", action="store_true", help="negative vs positive only (SST-2)")
    ap.add_argument("--no-encoder", action="store_true",
                    help="score a model that reads the FAQ encoder's vector with zeros there")
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()
    sess = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    for path in args.cases:
        gold, pred = [], []
        with open(path, encoding="utf-8") as f:
            for line in f:
                case = json.loads(line)
                ids, w = pack(feature_ids(case["text"]))
                s = sess.run(["scores"], static_vector.onnx_feeds(sess, case["text"], ids, w, not args.no_encoder))[0][0]
                gold.append(LABELS.index(case["label"]))
                pred.append(int(np.argmax(s[:3])) if not args.binary else (0 if s[0] >= s[2] else 2))
        classes = sorted(set(gold))
        print(os.path.basename(path), json.dumps(metrics(gold, pred, classes)))


if __name__ == "__main__":
    main()
