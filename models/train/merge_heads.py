#!/usr/bin/env python3
"""Fewer key/value heads for a trained model (grouped-query attention, the 25m-kv2 shape), fitted to
what the model computes rather than averaged.

Mean-pooling the heads (model.group_key_values until e00be47) keeps only what the heads of a group
agree on; the shipped 25m's heads were trained apart and agree on little, so pooled into 2 key/value
heads its unseen loss went from 1.68 to 7.74, and into 4 to 5.13 (grouped-heads-2026-11-30/pooled-loss.json).
Here each merged head is the best fit, on the model's own activations, to the heads it replaces:

- Values. Head h adds W_o,h W_v,h y to the output (its value rows, then its columns of the output
  projection, applied to the normed input y and averaged over positions by its attention): a linear
  map of y. The query heads of a group then share one value projection R and each gets new output
  columns B_h, chosen so that B_h R is closest to W_o,h W_v,h over the inputs' covariance C: the
  leading head_dim singular vectors of the stacked [W_o,h W_v,h C^1/2]. Heads that agree, or whose
  values are an invertible mix of each other's, come out exactly.
- Keys. Rotary positions turn each pair of key dimensions (j, j + head_dim/2) by an angle that
  depends on j and the position, and the query's pair by its own position's. Read as complex numbers,
  a score is the real part of the sum over the pairs of q_j conj(k_j) e^(i angle_j (m - n)).
  Multiplying a pair by a complex constant commutes with the rotation, so head h's keys of pair j may
  be replaced by beta_h,j times a shared head's if its queries of that pair are multiplied by
  conj(beta_h,j): one complex dimension per pair for the whole group, chosen by a rank-1 fit of the
  heads' pair-j key projections over C, each head weighted by its queries' energy in that pair. Heads
  whose keys differ by such a factor (or not at all) come out exactly.
- The fit leaves the shared rows at unit scale (over C) and puts the singular values into the query
  rows and output columns; each shared row and what multiplies it are then rescaled to equal norms (the same
  function), so that training (AdamW, weight decay) and int8 quantization meet weights of the
  original's scale.

C and the queries' energies come from running the source model over calibration windows (train.py
draws them from the training data); the fit runs on the CPU in float64. Written for model.py's
shapes; the result is a plain state dict of the target shape, to be trained further (train.py --init
--size 25m-kv2).

    /usr/bin/python3 models/train/merge_heads.py --work .cache/v2 --weights W.pt --size 25m-kv2 --out W-kv2.pt
    /usr/bin/python3 models/train/merge_heads.py --work .cache/v2 --weights W.pt --kv-heads 4 --out W-kv4.pt
"""
import argparse
import os
import sys
from dataclasses import replace

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import CodeModel, shape_config  # noqa: E402

# Calibration windows of the model's context (1,024 tokens for the 25m): on the 25m into 2 key/value
# heads, unseen loss 2.839 with 16 of them and 2.840 with 64 (README.md, "Merged instead of pooled").
MERGE_WINDOWS = 16


def check_grouping(source, target):
    """Raises ValueError unless `target` is `source` with fewer key/value heads, each replacing the same number."""
    if replace(source, kv_heads=target.kv_heads) != target or target.key_value_heads >= source.key_value_heads:
        raise ValueError(f"a {source} model cannot become {target} by grouping its key/value heads")
    if source.key_value_heads % target.key_value_heads:
        raise ValueError(f"{source.key_value_heads} key/value heads do not pool evenly into {target.key_value_heads}")


@torch.no_grad()
def calibration_statistics(model, windows):
    """Per layer: the covariance of the attention's normed input ([hidden, hidden], float64) and each
    query head's mean energy per rotary pair ([heads, head_dim / 2]), over [batch, seq] ids `windows`."""
    cfg = model.cfg
    s = windows.shape[1]
    cos, sin = model.rope(torch.arange(s, device=windows.device)[None])
    bias = torch.full((s, s), float("-inf"), device=windows.device).triu(1)
    x = model.embed(windows).float()
    half = cfg.head_dim // 2
    stats = []
    for block in model.blocks:
        y = block.attn_norm(x).reshape(-1, cfg.hidden).double()
        q = block.q(y.float()).reshape(-1, cfg.heads, cfg.head_dim).double()
        energy = (q[..., :half] ** 2 + q[..., half:] ** 2).mean(0)
        stats.append({"covariance": (y.T @ y / y.shape[0]).cpu(), "query_energy": energy.cpu()})
        x, _, _ = block(x, cos, sin, bias)
    return stats


