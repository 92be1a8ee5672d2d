"""Export the trained detector to the two ONNX layouts the app reads, with Ultralytics-style metadata,
and write the held-out reference frames and predictions in testdata/.

Why: the annotation editor accepts YOLOv5-layout and YOLOv8/11-layout detection models; shipping the
same weights in both lets the Node tests exercise both decoders against one PyTorch reference.

  hai-det-tiny-v5.onnx  images [1,3,640,640] -> output0 [1, 6400, 8]: cx, cy, w, h (input px),
                        objectness, 3 class scores (sigmoids; score = obj x cls)
  hai-det-tiny-v8.onnx  images [1,3,640,640] -> output0 [1, 7, 6400]: cx, cy, w, h (input px),
                        3 class scores already multiplied by the objectness

metadata_props (as Ultralytics writes them): description, author, license, stride, task, batch,
imgsz, names, plus hai_layout ('yolov5' / 'yolov8') and hai_preprocess (a one-line reminder).

testdata/: frames of the held-out seeds as 16-bit grey PNG, truth.json (ground truth in frame pixels,
x/y top-left, 0-based pixel edges) and expected.json (this model's detections after the decode of
evaluate.py: conf 0.25, class-aware NMS 0.45, mapped back to frame pixels; plus the letterbox
parameters and raw output rows of the best cells so a port can check each stage).

  /usr/bin/python3 models/detector/export.py [--ckpt models/detector/runs/detector.pt]
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synth  # noqa: E402
from evaluate import load, predict  # noqa: E402
from net import decode_raw  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "hai-det-tiny"
OPSET = 13
# The project's licence (LICENSE at the repository's root): original work, no third-party data or weights.
LICENSE = "MIT"
# Held-out test seeds for testdata/: chosen among the first test seeds to cover tall, wide and
# near-square frames and all three classes.
TEST_SEEDS_N = 6


class Layout(nn.Module):
    def __init__(self, model, layout):
        super().__init__()
        self.model, self.layout = model, layout

    def forward(self, images):
        boxes, obj, cls = decode_raw(self.model(images))
        if self.layout == "v5":
            return torch.cat([boxes, obj[..., None], cls], -1)  # [1, N, 5 + C]
        return torch.cat([boxes, obj[..., None] * cls], -1).permute(0, 2, 1)  # [1, 4 + C, N]


def metadata(layout):
    return {
        "description": f"HAI-det-tiny: spots, streaks and blobs in detector frames ({'YOLOv5' if layout == 'v5' else 'YOLOv8'} output layout)",
        "author": "HAI for VS Code",
        "license": LICENSE,
        "version": "1.0",
        "stride": "32",
        "task": "detect",
        "batch": "1",
        "imgsz": "[640, 640]",
        "names": str({i: n for i, n in enumerate(synth.CLASSES)}),
        "hai_layout": "yolov5" if layout == "v5" else "yolov8",
        "hai_preprocess": "grey frame min..max -> 0..1 (8-bit: /255), letterbox 640 bilinear, pad 114/255, grey x3, NCHW",
    }


def _asinh(g, x):  # torch 1.13's exporter lacks aten::asinh; ONNX has had Asinh since opset 9
    return g.op("Asinh", x)


torch.onnx.register_custom_op_symbolic("aten::asinh", _asinh, OPSET)


def export(model, path, layout):
    wrapped = Layout(model, layout).eval()
    x = torch.from_numpy(synth.preprocess(synth.make_frame(synth.TEST_SEED0)[0])[0])[None]
    torch.onnx.export(wrapped, x, path, opset_version=OPSET, input_names=["images"], output_names=["output0"],
                      do_constant_folding=True)
    m = onnx.load(path)
    del m.metadata_props[:]
    for k, v in metadata(layout).items():
        p = m.metadata_props.add()
        p.key, p.value = k, v
    m.producer_name = "hai-models-detector"
    onnx.checker.check_model(m)
    onnx.save(m, path)
    dims = [d.dim_value for d in m.graph.output[0].type.tensor_type.shape.dim]
    print(f"{path}: {os.path.getsize(path)} bytes, output0 {dims}")
    return dims


def write_testdata(model, outdir):
    os.makedirs(outdir, exist_ok=True)
    truth, expected = {}, {}
    for i in range(TEST_SEEDS_N):
        seed = synth.TEST_SEED0 + i
        frame, boxes = synth.make_frame(seed)
        name = f"frame_{seed}.png"
        Image.fromarray(frame).save(os.path.join(outdir, name))  # mode I;16 -> 16-bit grey PNG
        back = np.array(Image.open(os.path.join(outdir, name)))
        assert back.shape == frame.shape and np.array_equal(back.astype(np.uint16), frame), name
        H, W = frame.shape
        truth[name] = {"seed": seed, "width": W, "height": H,
                       "boxes": [{k: (round(v, 3) if isinstance(v, float) else v) for k, v in b.items()} for b in boxes]}
        preds = predict(model, frame)
        x, (r, left, top) = synth.preprocess(frame)
        with torch.no_grad():
            bx, obj, cls = decode_raw(model(torch.from_numpy(x)[None]))
        score = (obj[0][:, None] * cls[0]).max(1)[0]
        top_cells = torch.argsort(score, descending=True)[:5].tolist()
        rows = torch.cat([bx[0], obj[0][:, None], cls[0]], 1)
        _, nw, nh, _, _ = synth.letterbox_params(H, W)
        expected[name] = {
            "width": W, "height": H,
            "letterbox": {"r": r, "new_width": nw, "new_height": nh, "left": left, "top": top},
            "input_mean": float(x.mean()),
            "output0_v5_rows": {str(c): [round(v, 5) for v in rows[c].tolist()] for c in top_cells},
            "detections": [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in p.items()} for p in preds],
        }
        print(name, f"{W}x{H}", len(boxes), "objects,", len(preds), "detections")
    with open(os.path.join(outdir, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1)
    with open(os.path.join(outdir, "expected.json"), "w") as f:
        json.dump({"conf": 0.25, "nms_iou": 0.45, "decode": "score = obj x cls, best class per cell, class-aware NMS",
                   "tolerance": "boxes within 1 px (frame pixels), scores within 0.02", "frames": expected}, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", default=os.path.join(HERE, "runs", "detector.pt"))
    ap.add_argument("--outdir", default=HERE)
    args = ap.parse_args()
    torch.set_num_threads(1)
    model = load(args.ckpt)
    for layout in ("v5", "v8"):
        export(model, os.path.join(args.outdir, f"{NAME}-{layout}.onnx"), layout)
    write_testdata(model, os.path.join(args.outdir, "testdata"))


if __name__ == "__main__":
    main()
