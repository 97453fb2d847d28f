"""A support-desk FAQ with many phrasings per entry, from a TRAIN set: Bitext's 20,000
customer-support utterances (27 intents). Per intent, k random utterances become the entry's
question and alternatives and the next 20 become visitor questions.

    python3 models/faq_encoder/bitext_faq.py --data ../shared/data --k 12 --out /tmp/bitext
    tandem eval faq --faq /tmp/bitext/faq-12.json --cases /tmp/bitext/cases-12.jsonl [--encoder models/faq-encoder.tenc]

Used in docs/quality-faq.md ("Learned prototypes") as a check beyond CLINC150; no setting was
chosen on it. Standard library only.
"""

import argparse
import csv
import json
import os
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--k", type=int, default=12, help="phrasings per entry")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    path = os.path.join(args.data, "bitext_customer_support", "Bitext_20000_utterances_sample.csv")
    by_intent = {}
    with open(path, encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            by_intent.setdefault(row["intent"], []).append(row["utterance"].strip())
    rng = random.Random(0)
    entries, cases = [], []
    for intent, utterances in sorted(by_intent.items()):
        shuffled = utterances[:]
        rng.shuffle(shuffled)
        phrasings, held = shuffled[: args.k], shuffled[args.k: args.k + 20]
        entries.append({"id": intent, "question": phrasings[0], "alternatives": phrasings[1:],
                        "answer": "See our help pages."})
        cases += [{"text": text, "expect": intent} for text in held]
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, f"faq-{args.k}.json"), "w", encoding="utf-8") as f:
        json.dump({"entries": entries}, f)
    with open(os.path.join(args.out, f"cases-{args.k}.jsonl"), "w", encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps(case) + "\n")
    print(f"{len(entries)} entries, {len(cases)} questions -> {args.out}")


if __name__ == "__main__":
    main()
