"""Loads the TRAIN sets named in ../shared/data/README.md as (text, label, frustration) rows.

Labels: 0 negative, 1 neutral, 2 positive. Frustration is 1.0 / 0.0, or None where the source
says nothing about it (SST-2 movie reviews), in which case that loss term is masked.
EVALUATION ONLY sets (airline tweets, TweetEval, SST-2 alps_test) are never read here.
"""

import csv
import json
import os
import zlib

# GoEmotions label ids (original_labels.txt order) grouped by polarity, as in the paper's
# sentiment grouping; ambiguous emotions (realization, surprise, curiosity, confusion) count as
# neutral because they carry no polarity a support agent should act on.
GO_NAMES = ("admiration amusement anger annoyance approval caring confusion curiosity desire "
            "disappointment disapproval disgust embarrassment excitement fear gratitude grief joy "
            "love nervousness optimism pride realization relief remorse sadness surprise neutral").split()
GO_POSITIVE = {"admiration", "amusement", "approval", "caring", "desire", "excitement", "gratitude",
               "joy", "love", "optimism", "pride", "relief"}
GO_NEGATIVE = {"anger", "annoyance", "disappointment", "disapproval", "disgust", "embarrassment",
               "fear", "grief", "nervousness", "remorse", "sadness"}
# What an agent would call a frustrated customer.
GO_FRUSTRATION = {"anger", "annoyance", "disgust", "disappointment"}

# Bitext intents that are a customer reporting something that went wrong.
BITEXT_NEGATIVE = {"complaint"}
BITEXT_PROBLEM = {"payment_issue", "registration_problems"}


def goemotions(data: str, split: str):
    rows = []
    path = os.path.join(data, "goemotions", f"original_{split}.tsv")
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            names = {GO_NAMES[int(i)] for i in parts[1].split(",") if i}
            pos = bool(names & GO_POSITIVE)
            neg = bool(names & GO_NEGATIVE)
            if pos and neg:
                continue  # mixed feelings: no clean polarity to learn from
            label = 0 if neg else 2 if pos else 1
            rows.append((parts[0], label, 1.0 if names & GO_FRUSTRATION else 0.0))
    return rows


def sst2(data: str, name: str):
    rows = []
    with open(os.path.join(data, "sst2", name), encoding="utf-8") as f:
        next(f)
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and parts[1] in ("0", "1"):
                rows.append((parts[0], 2 if parts[1] == "1" else 0, None))
    return rows


def bitext(data: str):
    rows = []
    path = os.path.join(data, "bitext_customer_support", "Bitext_20000_utterances_sample.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            intent = r["intent"]
            text = r["utterance"]
            if intent in BITEXT_NEGATIVE:
                rows.append((text, 0, 1.0))
            elif intent in BITEXT_PROBLEM:
                rows.append((text, 0, 0.0))
            else:
                rows.append((text, 1, 0.0))
    return rows


WRITTEN_LABELS = {"negative": 0, "neutral": 1, "positive": 2}


def written(path: str):
    """Support messages written for training (models/written_support.jsonl) as
    (train rows, held-out rows): one message in five, chosen by a hash of its text, is held out
    so that the split does not move when lines are added or reordered."""
    train, held = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            r = json.loads(line)
            label = WRITTEN_LABELS[r["label"]]
            frustration = 1.0 if r["frustration"] and label == 0 else 0.0
            row = (r["text"], label, frustration)
            (held if zlib.crc32(r["text"].encode("utf-8")) % 5 == 0 else train).append(row)
    return train, held
