#!/usr/bin/env python3
"""The weight matrix products of an exported decoder, alone: every MatMulNBits node of the int8 file
with the same packed weights and attributes, each fed by an input of its own width (one token's
activations), as one ONNX graph. bench/decode.ts --weight-matmuls times it beside the full decode
step: what the weights cost at one token, against the weight-only bound, and so how much of a
step is attention over the cache and the rest of the graph (issue 18, item 4).

With --rest DIR, also the other half: the decoder itself with each MatMulNBits replaced by the mean
of its input broadcast to the product's width (no weight read), written as a model folder (config
and tokenizer copied) that bench/decode.ts --rest DIR steps in turn with the model: what a step
costs besides its weight products, measured at the same moments.

    /usr/bin/python3 models/train/weight_matmuls.py --model models/code-model/onnx/model_int8.onnx --out /tmp/weight-matmuls.onnx \
      [--rest /tmp/decoder-rest]
"""
import argparse
import json
import os
import shutil
import sys

import onnx
from google.protobuf.message import DecodeError
import numpy as np
from onnx import TensorProto, helper, numpy_helper


def weight_matmuls(model):
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    nodes, inputs, outputs, used = [], {}, [], []
    for i, node in enumerate(n for n in graph.node if n.op_type == "MatMulNBits"):
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        width = attrs["K"]
        source = f"activations_{width}"
        inputs.setdefault(source, width)
        # The weights, scales (and zero points, where the export wrote them) as they are in the file.
        weights = [name for name in node.input[1:] if name]
        missing = [name for name in weights if name not in initializers]
        if missing:
            raise ValueError(f"{node.name}: {', '.join(missing)} not stored in the file (computed weights are not a weight read)")
        copy = helper.make_node("MatMulNBits", [source, *node.input[1:]], [f"product_{i}"], name=f"weights_{i}", domain=node.domain)
        copy.attribute.extend(node.attribute)
        nodes.append(copy)
        outputs.append(helper.make_tensor_value_info(f"product_{i}", TensorProto.FLOAT, [1, 1, attrs["N"]]))
        used += [name for name in weights if name not in used]
    if not nodes:
        raise ValueError("no MatMulNBits node: not an int8 export of models/train/export.py")
    sub = helper.make_graph(nodes, "weight_matmuls",
                            [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1, 1, w]) for n, w in inputs.items()],
                            outputs, [initializers[n] for n in used])
    return helper.make_model(sub, opset_imports=model.opset_import, ir_version=model.ir_version), len(nodes)


def without_weights(model):
    """The decoder with its weight products replaced by mean(input) broadcast to [.., N]: same inputs,
    outputs and every other node, but no weight is read (the embedding table's Gather stays)."""
    graph = model.graph
    version = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), None)
    if version is None:
        raise ValueError("no default-domain opset: not an ONNX export of models/train/export.py")
    nodes, count = [], 0
    for node in graph.node:
        if node.op_type != "MatMulNBits":
            nodes.append(node)
            continue
        width = next((helper.get_attribute_value(a) for a in node.attribute if a.name == "N"), None)
        if width is None:
            raise ValueError(f"{node.name}: MatMulNBits without its N attribute")
        mean, shape = f"rest_mean_{count}", f"rest_shape_{count}"
        # [N]: broadcast over the mean's last axis, whatever the input's rank and sequence length.
        graph.initializer.append(numpy_helper.from_array(np.array([width], dtype=np.int64), shape))
        if version >= 18:  # ReduceMean takes its axes as an input from opset 18 on
            graph.initializer.append(numpy_helper.from_array(np.array([-1], dtype=np.int64), f"rest_axes_{count}"))
            nodes.append(helper.make_node("ReduceMean", [node.input[0], f"rest_axes_{count}"], [mean], keepdims=1))
        else:
            nodes.append(helper.make_node("ReduceMean", [node.input[0]], [mean], axes=[-1], keepdims=1))
        nodes.append(helper.make_node("Expand", [mean, shape], [node.output[0]]))
        count += 1
    if not count:
        raise ValueError("no MatMulNBits node: not an int8 export of models/train/export.py")
    del graph.node[:]
    graph.node.extend(nodes)
    used = {name for node in graph.node for name in node.input}
    kept = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    return model


def save(model, out):
    tmp = out + ".tmp"
    onnx.save(model, tmp)
    os.replace(tmp, out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="an int8 decoder (onnx/model_int8.onnx)")
    p.add_argument("--out", required=True)
    p.add_argument("--rest", help="also write the decoder without its weight products as a model folder here")
    args = p.parse_args()
    # A model folder for --rest: the model's config and tokenizer, beside onnx/ (the int8 file's folder's parent).
    folder = os.path.dirname(os.path.dirname(os.path.abspath(args.model)))
    try:
        model = onnx.load(args.model)
        sub, count = weight_matmuls(model)  # reads the model, changes nothing in it
        rest = without_weights(model) if args.rest else None
        if rest is not None and not os.path.exists(os.path.join(folder, "config.json")):
            raise ValueError(f"no config.json in {folder}: --rest writes a model folder, and needs the model's")
    except (ValueError, OSError, DecodeError) as err:
        sys.exit(f"weight_matmuls.py: {args.model}: {err}")
    save(sub, args.out)
    report = {"model": args.model, "out": args.out, "matmuls": count, "bytes": os.path.getsize(args.out),
              "model_bytes": os.path.getsize(args.model)}
    if rest is not None:
        try:
            os.makedirs(os.path.join(args.rest, "onnx"), exist_ok=True)
            save(rest, os.path.join(args.rest, "onnx", "model_int8.onnx"))
            for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
                if os.path.exists(os.path.join(folder, name)):
                    shutil.copyfile(os.path.join(folder, name), os.path.join(args.rest, name))
        except OSError as err:
            sys.exit(f"weight_matmuls.py: {args.rest}: {err}")
        report["rest"] = args.rest
        report["rest_bytes"] = os.path.getsize(os.path.join(args.rest, "onnx", "model_int8.onnx"))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
