"""Exact Python mirror of crates/core/src/sentiment/tokenizer.rs (the Rust file is the spec).

Keep both in lock-step: `python models/check_vectors.py` and the Rust test
`test_vectors_match_the_python_mirror` compare them on models/test_vectors.jsonl.
"""

import functools
import unicodedata

import numpy as np

BUCKETS = 1 << 16
MAX_FEATURES = 256
MAX_CHARS = 2000
MAX_WORD_CHARS = 40

FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193

WORD, SEPARATOR, IGNORED, SYMBOL = range(4)


def classify(c: str) -> int:
    cp = ord(c)
    if cp < 128:
        if ("a" <= c <= "z") or ("A" <= c <= "Z") or ("0" <= c <= "9"):
            return WORD
        if c in "'`":
            return IGNORED
        if c in "!?":
            return SYMBOL
        return SEPARATOR
    if cp in (0x2018, 0x2019, 0x2060, 0xFEFF) or 0x200B <= cp <= 0x200D or 0xFE00 <= cp <= 0xFE0F:
        return IGNORED
    if 0x1F3FB <= cp <= 0x1F3FF:
        return IGNORED
    if 0x80 <= cp <= 0xBF or cp in (0xD7, 0xF7) or 0x2000 <= cp <= 0x206F or 0x3000 <= cp <= 0x303F:
        return SEPARATOR
    if 0x2190 <= cp <= 0x2BFF or 0x1F000 <= cp <= 0x1FAFF:
        return SYMBOL
    return WORD


def tokens(text: str):
    """Returns (text, shouted, symbol) triples, like the Rust `tokens`."""
    out = []
    word = []
    upper = 0
    chars = 0

    def flush():
        nonlocal word, upper, chars
        if word:
            out.append(("".join(word), chars >= 3 and upper == chars, False))
        word = []
        upper = 0
        chars = 0

    for c in unicodedata.normalize("NFKC", text[:MAX_CHARS]):
        cls = classify(c)
        if cls == WORD:
            chars += 1
            if "A" <= c <= "Z":
                upper += 1
            word.append(c.lower())
        elif cls == IGNORED:
            pass
        elif cls == SEPARATOR:
            flush()
        else:
            flush()
            out.append((c, False, True))
    flush()
    return out


def bucket(*parts: bytes) -> int:
    h = FNV_OFFSET
    for part in parts:
        for b in part:
            h ^= b
            h = (h * FNV_PRIME) & 0xFFFFFFFF
    return h % BUCKETS


CAPS_ID = bucket(b"caps\x1f")


@functools.lru_cache(maxsize=1 << 20)
def _word_ids(tok: str):
    """Unigram then character 3- and 4-grams of one word (cached: words repeat a lot)."""
    ids = [bucket(b"w\x1f", tok.encode("utf-8"))]
    padded = "<" + tok[:MAX_WORD_CHARS] + ">"
    for n in (3, 4):
        for i in range(len(padded) - n + 1):
            ids.append(bucket(b"c\x1f", padded[i : i + n].encode("utf-8")))
    return ids


@functools.lru_cache(maxsize=1 << 20)
def _bigram_id(prev: str, tok: str) -> int:
    return bucket(b"b\x1f", prev.encode("utf-8"), b" ", tok.encode("utf-8"))


def feature_ids(text: str):
    """Same order as Rust: unigram, caps flag, bigram with the previous token, char n-grams."""
    ids = []
    prev = None
    for tok, shouted, symbol in tokens(text):
        word = _word_ids(tok)
        ids.append(word[0])
        if shouted:
            ids.append(CAPS_ID)
        if prev is not None:
            ids.append(_bigram_id(prev, tok))
        prev = tok
        if not symbol:
            ids.extend(word[1:])
    return ids


def pack(ids):
    """Distinct ids in first-appearance order (max MAX_FEATURES) and float32 count/total weights."""
    counts = {}
    order = []
    for i in ids:
        if i in counts:
            counts[i] += 1
        elif len(order) < MAX_FEATURES:
            counts[i] = 1
            order.append(i)
    total = np.float32(sum(counts[i] for i in order))
    pid = np.zeros(MAX_FEATURES, dtype=np.int64)
    w = np.zeros(MAX_FEATURES, dtype=np.float32)
    for slot, i in enumerate(order):
        pid[slot] = i
        w[slot] = np.float32(counts[i]) / total
    return pid, w
