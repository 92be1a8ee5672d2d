"""The detector network, its box decoding, NMS and the evaluation matcher (shared by train/export/evaluate).

Why one module: training, ONNX export, evaluation and the reference predictions in testdata/ must
decode boxes in exactly the same way, so the decode lives next to the network.

Network ("HAI-det-tiny"), input [B, 3, 640, 640] RGB 0..1 (a letterboxed grey frame):
  1. robust standardisation inside the graph: grey = mean of the channels; per image, the background
     level B = median of 8x8 block means and the noise scale S = median of 8x8 block means of
     |grey - 3x3 box mean|, both over the blocks that are not flat (the flat letterbox padding is
     left out); z = asinh((grey - B) / S / 3).  This makes the input independent of how the app's
     min..max normalisation squeezed the frame (a saturated hot pixel can leave the background in the
     bottom 0.1 % of the range).
  2. a strided conv backbone (3x3 conv + BatchNorm + SiLU) down to stride 32, a top-down path
     (nearest upsampling + lateral 1x1) back to stride 8, a 3x3 head conv and a 1x1 prediction conv:
     per stride-8 cell (80 x 80 = 6400 cells) tx, ty, tw, th, objectness and 3 class logits.
Decoding, per cell (gx, gy) with stride s = 8:
  cx = (gx + 0.5 + 4 sigmoid(tx) - 2) s,  cy likewise;  w = s exp(clamp(tw, -3, 5)),  h likewise;
  obj = sigmoid(to), cls_c = sigmoid(tc_c)  (score = obj x cls, the YOLOv5 convention).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

STRIDE = 8
NUM_CLASSES = 3
NO = 5 + NUM_CLASSES


def conv(ci, co, k=3, s=1, d=1):
    return nn.Sequential(
        nn.Conv2d(ci, co, k, s, padding=d * (k // 2), dilation=d, bias=False),
        nn.BatchNorm2d(co, eps=1e-3, momentum=0.03),
        nn.SiLU(),
    )


def robust_standardise(x):
    """[B, 3, H, W] in 0..1 -> [B, 1, H, W] background-subtracted, noise-scaled, asinh-compressed."""
    g = x.mean(1, keepdim=True)
    hp = (g - F.avg_pool2d(g, 3, 1, 1, count_include_pad=False)).abs()
    bn = F.avg_pool2d(hp, 8).flatten(1)  # block noise
    bm = F.avg_pool2d(g, 8).flatten(1)  # block mean
    valid = bn > 1e-7  # the letterbox padding is flat: its blocks have no noise
    n = valid.sum(1, keepdim=True)
    idx = torch.clamp((n - 1) // 2, min=0)
    big = torch.full_like(bn, 1e4)
    sn = torch.sort(torch.where(valid, bn, big), 1)[0]
    sm = torch.sort(torch.where(valid, bm, big), 1)[0]
    S = torch.gather(sn, 1, idx).clamp(min=1e-9)
    B = torch.gather(sm, 1, idx)
    S = torch.where(n > 0, S, torch.ones_like(S))
    B = torch.where(n > 0, B, torch.zeros_like(B))
    z = (g - B[:, :, None, None]) / (3.0 * S[:, :, None, None])
    return torch.asinh(z)


class Detector(nn.Module):
    def __init__(self, w=(16, 24, 32, 48, 64, 96)):
        super().__init__()
        c1, c2, c3, c4, c5, c6 = w
        self.stem = nn.Sequential(conv(1, c1, 3, 2), conv(c1, c2, 3, 2))  # /4
        self.s8 = nn.Sequential(conv(c2, c3, 3, 2), conv(c3, c3))  # /8
        self.s16 = nn.Sequential(conv(c3, c4, 3, 2), conv(c4, c4))  # /16
        self.s32 = nn.Sequential(conv(c4, c5, 3, 2), conv(c5, c5), conv(c5, c5, d=2))  # /32
        self.lat16 = nn.Conv2d(c5, c4, 1)
        self.td16 = conv(c4, c4)
        self.lat8 = nn.Conv2d(c4, c3, 1)
        self.td8 = conv(c3, c6)
        self.head = conv(c6, c6)
        self.pred = nn.Conv2d(c6, NO, 1)
        with torch.no_grad():  # prior: ~1 object per 1000 cells
            self.pred.bias.zero_()
            self.pred.bias[4] = -6.0
            self.pred.bias[5:] = -2.0

    def forward(self, x):
        z = robust_standardise(x)
        p8 = self.s8(self.stem(z))
        p16 = self.s16(p8)
        p32 = self.s32(p16)
        t16 = self.td16(p16 + F.interpolate(self.lat16(p32), scale_factor=2.0, mode="nearest"))
        t8 = self.td8(p8 + F.interpolate(self.lat8(t16), scale_factor=2.0, mode="nearest"))
        return self.pred(self.head(t8))  # [B, 8, H/8, W/8]


def grid(h, w, device=None):
    gy, gx = torch.meshgrid(torch.arange(h, device=device), torch.arange(w, device=device), indexing="ij")
    return gx.float(), gy.float()


def decode_raw(p):
    """Raw head output [B, 8, h, w] -> boxes [B, N, 4] (cx, cy, w, h input px), obj [B, N], cls [B, N, C]."""
    B, _, h, w = p.shape
    gx, gy = grid(h, w, p.device)
    cx = (gx + 0.5 + 4.0 * torch.sigmoid(p[:, 0]) - 2.0) * STRIDE
    cy = (gy + 0.5 + 4.0 * torch.sigmoid(p[:, 1]) - 2.0) * STRIDE
    bw = torch.exp(torch.clamp(p[:, 2], -3.0, 5.0)) * STRIDE
    bh = torch.exp(torch.clamp(p[:, 3], -3.0, 5.0)) * STRIDE
    boxes = torch.stack([cx, cy, bw, bh], -1).reshape(B, h * w, 4)
    obj = torch.sigmoid(p[:, 4]).reshape(B, h * w)
    cls = torch.sigmoid(p[:, 5:]).permute(0, 2, 3, 1).reshape(B, h * w, NUM_CLASSES)
    return boxes, obj, cls


def xywh2xyxy(b):
    return torch.stack([b[..., 0] - b[..., 2] / 2, b[..., 1] - b[..., 3] / 2,
                        b[..., 0] + b[..., 2] / 2, b[..., 1] + b[..., 3] / 2], -1)


def box_iou(a, b):
    """Pairwise IoU of xyxy boxes a [n, 4], b [m, 4] -> [n, m]."""
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    inter = (rb - lt).clamp(min=0).prod(-1)
    area_a = (a[:, 2:] - a[:, :2]).prod(-1)
    area_b = (b[:, 2:] - b[:, :2]).prod(-1)
    return inter / (area_a[:, None] + area_b[None, :] - inter + 1e-9)


def nms(boxes, scores, iou_thres):
    """Greedy NMS on xyxy boxes; returns kept indices in descending score order."""
    order = torch.argsort(scores, descending=True)
    keep = []
    iou = box_iou(boxes[order], boxes[order])
    suppressed = torch.zeros(len(order), dtype=torch.bool)
    for i in range(len(order)):
        if suppressed[i]:
            continue
        keep.append(int(order[i]))
        suppressed |= iou[i] > iou_thres
    return torch.tensor(keep, dtype=torch.long)


def postprocess(boxes, obj, cls, conf=0.25, iou_thres=0.45, max_det=300):
    """One image: boxes [N, 4] cxcywh, obj [N], cls [N, C] -> list of (xyxy, score, class) tensors.

    YOLOv5-style: score = obj x cls, single best class per cell, threshold, class-aware NMS.
    """
    scores_all = obj[:, None] * cls
    score, label = scores_all.max(1)
    m = score > conf
    b, s, c = xywh2xyxy(boxes[m]), score[m], label[m]
    if len(s) == 0:
        return b, s, c
    off = c.float()[:, None] * 4096.0  # class-aware: shift each class far apart
    k = nms(b + off, s, iou_thres)[:max_det]
    return b[k], s[k], c[k]
