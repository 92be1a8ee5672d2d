"""Writes the demo workspace's detector frames (demo/frames/images/*.tif): 16-bit TIFFs drawn by
synth.py from seeds no training or test frame uses, for trying the annotation editor (windowing,
drawing, pre-labelling with the shipped detector) on data like a pixel detector's. Deterministic.
    /usr/bin/python3 models/detector/demo_frames.py
"""
import os
import sys

import tifffile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synth  # noqa: E402

DEMO_SEED0 = 20_000_000
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "demo", "frames", "images")

if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for i in range(3):
        frame, boxes = synth.make_frame(DEMO_SEED0 + i)
        path = os.path.join(OUT, f"run042_frame{i:04d}.tif")
        tifffile.imwrite(path, frame, compression="zlib", photometric="minisblack")
        print(path, frame.shape, len(boxes), "objects")
