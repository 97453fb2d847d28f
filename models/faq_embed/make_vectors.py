"""Write the Rust parity vectors from a .tev table.

python models/faq_embed/make_vectors.py --tev models/faq-embed.tev --out-dir models/faq_embed
tokenizer_vectors.jsonl: {"text", "pieces"} (pieces = tokenizer.tokenize against the table's tokens)
cosine_vectors.jsonl:    {"a", "b", "cosine"} (student: sum of dequantised rows, L2-normalised, dot)
"""

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from distill import Student  # noqa: E402
from tokenizer import tokenize  # noqa: E402

TEXTS = [
    "Where is my parcel?",
    "I DON'T HAVE MY ORDER YET!!!",
    "don't, can't, won't — it's fine",
    "Café naïve résumé Zürich façade",
    "Order #12345 cost $49.99 (incl. 20% VAT)",
    "my package 📦 is late 😡😡",
    "great😀 thanks",
    "refund...refund?refund!",
    "Xyzzyqwv flurbogrent plonk",
    "e-mail me at help@shop.example.com",
    "日本語 と English mixed",
    "Привет, where is my order?",
    "tab\tseparated\nnew line\r\nand  double  spaces",
    "zero\u200bwidth and soft\u00adhyphen",
    "ÅNGSTRÖM ŒUVRE straße",
    "I want to speak to a HUMAN agent, now.",
    "It's 3:45pm on 12/31/2024 — 1st, 2nd, 3rd",
    "“Smart quotes” and ‘apostrophes’ aren’t ASCII",
    "a" * 101 + " tail",
    "un-subscribe me from the news_letter pls",
]

PAIRS = [
    ("Where is my parcel?", "When will my package arrive?"),
    ("How do I return an item?", "I want to send something back"),
    ("I want to speak to a human", "can I talk to a real person please"),
    ("What is your refund policy?", "how do refunds work"),
    ("Do you ship to Canada?", "international delivery options"),
    ("I forgot my password", "how can I reset my login"),
    ("cancel my order", "I'd like to cancel the order I placed"),
    ("Where is my parcel?", "What is your refund policy?"),
    ("How do I return an item?", "Do you ship to Canada?"),
    ("my card was charged twice", "double charge on my credit card"),
    ("change my delivery address", "update shipping address"),
    ("what are your opening hours", "when are you open"),
    ("this is terrible service", "I'm very unhappy with you"),
    ("thanks!", "thank you so much"),
    ("hello", "goodbye"),
    ("Café opening hours", "cafe opening hours"),
    ("WHERE IS MY ORDER", "where is my order"),
    ("the weather is nice today", "track my shipment"),
    ("Xyzzyqwv", "flurbogrent"),
    ("", "where is my order"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tev", default="models/faq-embed.tev")
    ap.add_argument("--out-dir", default="models/faq_embed")
    args = ap.parse_args()
    st = Student.from_tev(args.tev)
    with open(os.path.join(args.out_dir, "tokenizer_vectors.jsonl"), "w", encoding="utf-8") as f:
        for t in TEXTS:
            f.write(json.dumps({"text": t, "pieces": tokenize(t, st.index)}, ensure_ascii=False) + "\n")
    with open(os.path.join(args.out_dir, "cosine_vectors.jsonl"), "w", encoding="utf-8") as f:
        for a, b in PAIRS:
            va, vb = st.encode([a, b])
            c = float(np.dot(va, vb))
            f.write(json.dumps({"a": a, "b": b, "cosine": round(c, 6)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
