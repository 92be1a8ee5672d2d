#!/usr/bin/env python3
"""Weights to train further, read back from a shipped int8 model folder (export.py's output).

A GPU node hands back bf16 weights (train.py --weights-out), but those live outside git: a new
checkout has the shipped model and not them. The int8 file holds every weight, though, one byte and
a per-column scale each (quantize.py), so this reverses the export:

    MatMulNBits [N, blocks, 128] bytes and [N, blocks] scales -> the [N, K] torch weight
    fused query/key/value and gate/up rows           -> q, k, v and gate, up
    the queries' folded 1/sqrt(head_dim)             -> multiplied back
    the head's packed rows                           -> the tied embedding
    RMSNorm weights                                  -> as stored (float)

The SmoothQuant rescaling of up/down (smooth.py) stays: it leaves the model's function unchanged,
and the export smooths again. What is lost is int8's rounding, which is what the shipped model
already has: continuing from these weights continues from the model users have, at its quality.

Writes a train.py --weights-out file (bf16 weights, config, step and tokens from export-check.json,
training time from the run's log) for `train.py --init`, and with --check compares the recovered
fp32 PyTorch model with export-check.json's reference logits (the fp32 model before the export).

    /usr/bin/python3 models/train/recover.py --model models/code-model \\
      --log models/train/runs/h200-v2-2026-11-29/train-25m.log.jsonl --out .cache/v2/h200/weights-25m.pt --check
"""
import argparse
import hashlib
import json
import math
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import CodeModel, ModelConfig  # noqa: E402
from quantize import ZERO  # noqa: E402
from train import save_atomic  # noqa: E402


def config_of(folder):
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        c = json.load(f)
    heads = c["num_attention_heads"]
    kv = c.get("num_key_value_heads", heads)
    # kv_heads 0 is model.py's "one per query head", the form the recipe's SHAPES and older weights have.
    return ModelConfig(vocab_size=c["vocab_size"], hidden=c["hidden_size"], layers=c["num_hidden_layers"],
                       heads=heads, kv_heads=0 if kv == heads else kv, intermediate=c["intermediate_size"],
                       context=c["max_position_embeddings"], rope_theta=c["rope_theta"], eps=c["rms_norm_eps"])


def dequantize(node, arrays):
    """The [N, K] float weight (torch's Linear layout) of a MatMulNBits node with 8-bit weights."""
    attrs = {a.name: a.i for a in node.attribute}
    if attrs.get("bits") != 8:
        raise ValueError(f"{node.name}: {attrs.get('bits')}-bit weights; quantize.py writes 8")
    if len(node.input) > 3 and node.input[3]:
        raise ValueError(f"{node.name}: explicit zero points; quantize.py uses the default {ZERO}")
    packed, scales = arrays[node.input[1]], arrays[node.input[2]]
    n, k = attrs["N"], attrs["K"]
    rows = packed.reshape(n, -1)[:, :k].astype(np.float32) - ZERO
    # Per-column scales: every block of a column carries the same one (quantize.pack_blocks).
    if not np.all(scales == scales[:, :1]):
        raise ValueError(f"{node.name}: scales differ between blocks of a column; this is not quantize.py's file")
    return torch.from_numpy(rows * scales[:, :1])


