#!/usr/bin/env python3
"""Gives an exported decoder the input `logits_from`: the logits of the rows from it on only.

A completion needs the logits of the prompt's last token only, but a prefill of n tokens ran the
language-model head (hidden x vocabulary, 8,192 columns: the largest matrix) on all n rows and
returned n x 8,192 floats, which onnxruntime-node then copies into JavaScript. Exports since
2026-12-01 have the input from model.SlotCacheDecoder itself, which also runs the last layer's
attention output, projection and MLP for those rows only. This graph rewrite gives it to a file
exported before (how the shipped model's file got it, weights unchanged): a Slice of the head's input
from row `logits_from` (an int64 [1] input). The final norm works row by row, so slicing after it
changes no value. A graph that has the input already is left as it is.

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
