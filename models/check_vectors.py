"""Python side of the parity check: the mirror tokeniser and onnxruntime must reproduce
models/test_vectors.jsonl (which the Rust tests check tract and the Rust tokeniser against).

    python models/check_vectors.py --model models/sentiment.onnx --vectors models/test_vectors.jsonl

Exit 1 with the first differences when anything disagrees.
"""

import argparse
import json
import os
import sys

import numpy as np
import onnxruntime as ort

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import static_vector  # noqa: E402
from tokenizer import feature_ids, pack  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="models/sentiment.onnx")
    ap.add_argument("--vectors", default="models/test_vectors.jsonl")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args()
    sess = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])
    bad_ids, worst, count = [], 0.0, 0
    with open(args.vectors, encoding="utf-8") as f:
        for line in f:
            v = json.loads(line)
            count += 1
            ids = feature_ids(v["text"])
            if ids != v["ids"]:
                bad_ids.append(v["text"])
            pid, w = pack(ids)
            got = sess.run(["scores"], static_vector.onnx_feeds(sess, v["text"], pid, w))[0][0]
            worst = max(worst, float(np.max(np.abs(got - np.array(v["scores"], dtype=np.float32)))))
    print(f"{count} vectors; ids differ on {len(bad_ids)}; largest score difference {worst:.2e}")
    if bad_ids:
        print("first differing texts:", bad_ids[:5])
    sys.exit(0 if not bad_ids and worst <= args.tolerance else 1)


if __name__ == "__main__":
    main()
