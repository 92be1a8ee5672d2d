"""Writes the demo workspace's detector frames: 16-bit TIFFs (demo/frames/images/*.tif) and a small
NeXus-style HDF5 stack (demo/frames/scan_eiger.h5, /entry/data/data of 4 frames, uint32, gzip per
frame, with the NXentry/NXdata default attributes an Eiger writes), drawn by synth.py from seeds no
training or test frame uses, for trying the annotation editor (windowing, drawing, frames of a stack,
pre-labelling with the shipped detector) on data like a pixel detector's. Deterministic.
    /usr/bin/python3 models/detector/demo_frames.py
"""
import os
import sys

import h5py
import numpy as np
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
    # The stack: 320 x 320 crops of four more frames around their objects, as an Eiger master file holds them.
    crops = []
    for i in range(4):
        frame, boxes = synth.make_frame(DEMO_SEED0 + 10 + i)
        cx = int(np.median([b["x"] + b["width"] / 2 for b in boxes]))
        cy = int(np.median([b["y"] + b["height"] / 2 for b in boxes]))
        x0 = min(max(cx - 160, 0), frame.shape[1] - 320)
        y0 = min(max(cy - 160, 0), frame.shape[0] - 320)
        crops.append(frame[y0:y0 + 320, x0:x0 + 320].astype(np.uint32))
    stack = np.stack(crops)
    h5 = os.path.join(os.path.dirname(OUT), "scan_eiger.h5")
    with h5py.File(h5, "w", track_order=True) as f:
        f.attrs["default"] = "entry"
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry.attrs["default"] = "data"
        data = entry.create_group("data")
        data.attrs["NX_class"] = "NXdata"
        data.attrs["signal"] = "data"
        data.create_dataset("data", data=stack, chunks=(1, 320, 320), compression="gzip", compression_opts=4)
    print(h5, stack.shape)
