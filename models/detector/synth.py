"""Synthetic 16-bit detector frames with ground truth, and the app's preprocessing.

Why: the detector model ships with the extension and must be rebuildable from nothing but this
repository, so its training data is generated here, deterministically from a seed.  The same file
holds the preprocessing the annotation editor applies before it runs the ONNX model (min-max
normalisation, Ultralytics-style letterbox), so that training, evaluation and the reference
predictions in testdata/ all see exactly what the app feeds the model.

A frame is a uint16 array (H, W) with H, W in 512..1024 drawn independently (mostly non-square):

  ADU = pedestal + gain * Poisson(sky(x, y) + objects(x, y)) + Normal(0, read_noise), rounded,
        clipped to 0..65535, then a few hot pixels (up to saturation) and sometimes cold pixels.

  sky: a flat photon level (2..200 e-/pixel) times a mild linear gradient (up to +-30 % across the
  frame); gain 0.5..3 ADU/e-; read noise 2..10 ADU; pedestal 100..2000 ADU.

Objects (1..15 per frame), amplitudes given as a peak signal-to-noise ratio against the frame's
noise in electrons, sigma_e = sqrt(sky + (read_noise / gain)^2):

  spot    a 2-D Gaussian (Bragg-peak-like), sigma 1.5..4 px, near round (axis ratio 0.85..1),
          peak SNR 5..200 (log-uniform).  Box: centre +- 3 sigma in x and y.
  streak  a straight track (a cosmic-ray muon crossing a pixel sensor): a segment of length 30..200 px
          at any angle with a Gaussian cross profile (sigma_w 0.6..1.2 px) and Landau-like charge
          fluctuations along it (Gamma-distributed, smoothed), peak SNR 4..60.  Box: the segment's
          end points +- 3 sigma_w.
  blob    a diffuse elliptical cluster: a rotated elliptical Gaussian envelope (sigma_major 5..15 px,
          sigma_minor >= 4 px, axis ratio 0.45..0.9) modulated by a smooth lumpy texture, peak SNR
          3..25.  Box: the axis-aligned box of the ellipse's 2-sigma contour (16..60 px).

Coordinates: 0-based pixel edges (pixel (i, j) covers x in [j, j+1), y in [i, i+1), its centre is at
j + 0.5, i + 0.5).  Boxes are (x, y, width, height) with (x, y) the top-left corner, always fully
inside the frame.  Objects are placed so that no two centres are closer than 10 px and no two boxes
overlap with IoU > 0.3.

Preprocessing (what the app does; see README.md):
  1. v = (frame - min) / (max - min)  (0 if the frame is flat), float32;
  2. r = min(640 / H, 640 / W); resize to (round(W r), round(H r)) with bilinear interpolation,
     half-pixel centres, no antialiasing (cv2.INTER_LINEAR / torch bilinear align_corners=False);
  3. pad to 640 x 640 with 114/255, left = round(dw - 0.1), top = round(dh - 0.1) where dw, dh are
     half the missing width / height (Ultralytics LetterBox(center=True));
  4. replicate grey to 3 channels, NCHW.
Steps 1 and 2 commute (both affine, the interpolation weights sum to 1), so an app that resizes first
gets the same input up to float rounding.  A box maps to the input as x' = x r + left, y' = y r + top.
"""
import math

import numpy as np

CLASSES = ("spot", "streak", "blob")
IMGSZ = 640
PAD_VALUE = 114.0 / 255.0

# Seed ranges: training frames use seeds from TRAIN_SEED0, the held-out set from TEST_SEED0.
TRAIN_SEED0 = 0
TEST_SEED0 = 10_000_000


def _log_uniform(rng, lo, hi):
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def _iou(a, b):
    ax0, ay0, aw, ah = a
    bx0, by0, bw, bh = b
    iw = max(0.0, min(ax0 + aw, bx0 + bw) - max(ax0, bx0))
    ih = max(0.0, min(ay0 + ah, by0 + bh) - max(ay0, by0))
    inter = iw * ih
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0


