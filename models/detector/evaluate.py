"""Held-out evaluation of the detector: precision, recall and mean matched IoU, per class, as JSON.

Why: the model card quotes these numbers; they are measured on seeded synthetic frames the model
never trained on (seeds synth.TEST_SEED0 + i), with the decode the exported ONNX files implement
(conf 0.25 on obj x cls, single best class per cell, class-aware NMS at IoU 0.45).  The python side
has no onnxruntime, so the PyTorch model is evaluated; the Node tests check the ONNX files against
testdata/expected.json, which this same decode produced.

Matching, per frame and class: predictions in descending score order take the unmatched ground-truth
box of their class with the highest IoU if it is >= 0.5 (true positive), else count as false
positives.  IoU is computed in frame pixels (boxes mapped back through the letterbox).
"class_agnostic" repeats the match ignoring labels (how often a box is found at all).

  /usr/bin/python3 models/detector/evaluate.py [--frames 200] [--ckpt models/detector/runs/detector.pt]
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synth  # noqa: E402
from net import Detector, box_iou, decode_raw, postprocess  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


@torch.no_grad()
def predict(model, frame):
    """A uint16/uint8 grey frame -> list of {label, x, y, width, height, score} in frame pixels."""
    x, (r, left, top) = synth.preprocess(frame)
    boxes, obj, cls = decode_raw(model(torch.from_numpy(x)[None]))
    b, s, c = postprocess(boxes[0], obj[0], cls[0])
    H, W = frame.shape
    out = []
    for (x0, y0, x1, y1), sc, lab in zip(b.tolist(), s.tolist(), c.tolist()):
        x0 = min(max((x0 - left) / r, 0.0), W)
        x1 = min(max((x1 - left) / r, 0.0), W)
        y0 = min(max((y0 - top) / r, 0.0), H)
        y1 = min(max((y1 - top) / r, 0.0), H)
        out.append({"label": synth.CLASSES[lab], "x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0, "score": sc})
    return out


def _xyxy(bs):
    return torch.tensor([[b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]] for b in bs],
                        dtype=torch.float64).reshape(-1, 4)


def match(preds, truth, agnostic=False):
    """Greedy match -> list of (class, matched IoU or None) per prediction, and gt counts per class."""
    preds = sorted(preds, key=lambda p: -p["score"])
    used = [False] * len(truth)
    iou = box_iou(_xyxy(preds), _xyxy(truth)) if preds and truth else None
    res = []
    for i, p in enumerate(preds):
        best, bj = 0.5, -1
        for j, t in enumerate(truth):
            if used[j] or (not agnostic and t["label"] != p["label"]):
                continue
            v = float(iou[i, j])
            if v >= best:
                best, bj = v, j
        if bj >= 0:
            used[bj] = True
            res.append((truth[bj]["label"] if agnostic else p["label"], best))
        else:
            res.append((p["label"], None))
    return res


def summarise(all_matches, all_truth):
    out = {}
    for name in list(synth.CLASSES) + ["all"]:
        keep = (lambda c: True) if name == "all" else (lambda c, n=name: c == n)
        n_gt = sum(1 for t in all_truth if keep(t["label"]))
        ms = [m for m in all_matches if keep(m[0])]
        tp = [m[1] for m in ms if m[1] is not None]
        n_pred = len(ms)
        out[name] = {
            "gt": n_gt,
            "pred": n_pred,
            "tp": len(tp),
            "precision": round(len(tp) / n_pred, 4) if n_pred else None,
            "recall": round(len(tp) / n_gt, 4) if n_gt else None,
            "mean_iou": round(float(np.mean(tp)), 4) if tp else None,
        }
    return out


def evaluate(model, n_frames=200, seed0=synth.TEST_SEED0):
    model.eval()
    ms, ms_ag, truth = [], [], []
    for i in range(n_frames):
        frame, boxes = synth.make_frame(seed0 + i)
        preds = predict(model, frame)
        ms += match(preds, boxes)
        # class-agnostic: the matched gt's class is credited for recall, precision counted overall
        ms_ag += match(preds, boxes, agnostic=True)
        truth += boxes
    res = {
        "frames": n_frames,
        "seeds": f"{seed0}..{seed0 + n_frames - 1}",
        "conf": 0.25,
        "nms_iou": 0.45,
        "match_iou": 0.5,
        "per_class": summarise(ms, truth),
    }
    ag = summarise(ms_ag, truth)
    res["class_agnostic"] = {"all": ag["all"], **{c: {"recall": ag[c]["recall"]} for c in synth.CLASSES}}
    return res


def load(ckpt):
    m = Detector()
    m.load_state_dict(torch.load(ckpt, map_location="cpu")["model"])
    return m.eval()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", default=os.path.join(HERE, "runs", "detector.pt"))
    ap.add_argument("--frames", type=int, default=200)
    args = ap.parse_args()
    torch.set_num_threads(1)
    print(json.dumps(evaluate(load(args.ckpt), args.frames), indent=1))
