"""Python reference of the student tokenizer that the Rust FAQ matcher implements.

BERT BasicTokenizer (uncased) + greedy longest-match-first WordPiece over the
tokens of a .tev table. Words that cannot be fully segmented are dropped
(where BERT would emit [UNK]). Steps, in order:

1. clean: drop U+0000, U+FFFD and every char whose Unicode category starts
   with "C" (Cc, Cf, Cs, Co, Cn) except \\t \\n \\r; map whitespace
   (\\t \\n \\r, ' ', category Zs) to ' '.
2. put ' ' around every CJK ideograph (BERT's _is_chinese_char ranges).
3. split on whitespace; per word: lowercase (full Unicode lowercase, like
   Python str.lower / Rust str::to_lowercase), NFD, drop category Mn chars.
4. split each word on punctuation: ASCII 33-47, 58-64, 91-96, 123-126, or any
   char whose category starts with "P"; each punctuation char is its own word.
5. WordPiece per word: a word longer than 100 chars is dropped; otherwise
   from start=0 take the longest substring (prefixed with "##" when start>0)
   that is in the table; if none exists at some position, drop the whole word.
Lengths/positions are in Unicode scalar values (chars), not bytes.
"""

import unicodedata

MAX_WORD_CHARS = 100


def _is_whitespace(c):
    if c in " \t\n\r":
        return True
    return unicodedata.category(c) == "Zs"


def _is_control(c):
    if c in "\t\n\r":
        return False
    return unicodedata.category(c).startswith("C")


def _is_punctuation(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def _is_cjk(cp):
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def basic_tokenize(text):
    out = []
    for c in text:
        cp = ord(c)
        if cp == 0 or cp == 0xFFFD or _is_control(c):
            continue
        if _is_whitespace(c):
            out.append(" ")
        elif _is_cjk(cp):
            out.append(" " + c + " ")
        else:
            out.append(c)
    words = []
    for w in "".join(out).split(" "):
        if not w:
            continue
        w = unicodedata.normalize("NFD", w.lower())
        w = "".join(c for c in w if unicodedata.category(c) != "Mn")
        cur = []
        for c in w:
            if _is_punctuation(c):
                if cur:
                    words.append("".join(cur))
                    cur = []
                words.append(c)
            else:
                cur.append(c)
        if cur:
            words.append("".join(cur))
    return words


def wordpiece(word, vocab):
    """vocab: set/dict of tokens. Returns list of pieces or None (word dropped)."""
    if len(word) > MAX_WORD_CHARS:
        return None
    pieces = []
    start = 0
    n = len(word)
    while start < n:
        end = n
        found = None
        while start < end:
            sub = word[start:end]
            if start > 0:
                sub = "##" + sub
            if sub in vocab:
                found = sub
                break
            end -= 1
        if found is None:
            return None
        pieces.append(found)
        start = end
    return pieces


def tokenize(text, vocab):
    pieces = []
    for w in basic_tokenize(text):
        p = wordpiece(w, vocab)
        if p:
            pieces.extend(p)
    return pieces
