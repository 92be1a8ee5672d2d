#!/usr/bin/env python3
"""The weight matrix products of an exported decoder, alone: every MatMulNBits node of the int8 file
with the same packed weights and attributes, each fed by an input of its own width (one token's
activations), as one ONNX graph. bench/decode.ts --weight-matmuls times it beside the full decode
step: what the weights cost at one token, against the weight-only bound, and so how much of a
step is attention over the cache and the rest of the graph (issue 18, item 4).

    /usr/bin/python3 models/train/weight_matmuls.py --model models/code-model/onnx/model_int8.onnx --out /tmp/weight-matmuls.onnx
"""
import argparse
import json
import os
import sys

import onnx
from google.protobuf.message import DecodeError
from onnx import TensorProto, helper


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


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="an int8 decoder (onnx/model_int8.onnx)")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    try:
        sub, count = weight_matmuls(onnx.load(args.model))
    except (ValueError, OSError, DecodeError) as err:
        sys.exit(f"weight_matmuls.py: {args.model}: {err}")
    tmp = args.out + ".tmp"
    onnx.save(sub, tmp)
    os.replace(tmp, args.out)
    print(json.dumps({"model": args.model, "out": args.out, "matmuls": count, "bytes": os.path.getsize(args.out),
                      "model_bytes": os.path.getsize(args.model)}))


if __name__ == "__main__":
    main()
