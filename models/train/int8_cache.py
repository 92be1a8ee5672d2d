#!/usr/bin/env python3
"""Makes a slot-cache decoder (model.SlotCacheDecoder's signature) read its key/value cache as int8.

At 700 cached tokens a decode step of the 25m reads 24 MiB of fp32 keys and values, as much as its
int8 weights: the attention products, not the weights, set the pace there. With int8 slots and one
scale per head and token they read a quarter of that, through onnxruntime's integer GEMM.

Per layer i the rewritten graph takes
    cache_key.i          int8  [1, kv heads, head_dim, capacity]   (transposed: q @ keys is a plain product)
    cache_key_scale.i    float [1, kv heads, 1, capacity]
    cache_value.i        int8  [1, kv heads, capacity, head_dim]
    cache_value_scale.i  float [1, kv heads, 1, capacity]
where a slot's float key or value is its int8 row times its scale. The graph returns the step's new
keys and values already so (scale = max |x| / 127 per head and token, rounded to nearest): `new_keys`,
int8 [layers, kv heads, head_dim, sequence]; `new_values`, int8 [layers, kv heads, sequence, head_dim];
`new_scales`, [2 x layers (keys, then values), kv heads, sequence, 1]; the engine copies them into its
slots. The new tokens of a step attend to each other in fp32 as before; only the cached ones are read
as int8.

- scores: DynamicQuantizeMatMul(q, keys): q is quantized to uint8 on the fly and the product is an
  integer one; then the per-slot scales multiply its columns.
- values: the attention weights of the cached slots times the value scales, divided by their largest
  per head and row (each row then spans [0, 1], so that one sharp head does not leave a diffuse
  head's weights at zero after the common uint8 quantization), DynamicQuantizeMatMul with the int8
  values, times that largest weight again.

A graph already rewritten (it has cache_key_scale.0) is left as it is.

    /usr/bin/python3 models/train/int8_cache.py models/code-model/onnx/model_int8.onnx [--out FILE]
"""
import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# Below any product of a softmax weight and a scale the engine writes, above 0: a step whose slots are
# all masked (the first one) divides 0 by it instead of by 0.
TINY = 1e-30
# The outputs: the step's new keys, int8 [layers, kv heads, head_dim, sequence] (transposed like the
# slots), its new values, int8 [layers, kv heads, sequence, head_dim], and their scales, float
# [2 x layers (the keys' layers, then the values'), kv heads, sequence, 1].
NEW_KEYS = "new_keys"
NEW_VALUES = "new_values"
NEW_SCALE = "new_scales"


def _input(graph, name):
    found = [i for i in graph.input if i.name == name]
    return found[0] if found else None


def _dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def _set_input(value_info, elem_type, dims):
    value_info.CopyFrom(helper.make_tensor_value_info(value_info.name, elem_type, dims))


def int8_cache(proto):
    """Rewrites the cache reads of every layer as the module docstring says; the proto is changed in
    place and returned. Raises ValueError where the graph is not model.SlotCacheDecoder's."""
    graph = proto.graph
    if _input(graph, "cache_key_scale.0") is not None:
        return proto
    if _input(graph, "cache_key.0") is None:
        raise ValueError("the graph has no cache_key.0 input: not a slot-cache decoder (export.py --layout slots)")
    if not any(o.domain == "com.microsoft" for o in proto.opset_import):
        proto.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    one = "int8_cache_one"
    tiny = "int8_cache_tiny"
    graph.initializer.extend([numpy_helper.from_array(np.array(1.0, np.float32), one),
                              numpy_helper.from_array(np.array(TINY, np.float32), tiny)])
    layers = 0
    while _input(graph, f"cache_key.{layers}") is not None:
        layers += 1
    for i in range(layers):
        key, value = f"cache_key.{i}", f"cache_value.{i}"
        key_scale, value_scale = f"cache_key_scale.{i}", f"cache_value_scale.{i}"
        key_in, value_in = _input(graph, key), _input(graph, value)
        _, kv_heads, capacity, head_dim = _dims(key_in)
        # The capacity is read off the cache's shape (the mask's length): values keep it on axis 2.
        for node in consumers.get(key, []):
            if node.op_type == "Shape":
                node.input[0] = value
        transposes = [n for n in consumers.get(key, []) if n.op_type == "Transpose"]
        if len(transposes) != 1 or list(transposes[0].attribute[0].ints) != [0, 1, 3, 2]:
            raise ValueError(f"{key}: expected one Transpose of its last two axes")
        transpose = transposes[0]
        products = consumers.get(transpose.output[0], [])
        if len(products) != 1 or products[0].op_type != "MatMul" or products[0].input[1] != transpose.output[0]:
            raise ValueError(f"{key}: expected its transpose to be the right side of one MatMul")
        scores = products[0]
        queries, scored, scores_name = scores.input[0], list(scores.output), scores.name
        graph.node.remove(transpose)
        at = list(graph.node).index(scores)
        graph.node.remove(scores)
        # The key scales multiply the product's columns in a Mul of their own: given to
        # DynamicQuantizeMatMul as b_scale, onnxruntime 1.30 broadcasts them ~2.5x slower (its profile).
        unscaled = f"{scores_name}/int8_cache/unscaled"
        for offset, node in enumerate([
            helper.make_node("DynamicQuantizeMatMul", [queries, key, one], [unscaled],
                             domain="com.microsoft", name=f"{scores_name}/int8_cache"),
            helper.make_node("Mul", [unscaled, key_scale], scored, name=f"{scores_name}/int8_cache/Scale"),
        ]):
            graph.node.insert(at + offset, node)

        reads = [n for n in consumers.get(value, []) if n.op_type != "Shape"]
        if len(reads) != 1 or reads[0].op_type != "MatMul" or reads[0].input[1] != value:
            raise ValueError(f"{value}: expected it to be the right side of one MatMul")
        product = reads[0]
        weights, attended = product.input[0], list(product.output)
        base = f"{product.name}/int8_cache"
        names = {k: f"{base}/{k}" for k in ("scaled", "largest", "kept", "unit", "unit_out")}
        at = list(graph.node).index(product)
        graph.node.remove(product)
        for offset, node in enumerate([
            helper.make_node("Mul", [weights, value_scale], [names["scaled"]], name=f"{base}/Mul"),
            helper.make_node("ReduceMax", [names["scaled"]], [names["largest"]], axes=[-1], keepdims=1, name=f"{base}/ReduceMax"),
            helper.make_node("Max", [names["largest"], tiny], [names["kept"]], name=f"{base}/Max"),
            helper.make_node("Div", [names["scaled"], names["kept"]], [names["unit"]], name=f"{base}/Div"),
            helper.make_node("DynamicQuantizeMatMul", [names["unit"], value, one], [names["unit_out"]],
                             domain="com.microsoft", name=f"{base}/DynamicQuantizeMatMul"),
            helper.make_node("Mul", [names["unit_out"], names["kept"]], attended, name=f"{base}/Rescale"),
        ]):
            graph.node.insert(at + offset, node)

        _set_input(key_in, TensorProto.INT8, [1, kv_heads, head_dim, capacity])
        _set_input(value_in, TensorProto.INT8, [1, kv_heads, capacity, head_dim])
        position = list(graph.input).index(value_in) + 1
        for offset, name in enumerate((key_scale, value_scale)):
            graph.input.insert(position + offset, helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, kv_heads, 1, capacity]))
    _quantize_news(graph, layers, kv_heads, head_dim, tiny)
    return proto


