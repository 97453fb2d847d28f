"""Reads a .tev static embedding table (format written by distill.py `write_tev`, read in Rust by
`tandem_core::embed::StaticEmbedding`): b"TEV1", u32 dims, u32 tokens, each token as a length
byte + UTF-8, one f32 scale per token, then int8 rows."""

import struct

import numpy as np


def read_tev(path):
    with open(path, "rb") as f:
        buf = f.read()
    assert buf[:4] == b"TEV1"
    d, n = struct.unpack_from("<II", buf, 4)
    off = 12
    toks = []
    for _ in range(n):
        L = buf[off]
        toks.append(buf[off + 1: off + 1 + L].decode("utf-8"))
        off += 1 + L
    scale = np.frombuffer(buf, "<f4", n, off)
    off += 4 * n
    q = np.frombuffer(buf, np.int8, n * d, off).reshape(n, d)
    assert off + n * d == len(buf)
    return toks, scale, q