def _patch(cx, cy, hx, hy, W, H):
    """Integer pixel window covering centre +- half extents (clipped to the frame)."""
    x0 = max(0, int(math.floor(cx - hx)))
    x1 = min(W, int(math.ceil(cx + hx)) + 1)
    y0 = max(0, int(math.floor(cy - hy)))
    y1 = min(H, int(math.ceil(cy + hy)) + 1)
    xs = np.arange(x0, x1, dtype=np.float64) + 0.5
    ys = np.arange(y0, y1, dtype=np.float64) + 0.5
    return x0, x1, y0, y1, xs[None, :], ys[:, None]


def _smooth_field(rng, h, w, cells):
    """A smooth random field in [0, 1] on an (h, w) window: a coarse grid upsampled bilinearly."""
    gh, gw = cells + 1, cells + 1
    grid = rng.random((gh, gw))
    yy = np.linspace(0, gh - 1, h)
    xx = np.linspace(0, gw - 1, w)
    y0 = np.clip(np.floor(yy).astype(int), 0, gh - 2)
    x0 = np.clip(np.floor(xx).astype(int), 0, gw - 2)
    wy = (yy - y0)[:, None]
    wx = (xx - x0)[None, :]
    g00 = grid[y0][:, x0]
    g01 = grid[y0][:, x0 + 1]
    g10 = grid[y0 + 1][:, x0]
    g11 = grid[y0 + 1][:, x0 + 1]
    return (g00 * (1 - wx) + g01 * wx) * (1 - wy) + (g10 * (1 - wx) + g11 * wx) * wy


def _draw_spot(rng, sig, W, H, snr, flux):
    s = rng.uniform(1.5, 4.0)
    q = rng.uniform(0.85, 1.0)
    sx, sy = (s, s * q) if rng.random() < 0.5 else (s * q, s)
    hx, hy = 3.0 * sx, 3.0 * sy
    cx = rng.uniform(hx, W - hx)
    cy = rng.uniform(hy, H - hy)
    box = (cx - hx, cy - hy, 2 * hx, 2 * hy)

    def render():
        x0, x1, y0, y1, xs, ys = _patch(cx, cy, 5 * sx, 5 * sy, W, H)
        flux[y0:y1, x0:x1] += snr * sig * np.exp(-0.5 * (((xs - cx) / sx) ** 2 + ((ys - cy) / sy) ** 2))

    return (cx, cy), box, render


def _draw_streak(rng, sig, W, H, snr, flux):
    sw = rng.uniform(0.6, 1.2)
    m = 3.0 * sw
    for _ in range(50):
        length = rng.uniform(30.0, 200.0)
        ang = rng.uniform(0.0, math.pi)
        dx, dy = 0.5 * length * math.cos(ang), 0.5 * length * math.sin(ang)
        hx, hy = abs(dx) + m, abs(dy) + m
        if 2 * hx < W and 2 * hy < H:
            break
    cx = rng.uniform(hx, W - hx)
    cy = rng.uniform(hy, H - hy)
    box = (cx - hx, cy - hy, 2 * hx, 2 * hy)
    # Landau-like fluctuation of the deposited charge along the track: Gamma(k=3) knots every ~4 px.
    knots = max(2, int(length / 4) + 1)
    gam = rng.gamma(3.0, 1.0 / 3.0, size=knots)

    def render():
        x0, x1, y0, y1, xs, ys = _patch(cx, cy, abs(dx) + 4 * sw, abs(dy) + 4 * sw, W, H)
        ax, ay = cx - dx, cy - dy
        vx, vy = 2 * dx, 2 * dy
        t = ((xs - ax) * vx + (ys - ay) * vy) / (vx * vx + vy * vy)
        tc = np.clip(t, 0.0, 1.0)
        d2 = (xs - ax - tc * vx) ** 2 + (ys - ay - tc * vy) ** 2
        f = np.interp(tc, np.linspace(0.0, 1.0, knots), gam)
        flux[y0:y1, x0:x1] += snr * sig * f * np.exp(-0.5 * d2 / (sw * sw))

    return (cx, cy), box, render


