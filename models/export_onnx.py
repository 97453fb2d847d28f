"""Builds the ONNX graph by hand from trained numpy weights (no deep-learning framework).

Graph (opset 13, fixed shapes so tract can optimise everything at load time):
  ids i64 [1, 256], weights f32 [1, 256]
  → Gather from the int8 table [BUCKETS, D] cast to f32 (int8 quarters the file; tract casts
    the constant table once at load) → Reshape [256, D] → MatMul(weights) = the weighted
    bag of int8 rows [1, D]
  → MatMul W1' where W1' = diag(per-column table scale) · W1, so the bag needs no rescaling
  (optional third input vector f32 [1, 128]: + MatMul Wv, the static sentence vector)
  (optional input encoded f32 [1, 384]: + MatMul We, the FAQ encoder's sentence vector)
  (optional fourth input pieces f32 [1, 32, 128], the table rows of the first 32 known pieces,
   zero rows after them: MatMul P → a width-3 convolution written as one MatMul over each
   piece's window of three rows → Relu → ReduceMax over the pieces → MatMul Wc, added like the
   vector; models/conv_train.py)
  → + b1 → Relu → MatMul W2 + b2 = logits [1, 4]
  → Softmax over the first three (negative, neutral, positive), Sigmoid on the fourth (frustration)
  → scores f32 [1, 4]
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import static_vector
import tokenizer
from tokenizer import MAX_FEATURES


def quantize_table(emb: np.ndarray):
    """Symmetric int8 per column: table ≈ q * scale."""
    scale = np.abs(emb).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(emb / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def build(params: dict, path: str) -> None:
    emb, w1, b1, w2, b2 = (params[k] for k in ("emb", "w1", "b1", "w2", "b2"))
    assert emb.shape[0] == tokenizer.BUCKETS
    dim = emb.shape[1]
    q, scale = quantize_table(emb)
    inits = [
        numpy_helper.from_array(q, "table_q"),
        numpy_helper.from_array(np.array([MAX_FEATURES, dim], dtype=np.int64), "flat_shape"),
        # (bag of int8 rows) · diag(scale) · w1 = the bag of dequantised rows · w1
        numpy_helper.from_array((scale[:, None] * w1).astype(np.float32), "w1"),
        numpy_helper.from_array(b1.astype(np.float32), "b1"),
        numpy_helper.from_array(w2.astype(np.float32), "w2"),
        numpy_helper.from_array(b2.astype(np.float32), "b2"),
        numpy_helper.from_array(np.array([0], dtype=np.int64), "c0"),
        numpy_helper.from_array(np.array([3], dtype=np.int64), "c3"),
        numpy_helper.from_array(np.array([4], dtype=np.int64), "c4"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "c1"),
    ]
    nodes = [
        # The int8 table is cast to f32 as a whole and the column scale lives in w1: Cast has a
        # constant input, so tract does it once at load and a message only gathers rows.
        # (Gather → Cast → × scale made every message convert 256 × D values, padding
        # included: ~15 µs of a ~60 µs score natively; docs/performance-sentiment.md.)
        helper.make_node("Cast", ["table_q"], ["table"], to=TensorProto.FLOAT),
        helper.make_node("Gather", ["table", "ids"], ["rows"], axis=0),
        helper.make_node("Reshape", ["rows", "flat_shape"], ["rows_flat"]),
        helper.make_node("MatMul", ["weights", "rows_flat"], ["bag"]),
        helper.make_node("MatMul", ["bag", "w1"], ["h_bag" if "wv" in params else "h_lin"]),
    ]
    inputs = [
        helper.make_tensor_value_info("ids", TensorProto.INT64, [1, MAX_FEATURES]),
        helper.make_tensor_value_info("weights", TensorProto.FLOAT, [1, MAX_FEATURES]),
    ]
    if "wv" in params:
        # Third input: the message's static MiniLM sentence vector (models/static_vector.py).
        inits.append(numpy_helper.from_array(params["wv"].astype(np.float32), "wv"))
        inputs.append(helper.make_tensor_value_info("vector", TensorProto.FLOAT, [1, params["wv"].shape[0]]))
        nodes += [
            helper.make_node("MatMul", ["vector", "wv"], ["h_vec"]),
            helper.make_node("Add", ["h_bag", "h_vec"], ["h_lin"]),
        ]
    if "we" in params:
        # Fourth input: the FAQ encoder's sentence vector (models/encoder_vector.py), zeros
        # while the worker has no encoder.
        nodes[-1].output[0] = "h_lin_vec"
        inits.append(numpy_helper.from_array(params["we"].astype(np.float32), "we"))
        inputs.append(helper.make_tensor_value_info("encoded", TensorProto.FLOAT, [1, params["we"].shape[0]]))
        nodes += [
            helper.make_node("MatMul", ["encoded", "we"], ["h_enc"]),
            helper.make_node("Add", ["h_lin_vec", "h_enc"], ["h_lin"]),
        ]
    if "conv_w" in params:
        nodes[-1].output[0] = "h_lin_vec"
        proj = params["proj"].shape[1]
        filters, _, width = params["conv_w"].shape
        # The width-3 convolution as one MatMul over each piece's window of three projected
        # rows (im2col), which tract runs far faster than its Conv here:
        # window[t] = [x[t-1], x[t], x[t+1]] (zero rows outside), W[k·P + p, c] = conv_w[c, p, k].
        windowed = params["conv_w"].transpose(2, 1, 0).reshape(width * proj, filters)
        inits += [
            numpy_helper.from_array(params["proj"].astype(np.float32), "proj"),
            numpy_helper.from_array(windowed.astype(np.float32), "conv_w"),
            numpy_helper.from_array(params["conv_b"].astype(np.float32), "conv_b"),
            numpy_helper.from_array(params["wc"].astype(np.float32), "wc"),
            numpy_helper.from_array(np.array([0, 1, 0, 0, 1, 0], dtype=np.int64), "window_pads"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
        ]
        # As many rows as the message has known pieces (at most `max_pieces`; one zero row when
        # it has none): no padding to compute, and the numbers of the padded, masked training.
        inputs.append(helper.make_tensor_value_info(
            "pieces", TensorProto.FLOAT, [1, "pieces", params["proj"].shape[0]]))
        nodes += [
            helper.make_node("MatMul", ["pieces", "proj"], ["projected"]),
            helper.make_node("Pad", ["projected", "window_pads"], ["padded"]),
        ]
        for k in range(width):
            # tap k = padded[k : k + n] for n pieces, written with an end relative to the length.
            end = k - (width - 1) if k < width - 1 else np.iinfo(np.int64).max
            inits += [
                numpy_helper.from_array(np.array([k], dtype=np.int64), f"from{k}"),
                numpy_helper.from_array(np.array([end], dtype=np.int64), f"to{k}"),
            ]
            nodes.append(helper.make_node("Slice", ["padded", f"from{k}", f"to{k}", "axis1"], [f"tap{k}"]))
        nodes += [
            helper.make_node("Concat", [f"tap{k}" for k in range(width)], ["window"], axis=2),
            helper.make_node("MatMul", ["window", "conv_w"], ["conv_lin"]),
            helper.make_node("Add", ["conv_lin", "conv_b"], ["conv"]),
            helper.make_node("Relu", ["conv"], ["conv_relu"]),
        ]
        nodes += [
            helper.make_node("ReduceMax", ["conv_relu"], ["conv_max"], axes=[1], keepdims=0),
            helper.make_node("MatMul", ["conv_max", "wc"], ["h_conv"]),
            helper.make_node("Add", ["h_lin_vec", "h_conv"], ["h_lin"]),
        ]
    nodes += [
        helper.make_node("Add", ["h_lin", "b1"], ["h_pre"]),
        helper.make_node("Relu", ["h_pre"], ["h"]),
        helper.make_node("MatMul", ["h", "w2"], ["o_lin"]),
        helper.make_node("Add", ["o_lin", "b2"], ["logits"]),
        helper.make_node("Slice", ["logits", "c0", "c3", "c1"], ["polarity_logits"]),
        helper.make_node("Slice", ["logits", "c3", "c4", "c1"], ["frustration_logit"]),
        helper.make_node("Softmax", ["polarity_logits"], ["polarity"], axis=1),
        helper.make_node("Sigmoid", ["frustration_logit"], ["frustration"]),
        helper.make_node("Concat", ["polarity", "frustration"], ["scores"], axis=1),
    ]
    graph = helper.make_graph(
        nodes,
        "tandem_sentiment",
        inputs,
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, 4])],
        initializer=inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 13)],
        producer_name="tandem-models-train",
        doc_string="Tandem sentiment: [negative, neutral, positive, frustration] for one message",
    )
    model.ir_version = 8
    if "conv_w" in params:
        helper.set_model_props(model, {"max_pieces": str(static_vector.MAX_PIECES)})
    onnx.checker.check_model(model)
    onnx.save(model, path)


def dequantized(params: dict) -> dict:
    """The weights exactly as the exported graph sees them (for scoring in numpy)."""
    q, scale = quantize_table(params["emb"])
    out = dict(params)
    out["emb"] = q.astype(np.float32) * scale
    return out