def recover_state(folder, cfg):
    """The CodeModel state dict whose export gives this folder's onnx/model_int8.onnx."""
    proto = onnx.load(os.path.join(folder, "onnx", "model_int8.onnx"))
    arrays = {i.name: numpy_helper.to_array(i) for i in proto.graph.initializer}
    matmuls = [n for n in proto.graph.node if n.op_type == "MatMulNBits"]
    # The export's order, block by block: fused qkv, o, fused gate/up, down; then the head.
    if len(matmuls) != 4 * cfg.layers + 1:
        raise ValueError(f"{len(matmuls)} int8 MatMuls where a {cfg.layers}-layer model has {4 * cfg.layers + 1}")
    h, kv, inter = cfg.hidden, cfg.key_value_heads * cfg.head_dim, cfg.intermediate
    state = {"embed.weight": dequantize(matmuls[-1], arrays), "norm.weight": torch.from_numpy(arrays["model.norm.weight"].copy())}
    for i in range(cfg.layers):
        qkv, o, gate_up, down = (dequantize(n, arrays) for n in matmuls[4 * i:4 * i + 4])
        expected = {"qkv": (h + 2 * kv, h), "o": (h, h), "gate_up": (2 * inter, h), "down": (h, inter)}
        for name, w in zip(expected, (qkv, o, gate_up, down)):
            if tuple(w.shape) != expected[name]:
                raise ValueError(f"block {i} {name}: shape {tuple(w.shape)}, expected {expected[name]}")
        p = f"blocks.{i}."
        state.update({
            p + "q.weight": qkv[:h] * math.sqrt(cfg.head_dim), p + "k.weight": qkv[h:h + kv], p + "v.weight": qkv[h + kv:],
            p + "o.weight": o, p + "gate.weight": gate_up[:inter], p + "up.weight": gate_up[inter:], p + "down.weight": down,
            p + "attn_norm.weight": torch.from_numpy(arrays[f"model.blocks.{i}.attn_norm.weight"].copy()),
            p + "mlp_norm.weight": torch.from_numpy(arrays[f"model.blocks.{i}.mlp_norm.weight"].copy()),
        })
    return state


def check_against_reference(model, cases):
    """Per export-check.json case: do the recovered model's greedy tokens agree with the fp32
    reference's, and how far are its top-20 logits from the reference's."""
    out = []
    with torch.no_grad():
        for c in cases:
            seq = list(c["prompt"])
            first = model(torch.tensor([seq]))[0, -1]
            diff = (first[c["top_ids"]] - torch.tensor(c["top_logits"])).abs().mean()
            for _ in range(len(c["greedy"])):
                seq.append(int(torch.argmax(model(torch.tensor([seq]))[0, -1])))
            out.append({"same_greedy": seq[len(c["prompt"]):] == c["greedy"], "top20_mean_abs_diff": round(float(diff), 4)})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="a model folder export.py wrote (config.json, onnx/model_int8.onnx, export-check.json)")
    p.add_argument("--out", required=True, help="the weights file to write (train.py --init reads it)")
    p.add_argument("--log", help="the training log of the run that made the model (train-<size>.log.jsonl): its training time")
    p.add_argument("--check", action="store_true", help="compare the recovered model with export-check.json's fp32 reference")
    args = p.parse_args()
    cfg = config_of(args.model)
    model = CodeModel(cfg)
    model.load_state_dict(recover_state(args.model, cfg))
    model.eval()
    with open(os.path.join(args.model, "export-check.json"), encoding="utf-8") as f:
        check = json.load(f)
    elapsed = 0.0
    if args.log:
        with open(args.log, encoding="utf-8") as f:
            events = [json.loads(line) for line in f if line.strip()]
        stops = [e for e in events if e.get("event") == "stop"]
        if not stops or stops[-1]["tokens"] + ((events[0].get("init") or {}).get("tokens", 0)) != check["checkpoint_tokens"]:
            sys.exit(f"{args.log} is not the log of this model's run: its tokens differ from export-check.json's {check['checkpoint_tokens']}")
        elapsed = stops[-1].get("elapsed", stops[-1]["minutes"] * 60) + (events[0].get("init") or {}).get("elapsed", 0.0)
    with open(os.path.join(args.model, "onnx", "model_int8.onnx"), "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    # step and tokens count every earlier sitting already (export.py adds them up), so "init" is empty.
    weights = {"model": {k: v.to(torch.bfloat16) for k, v in model.state_dict().items()}, "config": cfg.to_dict(),
               "step": check["checkpoint_step"], "tokens": check["checkpoint_tokens"], "elapsed": elapsed,
               "args": {"recovered_from": os.path.join(args.model, "onnx", "model_int8.onnx"), "sha256": digest}, "init": None}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    save_atomic(weights, args.out)
    report = {"out": args.out, "parameters": sum(v.numel() for v in model.state_dict().values()), "tokens": check["checkpoint_tokens"],
              "elapsed_s": round(elapsed, 1), "onnx_sha256": digest}
    if args.check:
        # What train.py --init will load: the bf16 weights, back in fp32.
        model.load_state_dict({k: v.float() for k, v in weights["model"].items()})
        report["check"] = check_against_reference(model, check["cases"])
    print(json.dumps(report))


if __name__ == "__main__":
    main()