def _draw_blob(rng, sig, W, H, snr, flux):
    sa = rng.uniform(5.0, 15.0)
    sb = max(4.0, sa * rng.uniform(0.45, 0.9))
    th = rng.uniform(0.0, math.pi)
    c, s = math.cos(th), math.sin(th)
    hx = 2.0 * math.sqrt((sa * c) ** 2 + (sb * s) ** 2)
    hy = 2.0 * math.sqrt((sa * s) ** 2 + (sb * c) ** 2)
    cx = rng.uniform(hx, W - hx)
    cy = rng.uniform(hy, H - hy)
    box = (cx - hx, cy - hy, 2 * hx, 2 * hy)
    cells = int(rng.integers(2, 5))
    tex_seed = int(rng.integers(0, 2**31))

    def render():
        x0, x1, y0, y1, xs, ys = _patch(cx, cy, 1.75 * hx, 1.75 * hy, W, H)
        u = (xs - cx) * c + (ys - cy) * s
        v = -(xs - cx) * s + (ys - cy) * c
        env = np.exp(-0.5 * ((u / sa) ** 2 + (v / sb) ** 2))
        tex = 0.55 + 0.9 * _smooth_field(np.random.default_rng(tex_seed), y1 - y0, x1 - x0, cells)
        flux[y0:y1, x0:x1] += snr * sig * env * tex

    return (cx, cy), box, render


_DRAW = {"spot": _draw_spot, "streak": _draw_streak, "blob": _draw_blob}
_SNR = {"spot": (5.0, 200.0), "streak": (4.0, 60.0), "blob": (3.0, 25.0)}


def make_frame(seed):
    """One synthetic frame: (uint16 array (H, W), list of {label, x, y, width, height})."""
    rng = np.random.default_rng(seed)
    H = int(rng.integers(512, 1025))
    W = int(rng.integers(512, 1025))
    sky0 = _log_uniform(rng, 2.0, 200.0)
    gain = rng.uniform(0.5, 3.0)
    read = rng.uniform(2.0, 10.0)
    pedestal = rng.uniform(100.0, 2000.0)
    gx, gy = rng.uniform(-0.3, 0.3, size=2)
    sig = math.sqrt(sky0 + (read / gain) ** 2)  # noise in electrons

    yy = (np.arange(H, dtype=np.float64)[:, None] + 0.5) / H - 0.5
    xx = (np.arange(W, dtype=np.float64)[None, :] + 0.5) / W - 0.5
    flux = sky0 * (1.0 + gx * xx + gy * yy)

    n_obj = int(rng.integers(1, 16))
    objs = []
    for _ in range(n_obj):
        label = CLASSES[int(rng.integers(0, 3))]
        for _try in range(30):
            snr = _log_uniform(rng, *_SNR[label])
            centre, box, render = _DRAW[label](rng, sig, W, H, snr, flux)
            ok = all(
                math.hypot(centre[0] - o["c"][0], centre[1] - o["c"][1]) >= 10.0 and _iou(box, o["box"]) <= 0.3
                for o in objs
            )
            if ok:
                objs.append({"label": label, "c": centre, "box": box, "render": render})
                break
    for o in objs:
        o["render"]()

    electrons = rng.poisson(np.clip(flux, 0.0, None))
    adu = pedestal + gain * electrons + rng.normal(0.0, read, size=(H, W))
    if rng.random() < 0.8:  # hot pixels, some saturated
        n_hot = int(rng.integers(1, 25))
        hy_ = rng.integers(0, H, size=n_hot)
        hx_ = rng.integers(0, W, size=n_hot)
        adu[hy_, hx_] = pedestal + np.exp(rng.uniform(math.log(30 * read), math.log(70000.0), size=n_hot))
    if rng.random() < 0.2:  # cold (dead) pixels
        n_cold = int(rng.integers(1, 4))
        adu[rng.integers(0, H, size=n_cold), rng.integers(0, W, size=n_cold)] = 0.0
    frame = np.clip(np.rint(adu), 0, 65535).astype(np.uint16)
    boxes = [
        {"label": o["label"], "x": o["box"][0], "y": o["box"][1], "width": o["box"][2], "height": o["box"][3]}
        for o in objs
    ]
    return frame, boxes


