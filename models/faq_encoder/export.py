"""Writes a trained student (distill.py's student_STEP.pt) as the `.tenc` file the Rust
`SentenceEncoder` reads, and the parity vectors its tests compare against.

Every weight matrix is int8 with one f32 scale per row (symmetric, row max / 127), as the
static table. The vectors come from `reference`, a numpy forward pass over the *quantised*
weights with the same operations as crates/core/src/embed/encoder.rs, so Rust must match them
to float rounding.

  python models/faq_encoder/export.py --student /tmp/faq-encoder/student_N.pt \
      --out models/faq-encoder.tenc --vectors models/faq_encoder/encoder_vectors.jsonl \
      [--data ../shared/data]   # also prints CLINC150 val top-1, float vs int8
"""

import argparse
import json
import math
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import distill as D  # noqa: E402

VECTOR_TEXTS = [
    "How do I return an item?",
    "my parcel never arrived and i'm really annoyed",
    "can i speak to a real person please",
    "Do you deliver to Cornwall?",
    "I was charged twice for the same order!!!",
    "what are your opening hours on bank holidays",
    "CAN I CHANGE MY DELIVERY ADDRESS",
    "the app keeps crashing when i try to log in 😡",
    "Café naïve résumé Zürich façade",
    "is it safe for a dog with a sensitive stomach",
    "i dont want the subscription anymore how do i stop it",
    "Wie kann ich meine Bestellung stornieren?",
    "¿Dónde está mi pedido?",
    "my order came with a bit missing",
    "hello",
    "thanks, that's all",
    "x",
    "https://example.com/orders/12345 says delivered but it isn't",
    "I've been waiting 3 weeks for a refund on order #88231, this is ridiculous",
    "do you have gift cards",
    "how long does the battery last on the small model",
    "not happy at all with the service tbh",
    "where can i park near the venue",
    "can i bring my own food to the party",
    "I want to cancel my booking for next tuesday at 3pm",
    "what payment methods do you accept",
    "password reset email never came",
    "is there a student discount",
    "my son is allergic to nuts, is the cake safe",
    "the driver left it in the rain and everything is soaked",
    "How much is shipping to Ireland?",
    "you people are useless",
    "can i pay in instalments",
    "opening hours",
    "refund",
    "I need help with my account",
    "the the the the the",
    "a " * 80,
    "Ich möchte mit einem Menschen sprechen",
    "what's the difference between the basic and the premium plan?",
]


def quantise(m):
    m = m.astype(np.float32)
    scale = np.abs(m).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(m / scale[:, None]), -127, 127).astype(np.int8)
    return scale.astype(np.float32), q


class Writer:
    def __init__(self):
        self.parts = []

    def u32(self, *vs):
        self.parts.append(struct.pack("<" + "I" * len(vs), *vs))

    def floats(self, v):
        self.parts.append(np.asarray(v, "<f4").tobytes())

    def matrix(self, m):
        scale, q = quantise(m)
        self.floats(scale)
        self.parts.append(q.tobytes())
        return scale[:, None] * q.astype(np.float32)

    def bytes(self):
        return b"".join(self.parts)


def export(student, tokens):
    """The file's bytes and the dequantised weights `reference` runs on."""
    sd = {k: v.detach().numpy() for k, v in student.state_dict().items()}
    rank = sd["rows.weight"].shape[1]
    layers = len(student.layers)
    w = Writer()
    w.parts.append(b"TENC")
    w.u32(1, D.HIDDEN, D.HEADS, D.FFN, layers, rank, sd["pos"].shape[0], len(tokens))
    for t in tokens:
        b = t.encode("utf-8")
        w.parts.append(bytes([len(b)]) + b)
    ref = {"rows": w.matrix(sd["rows.weight"])}
    ref["proj"] = (w.matrix(sd["proj.weight"]), sd["proj.bias"])
    w.floats(sd["proj.bias"])
    ref["pos"] = w.matrix(sd["pos"])
    ref["ln"] = (sd["ln.weight"], sd["ln.bias"])
    w.floats(sd["ln.weight"])
    w.floats(sd["ln.bias"])
    ref["layers"] = []
    for i in range(layers):
        p = f"layers.{i}."
        layer = {}
        for name in ("q", "k", "v", "o", "ln1", "up", "down", "ln2"):
            if name.startswith("ln"):
                layer[name] = (sd[p + name + ".weight"], sd[p + name + ".bias"])
                w.floats(sd[p + name + ".weight"])
                w.floats(sd[p + name + ".bias"])
            else:
                layer[name] = (w.matrix(sd[p + name + ".weight"]), sd[p + name + ".bias"])
                w.floats(sd[p + name + ".bias"])
        ref["layers"].append(layer)
    return w.bytes(), ref


def layer_norm(x, g, b):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * g + b


def reference(ref, ids):
    """Unit sentence vector of one id sequence ([CLS] … [SEP]) through the int8 weights."""
    x = ref["rows"][ids] @ ref["proj"][0].T + ref["proj"][1] + ref["pos"][: len(ids)]
    x = layer_norm(x, *ref["ln"])
    head = D.HIDDEN // D.HEADS
    for L in ref["layers"]:
        lin = lambda name, v: v @ L[name][0].T + L[name][1]  # noqa: E731
        q, k, v = lin("q", x), lin("k", x), lin("v", x)
        ctx = np.zeros_like(x)
        for h in range(D.HEADS):
            c = slice(h * head, (h + 1) * head)
            a = q[:, c] @ k[:, c].T / math.sqrt(head)
            a = np.exp(a - a.max(1, keepdims=True))
            a /= a.sum(1, keepdims=True)
            ctx[:, c] = a @ v[:, c]
        x = layer_norm(x + lin("o", ctx), *L["ln1"])
        u = lin("up", x)
        u = 0.5 * u * (1 + torch.special.erf(torch.from_numpy(u / math.sqrt(2))).numpy())
        x = layer_norm(x + lin("down", u), *L["ln2"])
    m = x.mean(0)
    return m / np.linalg.norm(m)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--student", required=True)
    ap.add_argument("--tev", default=os.path.join(HERE, "..", "faq-embed.tev"))
    ap.add_argument("--rank", type=int, default=128)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--out", required=True)
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--data", help="also score CLINC150 val top-1 with float and int8 weights")
    args = ap.parse_args()
    st = D.StudentTokens(args.tev)
    student = D.Encoder(len(st.tokens), args.rank, args.layers, D.MAX_PIECES + 2)
    student.load_state_dict(torch.load(args.student))
    student.eval()
    blob, ref = export(student, st.tokens)
    with open(args.out, "wb") as f:
        f.write(blob)
    print(f"{args.out}: {len(blob):,} bytes")
    with open(args.vectors, "w", encoding="utf-8") as f:
        for text in VECTOR_TEXTS:
            ids = st.ids(text)
            vec = reference(ref, ids) if len(ids) > 2 else None
            f.write(json.dumps({"text": text, "pieces": [st.tokens[i] for i in ids[1:-1]],
                                "vector": None if vec is None else [round(float(v), 6) for v in vec]},
                               ensure_ascii=False) + "\n")
    if args.data:
        print("float", D.clinc_val_top1(lambda texts: D.encode(student, [st.ids(t) for t in texts]), args.data))
        q = lambda texts: np.array([reference(ref, st.ids(t)) for t in texts], np.float32)  # noqa: E731
        print("int8 ", D.clinc_val_top1(q, args.data))


if __name__ == "__main__":
    main()
