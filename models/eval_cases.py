"""Converts the EVALUATION ONLY sentiment sets into `tandem eval sentiment` cases files.

    python models/eval_cases.py --data ../shared/data --out /tmp/sentiment-cases

writes sst2_dev.jsonl (GLUE SST-2 dev = sst2/alps_test.tsv), airline.jsonl (Twitter US airline,
3 classes, duplicate texts dropped) and tweeteval_test.jsonl; each line
{"text": ..., "label": "negative" | "neutral" | "positive"}. Reads only the standard library.
Nothing here is used for training or tuning.
"""

import argparse
import csv
import json
import os

NAMES = {0: "negative", 1: "neutral", 2: "positive"}


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for text, label in rows:
            f.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    print(f"{path}: {len(rows)} cases")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="/tmp/sentiment-cases")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    sst = []
    with open(os.path.join(args.data, "sst2", "alps_test.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            text, label = line.rstrip("\n").rsplit("\t", 1)
            sst.append((text, "positive" if label == "1" else "negative"))
    write(os.path.join(args.out, "sst2_dev.jsonl"), sst)

    seen, airline = set(), []
    path = os.path.join(args.data, "twitter_us_airline_sentiment", "Tweets.csv")
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["text"] in seen:
                continue
            seen.add(r["text"])
            airline.append((r["text"], r["airline_sentiment"]))
    write(os.path.join(args.out, "airline.jsonl"), airline)

    base = os.path.join(args.data, "tweeteval", "sentiment")
    with open(os.path.join(base, "test_text.txt"), encoding="utf-8") as f:
        texts = [line.rstrip("\n") for line in f]
    with open(os.path.join(base, "test_labels.txt"), encoding="utf-8") as f:
        labels = [NAMES[int(line)] for line in f if line.strip()]
    write(os.path.join(args.out, "tweeteval_test.jsonl"), list(zip(texts, labels)))


if __name__ == "__main__":
    main()