def normalise(frame):
    """The app's intensity normalisation: uint8 / 255, anything else min..max -> 0..1 (float32)."""
    if frame.dtype == np.uint8:
        return frame.astype(np.float32) / 255.0
    f = frame.astype(np.float64)
    lo, hi = float(f.min()), float(f.max())
    if hi <= lo:
        return np.zeros(frame.shape, np.float32)
    return ((f - lo) / (hi - lo)).astype(np.float32)


def _linear_axis(n_in, n_out):
    """Source indices and weights of bilinear resampling along one axis (half-pixel centres)."""
    scale = n_in / n_out
    src = (np.arange(n_out, dtype=np.float64) + 0.5) * scale - 0.5
    src = np.clip(src, 0.0, n_in - 1)
    i0 = np.floor(src).astype(np.int64)
    i1 = np.minimum(i0 + 1, n_in - 1)
    w = (src - i0).astype(np.float32)
    return i0, i1, w


def letterbox_params(h, w, size=IMGSZ):
    r = min(size / h, size / w)
    nw, nh = int(round(w * r)), int(round(h * r))
    dw, dh = (size - nw) / 2.0, (size - nh) / 2.0
    left, top = int(round(dw - 0.1)), int(round(dh - 0.1))
    return r, nw, nh, left, top


def letterbox(grey, size=IMGSZ):
    """(H, W) float32 in 0..1 -> (size, size) float32 letterboxed, and (r, left, top)."""
    h, w = grey.shape
    r, nw, nh, left, top = letterbox_params(h, w, size)
    img = grey
    if (nh, nw) != (h, w):
        y0, y1, wy = _linear_axis(h, nh)
        rows = img[y0] * (1 - wy)[:, None] + img[y1] * wy[:, None]
        x0, x1, wx = _linear_axis(w, nw)
        img = rows[:, x0] * (1 - wx)[None, :] + rows[:, x1] * wx[None, :]
    out = np.full((size, size), PAD_VALUE, np.float32)
    out[top : top + nh, left : left + nw] = img
    return out, (r, left, top)


def preprocess(frame, size=IMGSZ):
    """A frame (uint16/uint8 grey) -> the model input (3, size, size) float32 and (r, left, top)."""
    lb, meta = letterbox(normalise(frame), size)
    return np.broadcast_to(lb[None], (3, size, size)).copy(), meta


def boxes_to_input(boxes, meta):
    """Ground-truth boxes in frame pixels -> (n, 5) array [cls, x0, y0, x1, y1] in input pixels."""
    r, left, top = meta
    out = np.zeros((len(boxes), 5), np.float32)
    for i, b in enumerate(boxes):
        out[i] = (CLASSES.index(b["label"]), b["x"] * r + left, b["y"] * r + top,
                  (b["x"] + b["width"]) * r + left, (b["y"] + b["height"]) * r + top)
    return out


def sample(seed, size=IMGSZ):
    """A training/evaluation sample: input (3, size, size), gt (n, 5) in input pixels, frame, boxes, meta."""
    frame, boxes = make_frame(seed)
    x, meta = preprocess(frame, size)
    return x, boxes_to_input(boxes, meta), frame, boxes, meta


if __name__ == "__main__":
    import sys
    import time

    t = time.time()
    for s in range(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
        f, b = make_frame(s)
        print(s, f.shape, f.min(), f.max(), len(b), [x["label"] for x in b])
    print("s/frame", (time.time() - t) / max(1, s + 1))
