"""The sentence vector the sentiment model reads beside its n-gram bag (mirror of Rust's
`tandem_core::embed::StaticEmbedding::embed`): the unit-length sum of the int8 rows of the
message's WordPiece pieces in models/faq-embed.tev, all zeros when no piece is known.

The table is MiniLM's vocabulary distilled to 128 dimensions (models/faq_embed/README.md); it
gives the model word knowledge from pre-training that the TRAIN text cannot (docs/quality-sentiment.md).
"""

import functools
import importlib.util
import os
import unicodedata

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TEV = os.path.join(HERE, "faq-embed.tev")
# Pieces the sentiment model's word-order branch reads (models/conv_train.py); the ONNX file
# records it as metadata `max_pieces`, which Rust reads.
MAX_PIECES = 32


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# models/faq_embed/tokenizer.py shares its module name with models/tokenizer.py: load it by path.
_wordpiece = _load("tandem_wordpiece", os.path.join(HERE, "faq_embed", "tokenizer.py"))
_tev = _load("tandem_tev", os.path.join(HERE, "faq_embed", "tev.py"))


# Mirror of crates/core/src/text/fold.rs + build.rs: the blocks whose characters fold by NFKD.
FOLD_BLOCKS = ((0x00A0, 0x024F), (0x1E00, 0x1EFF), (0x2000, 0x218F), (0x2460, 0x24FF),
               (0xFB00, 0xFB06), (0xFF01, 0xFF5E))
# Rust's char::is_whitespace (the Unicode White_Space property).
WHITE_SPACE = set("\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)}


def _nfkd_fold(c):
    return "".join(d.lower() for d in unicodedata.normalize("NFKD", c) if not unicodedata.category(d).startswith("M"))


@functools.lru_cache(maxsize=None)
def _fold_char(c):
    cp = ord(c)
    if cp < 128:
        return c.lower()
    if 0x300 <= cp <= 0x36F:
        return ""
    if any(lo <= cp <= hi for lo, hi in FOLD_BLOCKS):
        folded = _nfkd_fold(c)
        while True:
            again = "".join(_nfkd_fold(d) for d in folded)
            if again == folded:
                break
            folded = again
        if folded != c.lower():
            return folded
    return c.lower()


def _is_mark(cp):
    return 0x300 <= cp <= 0x36F or 0x900 <= cp <= 0xDFF or 0x1AB0 <= cp <= 0x1AFF or 0x20D0 <= cp <= 0x20FF


def _is_alphanumeric(c):
    """Rust's char::is_alphanumeric (Alphabetic or Numeric); script vowel signs count as letters."""
    if c.isalpha() or c.isnumeric():
        return True
    cp = ord(c)
    variation = 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF
    return unicodedata.category(c) in ("Mn", "Mc") and not variation


def basic_tokens(text):
    """Mirror of crates/core/src/embed/wordpiece.rs `basic_tokens`."""
    tokens, word = [], []
    for c in "".join(_fold_char(c) for c in text):
        cp = ord(c)
        if c in WHITE_SPACE:
            if word:
                tokens.append("".join(word))
                word = []
        elif unicodedata.category(c) == "Cc" or cp in (0xAD, 0xFEFF, 0xFFFD) or 0x200B <= cp <= 0x200F \
                or 0x202A <= cp <= 0x202E or 0x2060 <= cp <= 0x2064:
            continue
        elif (cp < 128 and not c.isalnum() and 33 <= cp <= 126) or (cp >= 128 and not _is_alphanumeric(c) and not _is_mark(cp)) \
                or _wordpiece._is_cjk(cp):
            if word:
                tokens.append("".join(word))
                word = []
            tokens.append(c)
        else:
            word.append(c)
    if word:
        tokens.append("".join(word))
    return tokens


class StaticVectors:
    def __init__(self, path=DEFAULT_TEV):
        tokens, scale, q = _tev.read_tev(path)
        self.index = {t: i for i, t in enumerate(tokens)}
        self.rows = q.astype(np.float32) * scale[:, None]
        self.dims = int(q.shape[1])

    def pieces(self, text: str) -> list:
        """The known WordPiece pieces of `text`, in order (Rust: `StaticEmbedding::pieces`)."""
        return [piece for token in basic_tokens(text) for piece in _wordpiece.wordpiece(token, self.index) or ()]

    def embed(self, text: str) -> np.ndarray:
        out = np.zeros(self.dims, dtype=np.float32)
        for piece in self.pieces(text):
            out += self.rows[self.index[piece]]
        norm = np.float32(np.sqrt(np.sum(out * out, dtype=np.float32)))
        return out / norm if norm > np.finfo(np.float32).eps else np.zeros(self.dims, dtype=np.float32)

    def piece_rows(self, text: str, count: int) -> np.ndarray:
        """Rows of the first `count` known pieces; one zero row when there is none (Rust:
        `StaticEmbedding::piece_rows`)."""
        pieces = self.pieces(text)[:count]
        out = np.zeros((max(1, len(pieces)), self.dims), dtype=np.float32)
        for i, piece in enumerate(pieces):
            out[i] = self.rows[self.index[piece]]
        return out

    def embed_all(self, texts) -> np.ndarray:
        return np.stack([self.embed(t) for t in texts]) if texts else np.zeros((0, self.dims), np.float32)


_shared = {}


def onnx_feeds(sess, text, pid, w, encoder=True):
    """The inputs of one onnxruntime run: ids and weights, plus the vector, the piece rows and
    the FAQ encoder's vector when the model reads them (`encoder=False`: zeros there, as the
    worker scores before the encoder has loaded)."""
    feeds = {"ids": pid[None], "weights": w[None]}
    names = [i.name for i in sess.get_inputs()]
    if "vector" in names:
        if "table" not in _shared:
            _shared["table"] = StaticVectors()
        feeds["vector"] = _shared["table"].embed(text)[None]
    if "pieces" in names:
        meta = sess.get_modelmeta().custom_metadata_map
        feeds["pieces"] = _shared["table"].piece_rows(text, int(meta["max_pieces"]))[None]
    if "encoded" in names:
        if "encoder" not in _shared:
            import encoder_vector  # PyTorch only for models that read the encoder

            _shared["encoder"] = encoder_vector.EncoderVectors()
        vec = _shared["encoder"].embed(text) if encoder else np.zeros(_shared["encoder"].dims, np.float32)
        feeds["encoded"] = vec[None]
    return feeds
