"""Training recipe of the tiny detector (HAI-det-tiny) on synthetic detector frames, on one CPU thread.

Why: the annotation editor needs a small default ONNX model that pre-labels detector frames (spots,
streaks, blobs); this file rebuilds it deterministically from synth.py's seeded frames.

Recipe (fixed seed, one thread, deterministic):
  data     --frames synthetic frames (seeds synth.TRAIN_SEED0 + i), letterboxed once and cached in
           memory; every use applies one of the 8 flips/transposes (seeded by step and slot), so the
           --steps x --batch samples cycle through the cache several times in different orientations.
  assign   a stride-8 cell is positive for a ground-truth box when its centre lies within R strides of
           the box centre in x and y (R = 1, 1.5 for boxes whose short side is >= 32 input px); a cell
           claimed by several boxes goes to the smallest one.
  loss     (1 - GIoU) over positive cells + 0.5 BCE(class, one-hot) over positive cells
           + BCE(objectness) summed over all cells / (100 x batch), objectness target 0.5 + 0.5 IoU
           (detached) on positives, 0 elsewhere.
  optim    AdamW lr 3e-3 (weight decay 5e-4 on conv weights), 30 warm-up steps, cosine to 5 %;
           an exponential moving average of the weights is what gets saved.
Then it evaluates the averaged model on the held-out set (evaluate.py) and writes
runs/detector.pt and runs/train_log.json.

  nice -n 10 /usr/bin/python3 models/detector/train.py            # the shipped recipe
  /usr/bin/python3 models/detector/train.py --steps 20 --frames 40  # a smoke test
"""
import argparse
import copy
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synth  # noqa: E402
from net import NUM_CLASSES, STRIDE, Detector, decode_raw, xywh2xyxy  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def dihedral(x, gt, k):
    """Apply the k-th (0..7) flip/transpose to an input [3, S, S] and its boxes [n, 5] (cls, xyxy)."""
    S = x.shape[-1]
    gt = gt.copy()
    if k & 1:  # transpose
        x = x.transpose(1, 2)
        gt[:, [1, 2, 3, 4]] = gt[:, [2, 1, 4, 3]]
    if k & 2:  # horizontal flip
        x = x.flip(2)
        gt[:, [1, 3]] = S - gt[:, [3, 1]]
    if k & 4:  # vertical flip
        x = x.flip(1)
        gt[:, [2, 4]] = S - gt[:, [4, 2]]
    return x, gt


def giou(a, b):
    """Elementwise GIoU and IoU of xyxy boxes a, b [n, 4]."""
    lt = torch.max(a[:, :2], b[:, :2])
    rb = torch.min(a[:, 2:], b[:, 2:])
    inter = (rb - lt).clamp(min=0).prod(1)
    union = (a[:, 2:] - a[:, :2]).prod(1) + (b[:, 2:] - b[:, :2]).prod(1) - inter + 1e-9
    iou = inter / union
    hull = (torch.max(a[:, 2:], b[:, 2:]) - torch.min(a[:, :2], b[:, :2])).prod(1) + 1e-9
    return iou - (hull - union) / hull, iou


def assign(gts, h, w):
    """Per image [n, 5] gt -> (cell index [P], gt row [P]) of positive cells on an h x w stride-8 grid."""
    cells, rows = [], []
    ccx = (torch.arange(w).float() + 0.5) * STRIDE
    ccy = (torch.arange(h).float() + 0.5) * STRIDE
    for bi, gt in enumerate(gts):
        if len(gt) == 0:
            cells.append(torch.zeros(0, dtype=torch.long))
            rows.append(torch.zeros(0, dtype=torch.long))
            continue
        g = torch.from_numpy(gt)
        gcx = (g[:, 1] + g[:, 3]) / 2
        gcy = (g[:, 2] + g[:, 4]) / 2
        gw, gh = g[:, 3] - g[:, 1], g[:, 4] - g[:, 2]
        R = torch.where(torch.min(gw, gh) >= 32, 1.5, 1.0) * STRIDE
        inx = (ccx[None, :] - gcx[:, None]).abs() < R[:, None]  # [n, w]
        iny = (ccy[None, :] - gcy[:, None]).abs() < R[:, None]  # [n, h]
        m = iny[:, :, None] & inx[:, None, :]  # [n, h, w]
        area = (gw * gh)[:, None, None].expand_as(m)
        area = torch.where(m, area, torch.full_like(area, float("inf")))
        best_area, best = area.min(0)
        pos = torch.isfinite(best_area).flatten()
        idx = torch.nonzero(pos).flatten()
        cells.append(idx)
        rows.append(best.flatten()[idx])
    return cells, rows


