#!/usr/bin/env python3
"""Step 5 of the recipe: the trained checkpoint as a model folder in the Hugging Face Optimum /
transformers.js file layout that the completion engine loads for any model:

    config.json  tokenizer.json  tokenizer_config.json  onnx/model_int8.onnx  [onnx/model.onnx]

model.onnx (fp32) is written to the work folder's export/ and is what the int8 file is checked
against; the shipped folder gets the int8 decoder only. The tied embedding is stored once (torch's
exporter would write it twice: as the Gather's table and, constant-folded, as the head's transposed
weight). The decoder's cache signature is the engine's in-place one (--layout slots, the default:
model.SlotCacheDecoder, whose slots int8_cache.py then makes int8 unless --float-cache) or Optimum's
past_key_values/present (--layout optimum), for other runtimes.
The down projections are first smoothed (smooth.py) so that int8 loses little. Writes export-check.json: greedy continuations of a few prompts and the 20 highest logits of
their first step, computed here by PyTorch in fp32, which the unit tests compare with what
onnxruntime gives for the shipped int8 file.

    /usr/bin/python3 models/train/export.py --work .cache/code-model --out models/code-model
"""
import argparse
import inspect
import json
import os
import shutil
import sys

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import CachedDecoder, CodeModel, ModelConfig, SlotCacheDecoder  # noqa: E402
from int8_cache import int8_cache  # noqa: E402
from quantize import quantize_model  # noqa: E402
from smooth import smooth_down_projections  # noqa: E402


def load_checkpoint(path):
    state = torch.load(path, map_location="cpu", weights_only=False)
    cfg = ModelConfig(**state["config"])
    model = CodeModel(cfg)
    model.load_state_dict(state["model"])
    model.eval()
    return model, state


def io_spec(cfg, layout):
    """Input and output names, dynamic axes and example inputs of the export signature: "slots" (the
    engine's in-place cache, model.SlotCacheDecoder) or "optimum" (past_key_values -> present)."""
    seq = {0: "batch_size", 1: "sequence_length"}
    if layout == "slots":
        # Batch 1, the engine's only one: the graph's reshapes are constant (model.SlotCacheDecoder), so
        # the inputs say so, and another batch gets onnxruntime's plain shape error.
        names_in, names_out = ["input_ids", "position_ids", "cache_length", "logits_from"], ["logits"]
        axes = {"input_ids": {1: "sequence_length"}, "position_ids": {1: "sequence_length"}, "logits": {1: "logits_rows"}}
        for i in range(cfg.layers):
            for kind in ("key", "value"):
                names_in.append(f"cache_{kind}.{i}")
                names_out.append(f"new_{kind}.{i}")
                axes[f"cache_{kind}.{i}"] = {2: "capacity"}
                axes[f"new_{kind}.{i}"] = {2: "sequence_length"}
        cache = [torch.zeros(1, cfg.key_value_heads, 4, cfg.head_dim) for _ in range(2 * cfg.layers)]
        dummy = (torch.tensor([[5, 6, 7]]), torch.tensor([[2, 3, 4]]), torch.tensor([2]), torch.tensor([1]), *cache)
        return SlotCacheDecoder, names_in, names_out, axes, dummy
    names_in = ["input_ids", "attention_mask", "position_ids"]
    names_out = ["logits"]
    axes = {"input_ids": seq, "attention_mask": {0: "batch_size", 1: "total_sequence_length"}, "position_ids": seq, "logits": seq}
    for i in range(cfg.layers):
        for kind in ("key", "value"):
            names_in.append(f"past_key_values.{i}.{kind}")
            names_out.append(f"present.{i}.{kind}")
            axes[f"past_key_values.{i}.{kind}"] = {0: "batch_size", 2: "past_sequence_length"}
            axes[f"present.{i}.{kind}"] = {0: "batch_size", 2: "total_sequence_length"}
    past = [torch.zeros(1, cfg.key_value_heads, 2, cfg.head_dim) for _ in range(2 * cfg.layers)]
    dummy = (torch.tensor([[5, 6, 7]]), torch.ones(1, 5, dtype=torch.long), torch.tensor([[2, 3, 4]]), *past)
    return CachedDecoder, names_in, names_out, axes, dummy


def store_embedding_once(model_proto, embed_value):
    """Replaces the head's constant-folded copy of the embedding with a Transpose of the original;
    returns (embedding initializer name, the head MatMul's weight input name)."""
    graph = model_proto.graph
    arrays = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    embed_name = next(n for n, a in arrays.items() if a.shape == embed_value.shape and torch.equal(torch.from_numpy(a.copy()), embed_value))
    head = [n for n, a in arrays.items() if a.shape == embed_value.T.shape and torch.equal(torch.from_numpy(a.copy()), embed_value.T)]
    if len(head) != 1:
        raise ValueError(f"expected one transposed copy of the embedding, found {len(head)}")
    head_name = head[0]
    kept = [i for i in graph.initializer if i.name != head_name]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    graph.node.insert(0, helper.make_node("Transpose", [embed_name], [head_name], perm=[1, 0], name="tied_lm_head_transpose"))
    return embed_name, head_name


