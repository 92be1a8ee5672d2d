#!/usr/bin/env python3
"""Loss (nats/token) of bf16 training weights in fp32 PyTorch on plain-text windows spread evenly over the
unseen packages, per package: the same kind of windows train.py logs as unseen_loss, more of them.

bench/codeQuality.ts's bits/byte reads the split's first files only (--bpb-files 40: 39 of them
python3-emcee's), so it can miss a change that the other packages show. Prints JSON.

    /usr/bin/python3 models/train/unseen_loss.py --work .cache/v2 --windows 128 \
      earlier=.cache/v2/h200/weights-25m.pt continued=.cache/v2/h200/weights-25m-2026-12-04.pt
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import load_checkpoint  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True)
    p.add_argument("--windows", type=int, default=128)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("weights", nargs="+", metavar="LABEL=WEIGHTS")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    ids = np.memmap(os.path.join(args.work, "tokens", "unseen.bin"), dtype=np.uint16, mode="r")
    with open(os.path.join(args.work, "tokens", "unseen.docs.json"), encoding="utf-8") as f:
        offsets = np.array([d["offset"] for d in json.load(f)])
    with open(os.path.join(args.work, "corpus", "unseen.jsonl"), encoding="utf-8") as f:
        packages = [json.loads(line)["package"] for line in f if line.strip()]
    out = {"windows": args.windows, "models": {}}
    for spec in args.weights:
        label, path = spec.split("=", 1)
        model, _ = load_checkpoint(path)
        context = model.cfg.context
        step = (len(ids) - context - 1) // args.windows
        losses = {}
        with torch.no_grad():
            for start in range(0, step * args.windows, step):
                x = torch.tensor(ids[start:start + context + 1].astype(np.int64))[None]
                package = packages[int(np.searchsorted(offsets, start, side="right")) - 1]
                losses.setdefault(package, []).append(F.cross_entropy(model(x[:, :-1]).float()[0], x[0, 1:]).item())
        every = [v for values in losses.values() for v in values]
        out["models"][label] = {"weights": os.path.basename(path), "all": round(float(np.mean(every)), 4),
                                "byPackage": {k: {"windows": len(v), "loss": round(float(np.mean(v)), 4)} for k, v in sorted(losses.items())}}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
