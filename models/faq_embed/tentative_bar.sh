#!/usr/bin/env bash
# Picks the bar at which the FAQ matcher shows its best entry tentatively (hedged, with the
# other suggestions) instead of declining: MatcherConfig::{semantic_,}tentative_min_confidence.
# CLINC150 val + oos_val only. For each bar it prints, per row, in-scope answered correctly and
# out-of-scope declined (%), then the score that picks the bar: the share of questions handled
# right with in-scope and out-of-scope weighted 82:18 (CLINC150 test's mix), averaged over val
# full, val 5-shot and the 10 + 10 single-domain carves of val (8 intents of one domain, the
# domain's other intents out of scope; `dcarve.py` in docs/quality-faq.md).
#
#   models/faq_embed/tentative_bar.sh DATA_DIR WORK_DIR [--lexical]
#   e.g. models/faq_embed/tentative_bar.sh ../shared/data /tmp/tentative
#
# Needs a release build (cargo build --release -p tandem-hub) and python3 (standard library).
set -euo pipefail
data=$(realpath "$1") work=$2
shift 2
extra=("$@")
repo=$(cd "$(dirname "$0")/../.." && pwd)
T="$repo/target/release/tandem"
mkdir -p "$work" && cd "$work"
sed -n '/^# dcarve.py SRC K SEED OUT/,/^```/p' "$repo/docs/quality-faq.md" | sed '$d' \
  | sed "s#'../shared/data/#'$data/#" > dcarve.py
rows=(clinc-val-full clinc-val-5)
for shots in full 5; do
  "$T" convert --dataset clinc150 --data "$data" --split val --shots $shots \
    --out-faq clinc-val-$shots.json --out-cases clinc-val-$shots.jsonl > /dev/null
  for seed in 0 1 2 3 4 5 6 7 8 9; do
    python3 dcarve.py clinc-val-$shots 8 $seed d-$shots-$seed
  done
done
for bar in ${BARS:-0.40 0.35 0.30 0.25 0.20 0.15 0.10}; do
  for base in clinc-val-full clinc-val-5 d-full-{0..9} d-5-{0..9}; do
    echo "$base $("$T" eval faq --faq $base.json --cases $base.jsonl \
      --tentative-min-confidence "$bar" "${extra[@]}" | tail -1)"
  done | python3 -c '
import json, sys
bar = sys.argv[1]
groups = {}
for line in sys.stdin:
    name, report = line.split(" ", 1)
    key = name if name.startswith("clinc") else name.rsplit("-", 1)[0]
    r = json.loads(report)
    groups.setdefault(key, []).append((r["in_scope_accuracy"], r["oos_recall"]))
cells, scores = [], []
for key, runs in groups.items():
    acc = sum(a for a, _ in runs) / len(runs)
    oos = sum(o for _, o in runs) / len(runs)
    cells.append(f"{key} {100 * acc:.1f} / {100 * oos:.1f}")
    scores.append(0.82 * acc + 0.18 * oos)
print(f"bar {bar}: " + " | ".join(cells) + f" | score {100 * sum(scores) / len(scores):.2f}")
' "$bar"
done
