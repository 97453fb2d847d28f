#!/usr/bin/env bash
# Fits the FAQ matcher's semantic calibration the way MatcherConfig's defaults were chosen
# (docs/quality-faq.md, "The semantic channel"), on CLINC150 val + oos_val only.
#
#   models/faq_embed/tune_matcher.sh DATA_DIR WORK_DIR TABLE.tev|ENCODER.tenc W_BEST W_CENTROID
#   e.g. models/faq_embed/tune_matcher.sh ../shared/data /tmp/tune models/faq-embed.tev 0.5 0.5
# A `.tenc` file is the contextual encoder (`eval faq --encoder`), fitted the same way.
#
# Needs a release build (cargo build --release -p tandem-hub) and python3 (standard library).
set -euo pipefail
data=$1 work=$2 table=$(realpath "$3") weights="$4,$5"
shift 5
extra=("$@")   # more `eval faq` flags, e.g. --word-prior true
embed_flag=--embed
[[ $table == *.tenc ]] && embed_flag=--encoder
repo=$(cd "$(dirname "$0")/../.." && pwd)
T="$repo/target/release/tandem"
mkdir -p "$work" && cd "$work"
for shots in full 5; do
  "$T" convert --dataset clinc150 --data "$data" --split val --shots $shots \
    --out-faq clinc-val-$shots.json --out-cases clinc-val-$shots.jsonl > /dev/null
done
# Small FAQs carved out of val (10/20/40 intents x seeds 1-3), as in docs/quality-faq.md.
sed -n '/^```python/,/^```/p' "$repo/docs/quality-faq.md" | sed '1d;$d' > carve.py
for shots in full 5; do for k in 10 20 40; do for seed in 1 2 3; do
  python3 carve.py clinc-val-$shots $k $seed carved-$shots-$k-$seed
done; done; done
features=()
for faq in carved-*.json clinc-val-5.json; do
  base=${faq%.json}
  "$T" eval faq --faq $base.json --cases $base.jsonl "$embed_flag" "$table" \
    --semantic-weights "$weights" "${extra[@]}" --dump-features features-$base.tsv > /dev/null
  features+=("features-$base.tsv")
done
"$T" eval faq --faq clinc-val-full.json --cases clinc-val-full.jsonl "$embed_flag" "$table" \
  --semantic-weights "$weights" "${extra[@]}" --fit-calibration --fit-from "$(IFS=,; echo "${features[*]}")" \
  | grep -E "fitted calibration|threshold|^all"
