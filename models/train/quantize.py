"""int8 weights for the exported decoder, as an ONNX graph rewrite (no onnxruntime quantizer can be
installed here: Debian has no onnxruntime for Python, the Node package ships none).

Every MatMul whose second input is a 2-D weight becomes com.microsoft.MatMulNBits with 8-bit
weights, symmetric per output column (each column's scale repeated over its blocks of BLOCK input
rows), accuracy level 4: onnxruntime quantizes the activations per row and block of BLOCK values
and multiplies in int8 (VNNI / dot-product instructions). DynamicQuantizeMatMul, used before, quantizes
the whole activation with one scale (one outlier channel coarsens all the others) and has a slow
one-row path: with the same lean graph, a decode step of the shipped 25m took 2.24 ms with it and
1.80 ms with MatMulNBits (64 cached tokens, one thread, both exports timed in one sitting). Its
many-row path is faster, though: prefilling 600 tokens at once took 205 vs 305 ms.

The embedding shares the language-model head's weights: with tied embeddings the head's weight is
the embedding transposed, so MatMulNBits' packed weight, [vocab, hidden / BLOCK, BLOCK] unsigned bytes,
holds token t's embedding row as row t. The embedding gathers that row, subtracts the zero point
128 and multiplies by the token's scale, instead of storing the table a second time in float.
"""
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

BLOCK = 128
ZERO = 128  # MatMulNBits' default zero point for 8 bits, 2^(bits-1)


def quantize_columns(w):
    """Symmetric per-column int8 of a [K, N] weight: (q [K, N] int8, scale [N] float32)."""
    scale = np.abs(w).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def pack_blocks(q, scale):
    """MatMulNBits' inputs for a [K, N] int8 weight: B [N, blocks, BLOCK] uint8, scales [N, blocks],
    blocks = ceil(K / BLOCK); a last partial block is padded with zero weights (the 5m shape's 688)."""
    k, n = q.shape
    blocks = -(-k // BLOCK)
    padded = np.zeros((blocks * BLOCK, n), np.int16)
    padded[:k] = q
    packed = (padded.T + ZERO).astype(np.uint8).reshape(n, blocks, BLOCK)
    return packed, np.repeat(scale[:, None], blocks, axis=1)


def weights_as_initializers(graph):
    """Moves 2-D tensors of Constant nodes into the initializers. torch's exporter writes some tensors
    computed at export time as Constant nodes (the rotary tables of model.SlotCacheDecoder; the fused
    projections too when they are plain attributes rather than buffers), and the rewrite below finds
    weights among the initializers only."""
    kept = []
    for node in graph.node:
        if node.op_type == "Constant" and node.attribute[0].name == "value" and len(node.attribute[0].t.dims) == 2:
            tensor = onnx.TensorProto()
            tensor.CopyFrom(node.attribute[0].t)
            tensor.name = node.output[0]
            graph.initializer.append(tensor)
        else:
            kept.append(node)
    del graph.node[:]
    graph.node.extend(kept)


def quantize_model(model, embed_name, head_name):
    """Rewrites `model` in place. embed_name: the [vocab, hidden] embedding initializer used by the
    Gather; head_name: the tensor feeding the head MatMul, the embedding transposed."""
    graph = model.graph
    weights_as_initializers(graph)
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
            packed, scales = pack_blocks(*quantize_columns(w))
            base = node.input[1].replace("/", "_")
            names = (f"{base}_q8", f"{base}_scales")
            new_inits += [numpy_helper.from_array(packed, names[0]), numpy_helper.from_array(scales, names[1])]
            if node.input[1] == head_name:
                head_q = names
            new_nodes.append(helper.make_node("MatMulNBits", [node.input[0], *names], list(node.output), name=f"{node.name}_q8",
                                              domain="com.microsoft", K=w.shape[0], N=w.shape[1], bits=8, block_size=BLOCK,
                                              accuracy_level=4))
        else:
            new_nodes.append(node)
    if head_q is None:
        raise ValueError("the language-model head MatMul was not found")
    hidden = embed.shape[1]
    if hidden % BLOCK:
        # The embedding reads the head's packed rows whole: padding would end up in the hidden state.
        raise ValueError(f"hidden size {hidden} is not a multiple of {BLOCK}: the embedding cannot share the head's blocks")
    # The head's weight was the embedding transposed; nothing else may use either float tensor.
    rewired = []
    for node in new_nodes:
        if node.op_type == "Transpose" and node.input[0] == embed_name and node.output[0] == head_name:
            continue
        if node.op_type == "Gather" and node.input[0] == embed_name:
            ids, out = node.input[1], node.output[0]
            p = f"{node.name}_q8"
            rewired += [
                helper.make_node("Gather", [head_q[0], ids], [f"{p}_blocks"], axis=0, name=f"{p}_gather"),
                helper.make_node("Reshape", [f"{p}_blocks", f"{p}_shape"], [f"{p}_rows"], name=f"{p}_reshape"),
                helper.make_node("Cast", [f"{p}_rows"], [f"{p}_float"], to=TensorProto.FLOAT, name=f"{p}_cast"),
                helper.make_node("Sub", [f"{p}_float", f"{p}_zero"], [f"{p}_centred"], name=f"{p}_sub"),
                # Every block of a row has the token's one scale: the first block's is it.
                helper.make_node("Gather", [head_q[1], ids], [f"{p}_scales"], axis=0, name=f"{p}_gather_scale"),
                helper.make_node("Slice", [f"{p}_scales", f"{p}_first", f"{p}_second", f"{p}_last_axis"], [f"{p}_scale"], name=f"{p}_slice"),
                helper.make_node("Mul", [f"{p}_centred", f"{p}_scale"], [out], name=f"{p}_mul"),
            ]
            new_inits += [
                numpy_helper.from_array(np.array([0, 0, hidden], np.int64), f"{p}_shape"),
                numpy_helper.from_array(np.array(ZERO, np.float32), f"{p}_zero"),
                numpy_helper.from_array(np.array([0], np.int64), f"{p}_first"),
                numpy_helper.from_array(np.array([1], np.int64), f"{p}_second"),
                numpy_helper.from_array(np.array([-1], np.int64), f"{p}_last_axis"),
            ]
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
