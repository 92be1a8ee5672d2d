#!/usr/bin/env python3
"""The exported decoder computes logits only from the row `logits_from` on: a graph rewrite.

A completion needs the logits of the prompt's last token only, but a prefill of n tokens ran the
language-model head (hidden x vocabulary, 8,192 columns: the largest matrix) on all n rows and
returned n x 8,192 floats, which onnxruntime-node then copies into JavaScript. With a Slice of the
head's input from row `logits_from` (an int64 [1] input), the engine asks for its last row (or row 0,
all of them, for bits-per-byte), and the logits output has that many rows. The final norm works row
by row, so slicing after it changes no value.

export.py applies it to each export in the engine's slots signature; for a model exported before,
run it on the file (written through a temporary file and a rename):

    /usr/bin/python3 models/train/logits_rows.py models/code-model/onnx/model_int8.onnx
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

INPUT = "logits_from"


def slice_logits(proto):
    """Adds the `logits_from` input and the Slice before the node producing `logits`; a graph that
    has the input already is returned unchanged. The proto is changed in place and returned."""
    graph = proto.graph
    if any(i.name == INPUT for i in graph.input):
        return proto
    head = next((n for n in graph.node if "logits" in n.output), None)
    if head is None:
        raise ValueError("the graph has no node producing 'logits'")
    rows = head.input[0]
    sliced = f"{rows}_from_{INPUT}"
    graph.initializer.extend([
        # Ends past any sequence (Slice clamps it); axis 1, the sequence, of [1, sequence, hidden].
        numpy_helper.from_array(np.array([2**62], np.int64), f"{INPUT}_end"),
        numpy_helper.from_array(np.array([1], np.int64), f"{INPUT}_axis"),
    ])
    graph.input.append(helper.make_tensor_value_info(INPUT, TensorProto.INT64, [1]))
    graph.node.insert(list(graph.node).index(head),
                      helper.make_node("Slice", [rows, INPUT, f"{INPUT}_end", f"{INPUT}_axis"], [sliced], name=f"/{INPUT}/Slice"))
    head.input[0] = sliced
    return proto


def main():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} <model.onnx>")
    path = sys.argv[1]
    proto = slice_logits(onnx.load(path))
    onnx.checker.check_model(proto)
    tmp = f"{path}.tmp"
    onnx.save(proto, tmp)
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