def _roots(covariance):
    """C^1/2 and C^-1/2, with a small ridge so that directions the inputs never take stay finite."""
    values, vectors = torch.linalg.eigh(covariance)
    values = values.clamp(min=0) + 1e-6 * float(values.clamp(min=0).mean()) + 1e-12
    return (vectors * values.sqrt()) @ vectors.T, (vectors * values.rsqrt()) @ vectors.T


def _balance(shared_rows, partner):
    """The factor that gives the rows of a shared head and what multiplies them (query rows, output
    columns) equal norms, for the same product: shared rows times it, the partner divided by it."""
    shared, other = shared_rows.norm(), partner.norm()
    if not (shared > 0 and other > 0):
        return torch.ones((), dtype=shared.dtype)  # a zero side: nothing to balance, and no 0/0
    return (other / shared).sqrt()


def _merge_keys(wq, wk, energy, root, inverse_root, sources, queries, d):
    """The shared key rows for `sources` (source key/value heads) and, in place in `wq`, their query
    heads' rows turned to match: per rotary pair j, a rank-1 complex fit (module docstring). `energy`:
    [heads, d / 2], each query head's mean energy per pair (calibration_statistics)."""
    half = d // 2
    shared = torch.empty(d, wk.shape[1], dtype=torch.float64)
    croot, cinverse = root.to(torch.complex128), inverse_root.to(torch.complex128)
    for j in range(half):
        # Each source head's pair-j keys as one complex row, weighted by the square root of its queries'
        # energy there: the fit's squared error is then each head's score error, energy-weighted.
        weight = [float(sum(energy[h, j] for h in queries[s])) ** 0.5 + 1e-12 for s in sources]
        rows = torch.stack([w * (croot @ torch.complex(wk[s * d + j], wk[s * d + j + half])) for w, s in zip(weight, sources)])
        left, singular, right = torch.linalg.svd(rows, full_matrices=False)
        row = cinverse @ right[0]
        heads = [h for s in sources for h in queries[s]]
        for i, s in enumerate(sources):
            # Source head s's keys of pair j are about beta times the shared ones; its queries take conj(beta).
            query_factor = (singular[0] * left[i, 0] / weight[i]).conj()
            for h in queries[s]:
                re, im = wq[h * d + j].clone(), wq[h * d + j + half].clone()
                wq[h * d + j] = query_factor.real * re - query_factor.imag * im
                wq[h * d + j + half] = query_factor.real * im + query_factor.imag * re
        pair = [h * d + j for h in heads] + [h * d + j + half for h in heads]
        scale = _balance(torch.stack([row.real, row.imag]), wq[pair])
        wq[pair] /= scale
        shared[j], shared[j + half] = row.real * scale, row.imag * scale
    return shared


def _merge_values(wv, wo, root, inverse_root, heads, source_of, d):
    """The shared value rows for query `heads` and, in place in `wo`, their new output columns: the
    leading d singular vectors of their stacked value-then-output maps over the inputs' covariance."""
    maps = [wo[:, h * d:(h + 1) * d] @ wv[source_of(h) * d:(source_of(h) + 1) * d] @ root for h in heads]
    left, singular, right = torch.linalg.svd(torch.cat(maps), full_matrices=False)
    rows = right[:d] @ inverse_root
    columns = (left[:, :d] * singular[:d]).reshape(len(heads), wo.shape[0], d)
    for i in range(d):
        scale = _balance(rows[i], columns[:, :, i])
        rows[i] *= scale
        columns[:, :, i] /= scale
    for i, h in enumerate(heads):
        wo[:, h * d:(h + 1) * d] = columns[i]
    return rows


