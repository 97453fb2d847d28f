"""Fine-tunes the distilled student (distill.py's student_STEP.pt) to rank FAQ entries the way
the matcher's semantic channel does, on FAQs and visitor questions written for the purpose.

Why: distillation teaches the student to copy MiniLM's general sentence geometry; nothing in
it says that "my card keeps getting refused at the till" should sit nearest the entry headed
"Payment methods" rather than "Gift cards". Helper agents wrote 32 sites' FAQs with 54 visitor
questions each (models/faq_encoder/pairs/, instructions in pairs_prompt.md; none of those
sites is among the blind evaluation FAQs). Each step takes one site and scores every
question against every entry as the matcher does (best phrasing + centroid of the phrasings +
best answer sentence, cosines), with a cross-entropy over the site's 18 entries: its other
entries are the hard negatives a visitor's question must be told apart from. A distillation
batch (the teacher's vectors of distill.py's TRAIN/TUNE texts) rides along every step, so
the general geometry the lexical channel and the other FAQs rely on is kept.

  python models/faq_encoder/finetune.py --student /tmp/faq-encoder/student_2692.pt \
      --teacher-vectors /tmp/faq-encoder/teacher_86102.npy --data ../shared/data \
      --pairs models/faq_encoder/pairs --work /tmp/faq-finetune [--val-sites yoga,cruise,...]
needs the packages of models/faq_encoder/requirements.txt.
"""

import argparse
import glob
import json
import os
import random
import re
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import distill as D  # noqa: E402

SEED = 20261207


def answer_sentences(answer):
    """As the Rust matcher splits answers (semantic.rs): sentence ends, `;`, line breaks; two
    words or more."""
    return [s for s in re.split(r"[.!?;\n]", answer) if len(s.split()) >= 2]


def read_site(faq_path):
    site = os.path.basename(faq_path)[len("faq_"):-len(".json")]
    faq = json.load(open(faq_path, encoding="utf-8"))["entries"]
    ids = [e["id"] for e in faq]
    q_path = os.path.join(os.path.dirname(faq_path), f"questions_{site}.jsonl")
    questions = [json.loads(line) for line in open(q_path, encoding="utf-8") if line.strip()]
    return {
        "site": site,
        "phrasings": [[e["question"]] + list(e.get("alternatives", [])) for e in faq],
        "answers": [answer_sentences(e["answer"]) for e in faq],
        "questions": [q["text"] for q in questions if q["expect"] in ids],
        "labels": [ids.index(q["expect"]) for q in questions if q["expect"] in ids],
    }


def read_sites(pairs_dir):
    return [read_site(p) for p in sorted(glob.glob(os.path.join(pairs_dir, "**", "faq_*.json"), recursive=True))]


def embed(model, tokens, texts):
    ids, mask = D.pad([tokens.ids(t) for t in texts])
    return torch.nn.functional.normalize(model(ids, mask), dim=1)


def entry_scores(model, tokens, site, questions):
    """[questions × entries]: best phrasing + centroid + best answer sentence (cosines), the
    matcher's semantic channel with equal weights."""
    texts, owner, kind = [], [], []
    for e, (phr, ans) in enumerate(zip(site["phrasings"], site["answers"])):
        texts += phr + ans
        owner += [e] * (len(phr) + len(ans))
        kind += [0] * len(phr) + [1] * len(ans)
    vecs = embed(model, tokens, texts + questions)
    ref, q = vecs[: len(texts)], vecs[len(texts):]
    owner, kind = torch.tensor(owner), torch.tensor(kind)
    sims = q @ ref.T
    n = len(site["phrasings"])
    cols = []
    for e in range(n):
        phr = (owner == e) & (kind == 0)
        ans = (owner == e) & (kind == 1)
        centroid = torch.nn.functional.normalize(ref[phr].sum(0), dim=0)
        s = sims[:, phr].max(1).values + q @ centroid
        if ans.any():
            s = s + sims[:, ans].max(1).values
        cols.append(s)
    return torch.stack(cols, 1)


@torch.no_grad()
def sites_top1(model, tokens, sites):
    model.eval()
    right = total = 0
    for site in sites:
        s = entry_scores(model, tokens, site, site["questions"])
        right += int((s.argmax(1) == torch.tensor(site["labels"])).sum())
        total += len(site["labels"])
    return round(100 * right / total, 2) if total else None  # no held-out sites


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--student", required=True)
    ap.add_argument("--teacher-vectors", required=True, help="distill.py's teacher_N.npy")
    ap.add_argument("--data", required=True)
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--val-sites", default="", help="comma-separated sites held out to pick the epoch")
    ap.add_argument("--tev", default=os.path.join(HERE, "..", "faq-embed.tev"))
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=3e-5)
    ap.add_argument("--scale", type=float, default=8.0, help="logit scale of the summed cosines")
    ap.add_argument("--distill-batch", type=int, default=64)
    ap.add_argument("--distill-weight", type=float, default=1.0)
    args = ap.parse_args()
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    os.makedirs(args.work, exist_ok=True)
    rng = random.Random(SEED)

    tokens = D.StudentTokens(args.tev)
    model = D.Encoder(len(tokens.tokens), 128, 3, D.MAX_PIECES + 2)
    model.load_state_dict(torch.load(args.student, weights_only=True))
    sites = read_sites(args.pairs)
    val_names = {s for s in args.val_sites.split(",") if s}
    val = [s for s in sites if s["site"] in val_names]
    train = [s for s in sites if s["site"] not in val_names]
    D.log(f"{len(train)} training sites ({sum(len(s['questions']) for s in train)} questions), {len(val)} held out")

    texts = D.read_texts(args.data)
    target = torch.from_numpy(np.load(args.teacher_vectors))
    assert target.shape[0] == len(texts), "teacher vectors do not match distill.py's texts"
    seqs = [tokens.ids(t) for t in texts]

    clinc_vecs = lambda batch: D.encode(model.eval(), [tokens.ids(t) for t in batch])  # noqa: E731
    history = [{"epoch": 0, "val_sites_top1": sites_top1(model, tokens, val), "clinc_val_top1": D.clinc_val_top1(clinc_vecs, args.data)}]
    D.log(history[-1])
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * len(train)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.1, anneal_strategy="linear")
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = train[:]
        rng.shuffle(order)
        run = []
        for site in order:
            s = entry_scores(model, tokens, site, site["questions"])
            loss = torch.nn.functional.cross_entropy(args.scale * s, torch.tensor(site["labels"]))
            idx = rng.sample(range(len(seqs)), args.distill_batch)
            ids, mask = D.pad([seqs[j] for j in idx])
            out, tgt = model(ids, mask), target[idx]
            kd = D.distill_loss(out, tgt)
            total = loss + args.distill_weight * kd
            opt.zero_grad()
            total.backward()
            opt.step()
            sched.step()
            run.append((loss.item(), kd.item()))
        row = {"epoch": epoch, "rank_loss": round(float(np.mean([r[0] for r in run])), 4),
               "distill_loss": round(float(np.mean([r[1] for r in run])), 4),
               "val_sites_top1": sites_top1(model, tokens, val),
               "clinc_val_top1": D.clinc_val_top1(clinc_vecs, args.data)}
        history.append(row)
        D.log(row)
        torch.save(model.state_dict(), os.path.join(args.work, f"finetuned_{epoch}.pt"))
    json.dump({"args": vars(args), "sites": [s["site"] for s in train], "val_sites": sorted(val_names), "history": history},
              open(os.path.join(args.work, "report.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