def greedy_reference(model, prompts_ids, steps):
    out = []
    with torch.no_grad():
        for ids in prompts_ids:
            seq = list(ids)
            first = model(torch.tensor([seq]))[0, -1]
            top = torch.topk(first, 20)
            for _ in range(steps):
                logits = model(torch.tensor([seq]))[0, -1]
                seq.append(int(torch.argmax(logits)))
            out.append({"prompt": ids, "greedy": seq[len(ids):], "top_ids": top.indices.tolist(),
                        "top_logits": [round(float(v), 5) for v in top.values]})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--checkpoint", default=None, help="default: <work>/checkpoints/last.pt")
    p.add_argument("--layout", choices=("slots", "optimum"), default="slots",
                   help="cache signature: the engine's in-place slots (default, fastest) or Optimum's past_key_values")
    p.add_argument("--no-smooth", action="store_true", help="skip SmoothQuant of the down projections (smooth.py)")
    p.add_argument("--float-cache", action="store_true",
                   help="keep the slots' keys and values in fp32 (default with --layout slots: int8, int8_cache.py)")
    args = p.parse_args()
    model, state = load_checkpoint(args.checkpoint or os.path.join(args.work, "checkpoints", "last.pt"))
    cfg = model.cfg
    if not args.no_smooth:
        # Before the export: the fp32 graph, the int8 file and export-check.json all describe the smoothed
        # (equivalent) model.
        train_ids = np.memmap(os.path.join(args.work, "tokens", "train.bin"), dtype=np.uint16, mode="r")
        print(json.dumps({"smoothquant_down": {"alpha": 0.7, "largest_scale": round(smooth_down_projections(model, train_ids), 3)}}))
    export_dir = os.path.join(args.work, "export")
    os.makedirs(export_dir, exist_ok=True)
    fp32_path = os.path.join(export_dir, "model.onnx")
    wrapper, names_in, names_out, axes, dummy = io_spec(cfg, args.layout)
    # The TorchScript exporter on every torch version: torch >= 2.9 defaults to the dynamo one, whose
    # graph (names, folding) store_embedding_once and quantize.py were not written for.
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(wrapper(model), dummy, fp32_path, input_names=names_in, output_names=names_out,
                      dynamic_axes=axes, opset_version=14, do_constant_folding=True, **legacy)
    proto = onnx.load(fp32_path)
    embed_name, head_name = store_embedding_once(proto, model.embed.weight.detach())
    onnx.checker.check_model(proto)
    onnx.save(proto, fp32_path)
    quantized = quantize_model(onnx.load(fp32_path), embed_name, head_name)
    if args.layout == "slots" and not args.float_cache:
        int8_cache(quantized)
    onnx.checker.check_model(quantized)

    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    int8_tmp = os.path.join(args.out, "onnx", "model_int8.onnx.tmp")
    onnx.save(quantized, int8_tmp)
    os.replace(int8_tmp, os.path.join(args.out, "onnx", "model_int8.onnx"))
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copyfile(os.path.join(args.work, "tokenizer", name), os.path.join(args.out, name))
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": cfg.vocab_size,
        "hidden_size": cfg.hidden, "intermediate_size": cfg.intermediate, "num_hidden_layers": cfg.layers,
        "num_attention_heads": cfg.heads, "num_key_value_heads": cfg.key_value_heads, "head_dim": cfg.head_dim,
        "max_position_embeddings": cfg.context, "rms_norm_eps": cfg.eps, "rope_theta": cfg.rope_theta,
        "hidden_act": "silu", "tie_word_embeddings": True, "bos_token_id": 0, "eos_token_id": 0,
        "torch_dtype": "float32", "fim_order": "spm",
    }
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
        f.write("\n")
    # Prompts in the engine's SPM form: <fim_prefix> <fim_suffix> suffix <fim_middle> prefix, and plain.
    with open(os.path.join(args.work, "tokenizer", "tokenizer.json"), encoding="utf-8") as f:
        vocab = json.load(f)["model"]["vocab"]
    bpe = lambda pieces: [vocab[p] for p in pieces]
    prompts = [bpe(["import", "Ġtorch", "Ċ"]), [1, 3, *bpe(["Ċ"]), 2, *bpe(["def", "Ġ"])]]
    # Steps and tokens in all: a model trained further with train.py --init counts its earlier run too.
    earlier = state.get("init") or {}
    check = {"checkpoint_step": state["step"] + earlier.get("step", 0), "checkpoint_tokens": state["tokens"] + earlier.get("tokens", 0),
             "cases": greedy_reference(model, prompts, 8)}
    with open(os.path.join(args.out, "export-check.json"), "w") as f:
        json.dump(check, f, indent=1)
        f.write("\n")
    sizes = {"fp32_bytes": os.path.getsize(fp32_path), "int8_bytes": os.path.getsize(os.path.join(args.out, "onnx", "model_int8.onnx"))}
    print(json.dumps({"step": state["step"], "tokens": state["tokens"], **sizes}))


if __name__ == "__main__":
    main()
