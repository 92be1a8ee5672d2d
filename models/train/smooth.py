"""SmoothQuant for the MLP's down projection, applied to the float model before the int8 export.

The int8 file quantizes each MatMul's input at run time: per row and block of 128 values now
(quantize.py, MatMulNBits), per whole tensor in the first exports (DynamicQuantizeMatMul). The down
projection's input, silu(gate) * up, has a few channels far larger than the rest, so one scale
leaves the others a handful of levels: on the first 12M model, with one scale per tensor, that alone
raised the unseen packages' bits/byte from 0.79 (fp32) to 0.89 (int8), while quantizing every other
MatMul changed nothing. Within a block the same holds on a smaller scale. Dividing each such channel
by s_j in the up projection's output and multiplying the down projection's input row by s_j leaves
the float model's function unchanged (the SwiGLU product is linear in up) and evens the channels
out; s_j = max|x_j|^a / max|w_j|^(1-a) (Xiao et al., SmoothQuant, 2023), with max|x_j| measured on
training text.
"""
import numpy as np
import torch


def calibrate_down_inputs(model, ids, windows, rng):
    """Per-channel max |input| of each block's down projection over `windows` random training windows."""
    amax = {}

    def record(i):
        def hook(_module, inputs):
            a = inputs[0].detach().abs().reshape(-1, inputs[0].shape[-1]).amax(0)
            amax[i] = torch.maximum(amax[i], a) if i in amax else a
        return hook

    hooks = [block.down.register_forward_pre_hook(record(i)) for i, block in enumerate(model.blocks)]
    context = model.cfg.context
    with torch.no_grad():
        for _ in range(windows):
            start = int(rng.integers(0, len(ids) - context))
            model(torch.from_numpy(np.asarray(ids[start:start + context], dtype=np.int64))[None])
    for h in hooks:
        h.remove()
    return amax


def smooth_down_projections(model, ids, alpha=0.7, windows=16, seed=0):
    """Rescales up/down in place (the float function is unchanged); returns the largest scale moved."""
    amax = calibrate_down_inputs(model, ids, windows, np.random.default_rng(seed))
    largest = 0.0
    with torch.no_grad():
        for i, block in enumerate(model.blocks):
            s = amax[i].clamp(min=1e-5) ** alpha / block.down.weight.abs().amax(0).clamp(min=1e-5) ** (1 - alpha)
            block.down.weight.mul_(s[None, :])
            block.up.weight.div_(s[:, None])
            largest = max(largest, float(s.max()))
    return largest
