"""int8 weights for the exported decoder, as an ONNX graph rewrite (no onnxruntime quantizer can be
installed here: Debian has no onnxruntime for Python, the Node package ships none).

Every MatMul whose second input is a 2-D weight becomes com.microsoft.DynamicQuantizeMatMul with
per-column symmetric int8 weights (the activations are quantized per tensor at run time by
onnxruntime). The embedding shares the language-model head's int8 weights: with tied embeddings the
head's weight is the embedding transposed, so the row of token t is column t of the head's weight
times its scale, gathered, cast and scaled instead of stored a second time in float.
"""
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto


def quantize_columns(w):
    scale = np.abs(w).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def quantize_model(model, embed_name, head_name):
    """Rewrites `model` in place. embed_name: the [vocab, hidden] embedding initializer used by the
    Gather; head_name: the tensor feeding the head MatMul, the embedding transposed."""
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    embed = numpy_helper.to_array(inits[embed_name])
    new_nodes, new_inits, drop = [], [], set()
    head_q = None
    for node in graph.node:
        if node.op_type == "MatMul" and (node.input[1] in inits or node.input[1] == head_name):
            if node.input[1] == head_name:
                w = embed.T
            else:
                w = numpy_helper.to_array(inits[node.input[1]])
                if w.ndim != 2:
                    new_nodes.append(node)
                    continue
                drop.add(node.input[1])
            q, scale = quantize_columns(w)
            base = node.input[1].replace("/", "_")
            names = (f"{base}_int8", f"{base}_scale", f"{base}_zero")
            new_inits += [numpy_helper.from_array(q, names[0]), numpy_helper.from_array(scale, names[1]),
                          numpy_helper.from_array(np.zeros(q.shape[1], np.int8), names[2])]
            if node.input[1] == head_name:
                head_q = names
            new_nodes.append(helper.make_node("DynamicQuantizeMatMul", [node.input[0], *names], list(node.output),
                                              name=f"{node.name}_int8", domain="com.microsoft"))
        else:
            new_nodes.append(node)
    if head_q is None:
        raise ValueError("the language-model head MatMul was not found")
    # The head's weight was the embedding transposed; nothing else may use either float tensor.
    rewired = []
    for node in new_nodes:
        if node.op_type == "Transpose" and node.input[0] == embed_name and node.output[0] == head_name:
            continue
        if node.op_type == "Gather" and node.input[0] == embed_name:
            ids, out = node.input[1], node.output[0]
            p = f"{node.name}_int8"
            rewired += [
                helper.make_node("Gather", [head_q[0], ids], [f"{p}_cols"], axis=1, name=f"{p}_gather"),
                helper.make_node("Transpose", [f"{p}_cols"], [f"{p}_rows"], perm=[1, 2, 0], name=f"{p}_transpose"),
                helper.make_node("Cast", [f"{p}_rows"], [f"{p}_float"], to=TensorProto.FLOAT, name=f"{p}_cast"),
                helper.make_node("Gather", [head_q[1], ids], [f"{p}_scale"], axis=0, name=f"{p}_gather_scale"),
                helper.make_node("Unsqueeze", [f"{p}_scale", f"{p}_axes"], [f"{p}_scale3"], name=f"{p}_unsqueeze"),
                helper.make_node("Mul", [f"{p}_float", f"{p}_scale3"], [out], name=f"{p}_mul"),
            ]
            new_inits.append(numpy_helper.from_array(np.array([-1], np.int64), f"{p}_axes"))
            continue
        rewired.append(node)
    for node in rewired:
        if embed_name in node.input or head_name in node.input:
            raise ValueError(f"{node.name} still reads the float embedding")
    drop |= {embed_name, head_name}
    kept = [i for i in graph.initializer if i.name not in drop]
    del graph.node[:]
    graph.node.extend(rewired)
    del graph.initializer[:]
    graph.initializer.extend(kept + new_inits)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return model