def compute_loss(p, gts):
    B, _, h, w = p.shape
    boxes, _, _ = decode_raw(p)
    obj_logit = p[:, 4].reshape(B, -1)
    cls_logit = p[:, 5:].permute(0, 2, 3, 1).reshape(B, h * w, NUM_CLASSES)
    cells, rows = assign(gts, h, w)
    obj_t = torch.zeros_like(obj_logit)
    l_box, l_cls, n_pos, ious = [], [], 0, []
    for bi in range(B):
        if len(cells[bi]) == 0:
            continue
        g = torch.from_numpy(gts[bi])[rows[bi]]
        pb = xywh2xyxy(boxes[bi, cells[bi]])
        gi, iou = giou(pb, g[:, 1:5])
        l_box.append((1 - gi).sum())
        onehot = F.one_hot(g[:, 0].long(), NUM_CLASSES).float()
        l_cls.append(F.binary_cross_entropy_with_logits(cls_logit[bi, cells[bi]], onehot, reduction="sum"))
        obj_t[bi, cells[bi]] = 0.5 + 0.5 * iou.detach().clamp(0, 1)
        n_pos += len(cells[bi])
        ious.append(iou.detach())
    n_pos = max(n_pos, 1)
    lb = torch.stack(l_box).sum() / n_pos if l_box else p.sum() * 0
    lc = torch.stack(l_cls).sum() / n_pos if l_cls else p.sum() * 0
    lo = F.binary_cross_entropy_with_logits(obj_logit, obj_t, reduction="sum") / (100.0 * B)
    loss = lb + 0.5 * lc + lo
    mean_iou = float(torch.cat(ious).mean()) if ious else 0.0
    return loss, {"box": float(lb), "cls": float(lc), "obj": float(lo), "iou": mean_iou}


class EMA:
    def __init__(self, model, decay=0.995, tau=100.0):
        self.model = copy.deepcopy(model).eval()
        self.decay, self.tau, self.updates = decay, tau, 0
        for q in self.model.parameters():
            q.requires_grad_(False)

    @torch.no_grad()
    def update(self, model):
        self.updates += 1
        d = self.decay * (1 - math.exp(-self.updates / self.tau))
        msd = model.state_dict()
        for k, v in self.model.state_dict().items():
            if v.dtype.is_floating_point:
                v.mul_(d).add_(msd[k].detach(), alpha=1 - d)
            else:
                v.copy_(msd[k])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frames", type=int, default=1200, help="synthetic training frames (cached)")
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--eval-frames", type=int, default=200)
    ap.add_argument("--out", default=os.path.join(HERE, "runs"))
    args = ap.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()

    model = Detector()
    n_params = sum(q.numel() for q in model.parameters())
    print(f"params {n_params}", flush=True)
    decay, no_decay = [], []
    for name, q in model.named_parameters():
        (decay if q.ndim == 4 else no_decay).append(q)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 5e-4}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.999))
    warm = 30

    def lr_at(step):
        if step < warm:
            return args.lr * (step + 1) / warm
        t = (step - warm) / max(1, args.steps - warm)
        return args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * t)))

    ema = EMA(model)
    cache = {}
    log = []
    model.train()
    for step in range(args.steps):
        xs, gts = [], []
        for j in range(args.batch):
            slot = (step * args.batch + j) % args.frames
            if slot not in cache:
                x, gt, _, _, _ = synth.sample(synth.TRAIN_SEED0 + args.seed * 1_000_000 + slot)
                cache[slot] = (torch.from_numpy(x[0].copy()), gt)
            g1, gt = cache[slot]
            k = int(np.random.default_rng([args.seed, step, j]).integers(0, 8))
            x, gt = dihedral(g1[None].expand(3, -1, -1), gt, k)
            xs.append(x)
            gts.append(gt)
        x = torch.stack(xs).contiguous()
        for gr in opt.param_groups:
            gr["lr"] = lr_at(step)
        p = model(x)
        loss, parts = compute_loss(p, gts)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        opt.step()
        ema.update(model)
        parts.update(step=step, loss=float(loss), lr=lr_at(step), t=round(time.time() - t0, 1))
        log.append(parts)
        if step % 10 == 0 or step == args.steps - 1:
            print(json.dumps(parts), flush=True)

    train_s = time.time() - t0
    ckpt = os.path.join(args.out, "detector.pt")
    torch.save({"model": ema.model.state_dict(), "args": vars(args), "params": n_params, "train_s": train_s}, ckpt)
    print(f"saved {ckpt}; training {train_s:.0f} s", flush=True)

    import evaluate

    res = evaluate.evaluate(ema.model, args.eval_frames)
    res["train_s"] = round(train_s, 1)
    res["params"] = n_params
    with open(os.path.join(args.out, "train_log.json"), "w") as f:
        json.dump({"args": vars(args), "result": res, "log": log}, f)
    print(json.dumps(res, indent=1), flush=True)


if __name__ == "__main__":
    main()