def _quantize_news(graph, layers, kv_heads, head_dim, tiny):
    """The step's new keys and values leave the graph quantized, as two int8 tensors and one of scales,
    where they were 2 x layers float outputs: onnxruntime's vectorised kernels do in ~3 ms what took
    JavaScript ~20 ms for a 300-token prefill, and a decode step has 3 outputs to bind instead of 16.
    The keys come out transposed like their slots, so that the engine copies whole rows."""
    names = [f"new_key.{i}" for i in range(layers)] + [f"new_value.{i}" for i in range(layers)]
    outputs = {o.name: o for o in graph.output}
    if any(n not in outputs for n in names):
        raise ValueError(f"expected the outputs {', '.join(names)}")
    for n in names:
        graph.output.remove(outputs[n])
    base = "/int8_cache/news"
    graph.initializer.extend([
        numpy_helper.from_array(np.array(1 / 127, np.float32), f"{base}/inverse_127"),
        numpy_helper.from_array(np.array(1.0, np.float32), f"{base}/unit"),
        numpy_helper.from_array(np.array(0, np.int8), f"{base}/int8_zero"),
        numpy_helper.from_array(np.array([layers, layers], np.int64), f"{base}/halves"),
    ])
    graph.node.extend([
        helper.make_node("Concat", names, [f"{base}/all"], axis=0, name=f"{base}/Concat"),
        helper.make_node("Abs", [f"{base}/all"], [f"{base}/magnitude"], name=f"{base}/Abs"),
        helper.make_node("ReduceMax", [f"{base}/magnitude"], [f"{base}/largest"], axes=[-1], keepdims=1, name=f"{base}/ReduceMax"),
        helper.make_node("Mul", [f"{base}/largest", f"{base}/inverse_127"], [NEW_SCALE], name=f"{base}/Scale"),
        # An all-zero row divides by TINY, not by 0, and comes out as zeros.
        helper.make_node("Max", [NEW_SCALE, tiny], [f"{base}/divisor"], name=f"{base}/Max"),
        helper.make_node("Div", [f"{base}/all", f"{base}/divisor"], [f"{base}/scaled"], name=f"{base}/Div"),
        # Rounds half to even and casts, in one kernel.
        helper.make_node("QuantizeLinear", [f"{base}/scaled", f"{base}/unit", f"{base}/int8_zero"], [f"{base}/quantized"], name=f"{base}/Quantize"),
        helper.make_node("Split", [f"{base}/quantized", f"{base}/halves"], [f"{base}/keys", NEW_VALUES], axis=0, name=f"{base}/Split"),
        helper.make_node("Transpose", [f"{base}/keys"], [NEW_KEYS], perm=[0, 1, 3, 2], name=f"{base}/Transpose"),
    ])
    graph.output.extend([
        helper.make_tensor_value_info(NEW_KEYS, TensorProto.INT8, [layers, kv_heads, head_dim, "sequence_length"]),
        helper.make_tensor_value_info(NEW_VALUES, TensorProto.INT8, [layers, kv_heads, "sequence_length", head_dim]),
        helper.make_tensor_value_info(NEW_SCALE, TensorProto.FLOAT, [2 * layers, kv_heads, "sequence_length", 1]),
    ])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", help="a slot-cache decoder .onnx, rewritten in place unless --out is given")
    p.add_argument("--out", default=None)
    args = p.parse_args()
    try:
        proto = int8_cache(onnx.load(args.model))
    except ValueError as err:
        sys.exit(f"{args.model}: {err}")
    onnx.checker.check_model(proto)
    out = args.out or args.model
    tmp = f"{out}.tmp"
    onnx.save(proto, tmp)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
