"""Exploratory probe (not the shipped trainer): which student inputs carry the teacher's knowledge?

    python models/sentiment_teacher/student_probe.py --mode both \
        --teacher /tmp/sentiment-teacher/soft_labels.jsonl --cases /tmp/sentiment-cases

Modes, all trained with PyTorch on models/train.py's TRAIN rows (+ the teacher's soft labels):
  bag    the shipped architecture (hashed n-gram bag → 32 ReLU → 4), a control;
  vec    only the static MiniLM sentence vector of models/faq-embed.tev → 32 ReLU → 4;
  both   bag + that vector, summed into the hidden layer;
  prior  bag whose word-unigram rows are tied to the table's word vectors by a learned 128→8 map;
  cnn    both, plus a 1-D convolution (max over time) over the table rows of the first
         --maxlen WordPiece pieces, the table frozen (docs/quality-sentiment.md, session 10).
Every epoch prints the validation accuracies (TRAIN sources' held-out parts) and, for the
report only, the EVALUATION ONLY cases written by models/eval_cases.py. Nothing here chooses
a shipped setting by those.
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..")
# models/faq_embed/tokenizer.py (WordPiece) and models/tokenizer.py (hashed n-grams) share a
# module name: import the first through distill, then make room for the second.
sys.path.insert(0, os.path.join(MODELS, "faq_embed"))
from distill import Student  # noqa: E402

del sys.modules["tokenizer"]
sys.path.insert(0, MODELS)
import numpy as np  # noqa: E402
import torch  # noqa: E402

import tokenizer as tk  # noqa: E402
import train as T  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--mode", default="both", choices=["bag", "vec", "both", "prior", "cnn"])
ap.add_argument("--tw", type=float, default=0.5, help="teacher share of a labelled row's target")
ap.add_argument("--epochs", type=int, default=6)
ap.add_argument("--teacher", default="none", help="soft_labels.jsonl from teacher.py, or none")
ap.add_argument("--channels", type=int, default=64)
ap.add_argument("--kernel", type=int, default=3)
ap.add_argument("--maxlen", type=int, default=64)
ap.add_argument("--lr", type=float, default=0.01)
ap.add_argument("--prior-scale", type=float, default=1.0)
ap.add_argument("--data", default="../shared/data")
ap.add_argument("--tev", default=os.path.join(MODELS, "faq-embed.tev"))
ap.add_argument("--cases", default="/tmp/sentiment-cases", help="folder written by models/eval_cases.py")
a = ap.parse_args()
torch.manual_seed(1); torch.set_num_threads(2)
class A: pass
args = A(); args.sst2_weight=0.6; args.bitext_weight=0.3; args.support_weight=2.0; args.composed=60000
args.teacher_weight=a.tw; args.augment_weight=1.0
train_sets, val_sets = T.build_sets(a.data, args)
rows, weights = [], []
for r, wt in train_sets.values():
    rows.extend(r); weights.extend([wt]*len(r))
if a.teacher != "none":
    rows, weights, targets, f, fmask = T.with_teacher(rows, weights, T.load_teacher(a.teacher), args)
else:
    y, f, fmask = T.labels(rows); targets = np.eye(3, dtype=np.float32)[y]
y = np.array([r[1] for r in rows])
sw = np.array(weights, np.float32) * np.where(y == 1, 0.5, 1.0)
st = Student.from_tev(a.tev)
PAD = st.emb.shape[0]
ROWS = torch.tensor(np.vstack([st.emb, np.zeros((1, st.emb.shape[1]), np.float32)]))
def feats(texts):
    X = T.featurize([(t,) for t in texts]).tocoo()
    V = st.encode(texts) if a.mode not in ("bag", "prior") else np.zeros((len(texts), 1), np.float32)
    P = np.full((len(texts), a.maxlen), PAD, np.int64)
    if a.mode == "cnn":
        for i, t in enumerate(texts):
            ids = st.ids(t)[: a.maxlen]
            P[i, : len(ids)] = ids
    return X.tocsr(), (V, P)
t0=time.time()
X, V = feats([r[0] for r in rows]); print("feats", time.time()-t0, V[0].shape, flush=True)
D = V[0].shape[1]
if a.mode == "prior":
    import scipy.sparse as sps
    words = [t for t in st.index if t.isalpha() and not t.startswith("##") and len(t) >= 2]
    Tw = torch.tensor(st.encode(words))
    bk = np.array([tk.bucket(b"w\x1f", w.encode()) for w in words])
    cnt = np.bincount(bk, minlength=tk.BUCKETS)
    S = sps.csr_matrix((1.0 / cnt[bk], (bk, np.arange(len(words)))), shape=(tk.BUCKETS, len(words))).tocoo()
    S = torch.sparse_coo_tensor(torch.tensor(np.vstack([S.row, S.col]), dtype=torch.long), torch.tensor(S.data, dtype=torch.float32), S.shape)
    print("prior words", len(words), flush=True)
class M(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.emb = torch.nn.Embedding(tk.BUCKETS, 8); torch.nn.init.normal_(s.emb.weight, 0, 0.1)
        s.vp = torch.nn.Linear(D, 32)
        s.w1 = torch.nn.Linear(8, 32); s.w2 = torch.nn.Linear(32, 4)
        s.P = torch.nn.Parameter(torch.randn(128, 8) * 0.1)
        s.conv = torch.nn.Conv1d(128, a.channels, a.kernel, padding=a.kernel // 2)
        s.wc = torch.nn.Linear(a.channels, 32)
    def table(s):
        if a.mode != "prior": return s.emb.weight
        return s.emb.weight + a.prior_scale * torch.sparse.mm(S, Tw @ s.P)
    def forward(s, csr, v):
        h = 0
        if a.mode != "vec":
            coo = csr.tocoo()
            idx = torch.tensor(np.vstack([coo.row, coo.col]), dtype=torch.long)
            sp = torch.sparse_coo_tensor(idx, torch.tensor(coo.data), (csr.shape[0], tk.BUCKETS))
            h = s.w1(torch.sparse.mm(sp, s.table()))
        vv, pp = v
        if a.mode in ("vec", "both", "cnn"):
            h = h + s.vp(torch.tensor(vv))
        if a.mode == "cnn":
            pp = torch.tensor(pp)
            x = ROWS[pp].transpose(1, 2)  # [b, 128, T]
            c = torch.relu(s.conv(x))
            mask = (pp != PAD).unsqueeze(1)
            c = torch.where(mask, c, torch.zeros_like(c))
            h = h + s.wc(c.max(2).values)
        return s.w2(torch.relu(h))
m = M(); opt = torch.optim.Adam(m.parameters(), lr=a.lr)
tg = torch.tensor(targets); ft = torch.tensor(f); fm = torch.tensor(fmask); w = torch.tensor(sw)
def predict(csr, v):
    with torch.no_grad():
        out = []
        for i in range(0, csr.shape[0], 4096):
            out.append(torch.softmax(m(csr[i:i+4096], (v[0][i:i+4096], v[1][i:i+4096]))[:, :3], 1).numpy())
        return np.concatenate(out)
val = {}
for name, (r, two) in val_sets.items():
    vx, vv = feats([x[0] for x in r]); val[name] = (vx, vv, np.array([x[1] for x in r]), two)
def cases(path):
    c = [json.loads(line) for line in open(path, encoding="utf-8")]
    cx, cv = feats([x["text"] for x in c]); return cx, cv, np.array([["negative","neutral","positive"].index(x["label"]) for x in c])
evals = {n: cases(os.path.join(a.cases, f"{n}.jsonl")) for n in ["sst2_dev", "airline", "tweeteval_test"]}
rng = np.random.default_rng(1); n = X.shape[0]
for ep in range(a.epochs):
    for g in opt.param_groups: g["lr"] = a.lr * 0.7**ep
    order = rng.permutation(n)
    for s0 in range(0, n, 256):
        idx = order[s0:s0+256]
        lo = m(X[idx], (V[0][idx], V[1][idx]))
        lp = torch.log_softmax(lo[:, :3], 1)
        ce = -(tg[idx] * lp).sum(1)
        bce = torch.nn.functional.binary_cross_entropy_with_logits(lo[:, 3], ft[idx], reduction="none") * fm[idx] * 0.5
        loss = ((ce + bce) * w[idx]).sum() / w[idx].sum()
        opt.zero_grad(); loss.backward(); opt.step()
    vs = {}
    for name, (vx, vv, vy, two) in val.items():
        p = predict(vx, vv); pred = np.where(p[:,0]>=p[:,2],0,2) if two else p.argmax(1)
        vs[name] = round(float((pred==vy).mean()),4)
    es = {}
    for name, (cx, cv, cy) in evals.items():
        p = predict(cx, cv)
        if name == "sst2_dev": pred = np.where(p[:,0]>=p[:,2],0,2); es[name] = round(float((pred==cy).mean()),4)
        else:
            pred = p.argmax(1); rec = [float((pred[cy==c]==c).mean()) for c in range(3)]
            es[name] = {"acc": round(float((pred==cy).mean()),4), "negrec": round(rec[0],4), "macro_rec": round(float(np.mean(rec)),4)}
    print(ep+1, "val", json.dumps(vs), "mean6", round(np.mean(list(vs.values())),4), "EVAL", json.dumps(es), flush=True)
