"""The FAQ encoder's sentence vector, which the sentiment model can read beside its n-gram bag
and the static vector (mirror of Rust's `tandem_core::embed::SentenceEncoder::embed`).

Reads `models/faq-encoder.tenc` itself (int8 rows, one f32 scale per row) and runs the same
three post-LayerNorm layers in PyTorch, batched, so that ~250,000 training texts take minutes;
the pieces come from models/static_vector.py, the exact mirror of Rust's WordPiece split.
A text with no known piece gets all zeros, as Rust's `embed` returns `None` for it.
"""

import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TENC = os.path.join(HERE, "faq-encoder.tenc")
sys.path.insert(0, HERE)
import static_vector  # noqa: E402

MAX_PIECES = 62  # crates/core/src/embed/encoder.rs: pieces read per text, plus [CLS] and [SEP]


class _Reader:
    def __init__(self, blob):
        self.blob, self.at = blob, 0

    def take(self, n):
        out = self.blob[self.at: self.at + n]
        self.at += n
        return out

    def u32s(self, n):
        return struct.unpack("<" + "I" * n, self.take(4 * n))

    def floats(self, n):
        return torch.from_numpy(np.frombuffer(self.take(4 * n), "<f4").astype(np.float32).copy())

    def matrix(self, rows, cols):
        scale = self.floats(rows)
        q = np.frombuffer(self.take(rows * cols), np.int8).reshape(rows, cols).astype(np.float32)
        return scale[:, None] * torch.from_numpy(q)


def _layer_norm(x, g, b):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), g, b, eps=1e-12)


class EncoderVectors:
    def __init__(self, path=DEFAULT_TENC, table=None):
        with open(path, "rb") as f:
            r = _Reader(f.read())
        if r.take(4) != b"TENC":
            raise ValueError(f"{path}: not a .tenc file")
        version, hidden, heads, ffn, layers, rank, positions, n_tokens = r.u32s(8)
        if version != 1:
            raise ValueError(f"{path}: version {version}")
        tokens = []
        for _ in range(n_tokens):
            (length,) = r.take(1)
            tokens.append(r.take(length).decode("utf-8"))
        self.index = {t: i for i, t in enumerate(tokens)}
        self.cls, self.sep = self.index["[CLS]"], self.index["[SEP]"]
        self.hidden, self.heads, self.dims = hidden, heads, hidden
        self.rows = r.matrix(n_tokens, rank)
        self.proj = (r.matrix(hidden, rank), r.floats(hidden))
        self.pos = r.matrix(positions, hidden)
        self.ln = (r.floats(hidden), r.floats(hidden))
        shapes = {"q": (hidden, hidden), "k": (hidden, hidden), "v": (hidden, hidden),
                  "o": (hidden, hidden), "up": (ffn, hidden), "down": (hidden, ffn)}
        self.layers = []
        for _ in range(layers):
            layer = {}
            for name in ("q", "k", "v", "o", "ln1", "up", "down", "ln2"):
                if name.startswith("ln"):
                    layer[name] = (r.floats(hidden), r.floats(hidden))
                else:
                    rows, cols = shapes[name]
                    layer[name] = (r.matrix(rows, cols), r.floats(rows))
            self.layers.append(layer)
        if r.at != len(r.blob):
            raise ValueError(f"{path}: {len(r.blob) - r.at} bytes left over")
        self.table = table or static_vector.StaticVectors()

    def ids(self, text):
        """[CLS], the known pieces (at most MAX_PIECES) and [SEP]; None when no piece is known."""
        known = [self.index[p] for p in self.table.pieces(text) if p in self.index][:MAX_PIECES]
        return [self.cls, *known, self.sep] if known else None

    @torch.no_grad()
    def last_layer(self, seqs):
        """The last layer's outputs (batch × longest × hidden) for id sequences, and their mask."""
        n = max(len(s) for s in seqs)
        ids = torch.zeros(len(seqs), n, dtype=torch.long)
        mask = torch.zeros(len(seqs), n)
        for i, s in enumerate(seqs):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
        x = self.rows[ids] @ self.proj[0].T + self.proj[1] + self.pos[:n]
        x = _layer_norm(x, *self.ln)
        b, head = len(seqs), self.hidden // self.heads
        bias = (1.0 - mask[:, None, None, :]) * -1e9
        split = lambda t: t.view(b, n, self.heads, head).transpose(1, 2)  # noqa: E731
        for L in self.layers:
            lin = lambda name, v: v @ L[name][0].T + L[name][1]  # noqa: E731,B023
            q, k, v = split(lin("q", x)), split(lin("k", x)), split(lin("v", x))
            att = (q @ k.transpose(-1, -2)) / head**0.5 + bias
            ctx = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, n, self.hidden)
            x = _layer_norm(x + lin("o", ctx), *L["ln1"])
            x = _layer_norm(x + lin("down", torch.nn.functional.gelu(lin("up", x))), *L["ln2"])
        return x, mask

    @torch.no_grad()
    def _run(self, seqs):
        x, mask = self.last_layer(seqs)
        m = mask[:, :, None]
        return torch.nn.functional.normalize((x * m).sum(1) / m.sum(1), dim=1)

    def embed_all(self, texts, batch=256, log=None) -> np.ndarray:
        seqs = [self.ids(t) for t in texts]
        out = np.zeros((len(texts), self.dims), np.float32)
        order = sorted((i for i, s in enumerate(seqs) if s), key=lambda i: len(seqs[i]))
        for start in range(0, len(order), batch):
            idx = order[start: start + batch]
            out[idx] = self._run([seqs[i] for i in idx]).numpy()
            if log and start // batch % 100 == 0:
                log(f"encoder vectors: {start + len(idx)} / {len(order)}")
        return out

    def embed(self, text) -> np.ndarray:
        return self.embed_all([text])[0]