def merge_key_values(weights, source, target, stats):
    """`weights` (a state dict of `source`) as a state dict of `target`, which has fewer key/value heads:
    per group, the shared key and value projections and the group's new query rows and output
    columns fitted as the module docstring says, with `stats` from calibration_statistics. Computed
    on the CPU in float64 whatever device the weights are on; the result is on the CPU."""
    check_grouping(source, target)
    d = source.head_dim
    per_source = source.group  # query heads per source key/value head
    pool = source.key_value_heads // target.key_value_heads
    out = {k: v.detach().cpu() for k, v in weights.items()}
    for layer, st in enumerate(stats):
        p = f"blocks.{layer}."
        # q and o are rewritten in place: copies, so that the caller's (float64) tensors stay as they were.
        wq, wk = out[p + "q.weight"].double().clone(), out[p + "k.weight"].double()
        wv, wo = out[p + "v.weight"].double(), out[p + "o.weight"].double().clone()
        root, inverse_root = _roots(st["covariance"].double().cpu())
        keys, values = [], []
        for g in range(target.key_value_heads):
            sources = range(g * pool, (g + 1) * pool)
            queries = {s: range(s * per_source, (s + 1) * per_source) for s in sources}
            keys.append(_merge_keys(wq, wk, st["query_energy"].cpu(), root, inverse_root, sources, queries, d))
            heads = [h for s in sources for h in queries[s]]
            values.append(_merge_values(wv, wo, root, inverse_root, heads, lambda h: h // per_source, d))
        dtype = weights[p + "q.weight"].dtype
        out[p + "q.weight"], out[p + "k.weight"] = wq.to(dtype), torch.cat(keys).to(dtype)
        out[p + "v.weight"], out[p + "o.weight"] = torch.cat(values).to(dtype), wo.to(dtype)
    return out


def merged_model(model, target, windows):
    """A CodeModel of `target` shape from trained `model`, merged on calibration `windows` [batch, seq]
    (on the model's device); the result is on that device too."""
    check_grouping(model.cfg, target)  # before the calibration run, which any shape would pass
    stats = calibration_statistics(model, windows)
    merged = CodeModel(target)
    merged.load_state_dict(merge_key_values({k: v.float() for k, v in model.state_dict().items()}, model.cfg, target, stats))
    return merged.to(windows.device).eval()


def calibration_windows(work, count, context, seed, split="train"):
    """`count` windows of `context` ids at random places in the work folder's encoded `split`."""
    path = os.path.join(work, "tokens", f"{split}.bin")
    ids = np.memmap(path, dtype=np.uint16, mode="r")
    if len(ids) <= context + 1:
        raise ValueError(f"{path} holds {len(ids)} tokens, too few for a calibration window of {context}")
    rng = np.random.default_rng(seed)
    starts = rng.integers(0, len(ids) - context - 1, size=count)
    return torch.tensor(np.stack([ids[s:s + context].astype(np.int64) for s in starts]))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True, help="a work folder with tokens/train.bin (encode.ts or encode.py)")
    p.add_argument("--weights", required=True, help="the trained model (a train.py --weights-out file or a checkpoint)")
    p.add_argument("--size", help="the target shape, e.g. 25m-kv2 (model.py SHAPES)")
    p.add_argument("--kv-heads", type=int, help="or the source's shape with this many key/value heads")
    p.add_argument("--windows", type=int, default=MERGE_WINDOWS, help="calibration windows of the model's context from tokens/train.bin")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    if bool(args.size) == bool(args.kv_heads):
        p.error("give --size or --kv-heads")
    torch.set_num_threads(args.threads or len(os.sched_getaffinity(0)))
    from export import load_checkpoint  # here: export.py needs onnx, which train.py's import of this file must not

    model, state = load_checkpoint(args.weights)
    source = model.cfg
    target = shape_config(args.size) if args.size else replace(source, kv_heads=args.kv_heads)
    merged = merged_model(model, target, calibration_windows(args.work, args.windows, source.context, args.seed))
    dtype = next(iter(state["model"].values())).dtype
    out = dict(state, model={k: v.to(dtype) for k, v in merged.state_dict().items()}, config=target.to_dict())
    torch.save(out, args.out + ".tmp")
    os.replace(args.out + ".tmp", args.out)
    print(f"{args.weights}: {source.key_value_heads} key/value heads merged into {target.key_value_heads} -> {args.out}")


if __name__ == "__main__":
    main()
