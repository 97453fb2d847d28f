"""Writes models/test_vectors.jsonl: ≥ 1,000 strings with the tokeniser's ids and the model's
scores as onnxruntime computes them. Rust tests (native and wasm) check both without Python.

    python models/make_vectors.py --data ../shared/data --model models/sentiment.onnx \
        --out models/test_vectors.jsonl

Strings: hand-written edge cases (emoji, accents, URLs, ALL CAPS, typos, other scripts, empty
and whitespace-only), generated support-chat messages, GoEmotions dev comments (Apache-2.0)
and mutations of those that mix in scripts, emoji and odd spacing.
"""

import argparse
import json
import os
import random
import sys

import numpy as np
import onnxruntime as ort

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import datasets  # noqa: E402
import support_text  # noqa: E402
import static_vector  # noqa: E402
from tokenizer import feature_ids, pack  # noqa: E402

EDGE = [
    "", " ", "\t\n", "!", "?!?", "ok", "OK", "Ok.", "😡", "😡😡😡", "👍🏽", "👨‍👩‍👧", "❤️", "☹", "★★★★★",
    "Café crème brûlée — très bien", "naïve façade coöperate", "ÀÉÎÕÜ àéîõü", "ﬁne ﬂight", "ｆｕｌｌｗｉｄｔｈ！",
    "Ⅻ ① ² ½ ㎏", "İstanbul ıi", "ΣΟΦΟΣ σοφός", "Straße STRASSE", "ǅemal", "Привет, где мой заказ?",
    "مرحبا، أين طلبي؟", "שלום, ההזמנה שלי לא הגיעה", "你好，我的包裹在哪里？", "こんにちは、注文が届きません。",
    "안녕하세요 주문이 안 왔어요", "नमस्ते, मेरा ऑर्डर कहाँ है?", "สวัสดีครับ พัสดุของฉันอยู่ที่ไหน", "Γειά σου κόσμε",
    "Xin chào, đơn hàng của tôi đâu?", "Merhaba, siparişim nerede?", "Cześć, gdzie jest moja paczka?",
    "https://example.com/orders/123?id=9&x=y", "www.shop.example/returns", "mail me at jo.doe+x@example.org",
    "MY ORDER IS LATE!!!", "WHERE IS MY REFUND", "THIS IS UNACCEPTABLE 😡😡", "I LOVE IT",
    "wher is my oder", "refnd pls", "cant login", "dont", "can't", "can’t complain", "won't", "it's ok",
    "not bad", "not good", "never again", "great, another delay", "thanks for nothing", "@united thanks!",
    "#fail #neveragain", "lol", "lmao 😂", ":) :( :-/", "<3", "1234567890", "3.14 $20 €15 £9 ¥100",
    "a" * 120, "supercalifragilisticexpialidociousandthensomemorelettershere", "x " * 400,
    "tab\tseparated\tvalues", "line one\nline two\r\nline three", "zero\u200bwidth\u200djoiner",
    "\ufeffbom at start", "nbsp\u00a0here", "ideographic\u3000space", "en–dash em—dash “quotes” ‘single’",
    "¿Dónde está mi pedido?", "¡Gracias!", "« guillemets »", "a×b÷c", "e\u0301 combining", "ﷺ", "㍿",
    "ｶﾀｶﾅ", "Ḁḁ", "ℌℍ ℕ", "𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐", "🇺🇸 🇩🇪", "🏳️‍🌈", "\x00\x01\x1f control", "emoji🙂inside",
    "UPPER lower MiXeD", "ABC", "AB", "ABCD1", "A1B2C3",
]
MIX = ["😡", "🙏", "😂", "👍", "💔", "✈️", "📦", "é", "ü", "ß", "ñ", "Ж", "λ", "ع", "中", "ह", "!", "?", "...",
       "https://t.co/abc123", "@user", "#delay", "  ", "\n", "—", "’", "ＡＢＣ"]


def mutate(text, rng):
    words = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randint(0, len(words)), rng.choice(MIX))
    out = " ".join(words)
    if rng.random() < 0.3:
        out = out.upper()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--model", default="models/sentiment.onnx")
    ap.add_argument("--out", default="models/test_vectors.jsonl")
    args = ap.parse_args()
    rng = random.Random(7)
    support = [r[0] for r in support_text.generate({t for _, t, _ in support_text.all_templates()}, 3, 99)]
    rng.shuffle(support)
    go = [r[0] for r in datasets.goemotions(args.data, "dev")]
    rng.shuffle(go)
    texts = EDGE + support[:420] + go[:300]
    texts += [mutate(t, rng) for t in rng.sample(support[420:] + go[300:], 320)]
    sess = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    with open(args.out, "w", encoding="utf-8") as f:
        for text in texts:
            ids = feature_ids(text)
            pid, w = pack(ids)
            scores = sess.run(["scores"], static_vector.onnx_feeds(sess, text, pid, w))[0][0]
            row = {"text": text, "ids": ids, "scores": [round(float(s), 7) for s in scores]}
            if "encoded" in [i.name for i in sess.get_inputs()]:
                # What the worker scores before its FAQ encoder has loaded (zeros there).
                before = sess.run(["scores"], static_vector.onnx_feeds(sess, text, pid, w, encoder=False))[0][0]
                row["scores_before_encoder"] = [round(float(s), 7) for s in before]
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(texts)} vectors to {args.out}")


if __name__ == "__main__":
    main()
