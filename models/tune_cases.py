"""Writes the TRAIN/TUNE cases used to choose the blend weight (crates/core/src/sentiment/blend.rs).

    python3 models/tune_cases.py --data ../shared/data --out /tmp/sentiment-tune

Only data the model never trained on AND that is not an evaluation set: GoEmotions dev (Ekman
polarity, as models/datasets.py groups it), SST-2 alps_dev, and the 10 % of Bitext that
models/train.py holds out (same seed and shuffles, so the same rows). Stdlib only.
"""

import argparse
import json
import os
import random

import datasets
import support_text

SEED = 20261123  # models/train.py
NAMES = {0: "negative", 1: "neutral", 2: "positive"}


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for text, label, _ in rows:
            f.write(json.dumps({"text": text, "label": NAMES[label]}, ensure_ascii=False) + "\n")
    print(f"{path}: {len(rows)} cases")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="/tmp/sentiment-tune")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    # Replay train.py's build_sets: the template shuffle comes first on the same generator.
    rng = random.Random(SEED)
    ids = [tid for _, tid, _ in support_text.all_templates()]
    rng.shuffle(ids)
    bitext = datasets.bitext(args.data)
    rng.shuffle(bitext)
    write(os.path.join(args.out, "bitext_heldout.jsonl"), bitext[: len(bitext) // 10])
    write(os.path.join(args.out, "goemotions_dev.jsonl"), datasets.goemotions(args.data, "dev"))
    write(os.path.join(args.out, "sst2_alps_dev.jsonl"), datasets.sst2(args.data, "alps_dev.tsv"))


if __name__ == "__main__":
    main()
