// Decoding a YOLO detector's raw output tensor into boxes, as the projects' own predictors do:
//   YOLOv5      [1, N, 5 + C]  rows (cx, cy, w, h, objectness, C class scores), score = obj × cls;
//               detect.py defaults conf 0.25, IoU 0.45.
//   YOLOv8/11   [1, 4 + C, N]  channels first (cx, cy, w, h, C class scores), no objectness;
//               Ultralytics predict defaults conf 0.25, IoU 0.7.
// Then the best class per box, the confidence threshold, class-aware greedy NMS (a box only
// suppresses boxes of its own class) and at most 300 detections, highest score first. Boxes stay in
// model input pixels; letterbox.ts maps them to the image. The layout is read from the shape, with
// the class count from the model's metadata when known, because the shape alone is ambiguous for
// small tensors and the editor must tell a wrong model from a bad decode.
import { LocalizedError, msg } from '../../text/message';
import type { Box } from './letterbox';

export type YoloLayout = 'yolov5' | 'yolov8';

/** The thresholds each project ships as its prediction defaults. */
export const LAYOUT_DEFAULTS: Readonly<Record<YoloLayout, { readonly conf: number; readonly iou: number }>> = {
  yolov5: { conf: 0.25, iou: 0.45 },
  yolov8: { conf: 0.25, iou: 0.7 },
};

export const MAX_DETECTIONS = 300;

export interface LayoutInfo {
  readonly layout: YoloLayout;
  readonly classCount: number;
  /** Candidate boxes (N). */
  readonly anchors: number;
}

export interface RawDetection {
  /** In model input pixels (top-left corner and size). */
  readonly box: Box;
  readonly score: number;
  readonly classIndex: number;
}

export interface DecodeOptions {
  /** The class count from the model's metadata, when it has one. */
  readonly classCount?: number;
  /** Force a layout instead of reading it from the shape. */
  readonly layout?: YoloLayout;
  /** Confidence threshold; the layout's default when absent. */
  readonly conf?: number;
  /** NMS IoU threshold; the layout's default when absent. */
  readonly iou?: number;
  readonly maxDetections?: number;
}

const EXPECTED = msg('YOLOv5 [1, N, 5 + classes] or YOLOv8/11 [1, 4 + classes, N]');

/**
 * The layout of an output tensor of these dims. With a known class count the feature axis must
 * match it exactly; without one, the feature axis is the shorter of the two (N is in the thousands
 * for any real input size). Should both fit (N happening to equal 5 + C), YOLOv8 is assumed.
 */
export function detectLayout(dims: readonly number[], classCount?: number): LayoutInfo {
  const shown = `[${dims.join(', ')}]`;
  if (dims.length !== 3 || dims[0] !== 1 || !dims.every((d) => Number.isInteger(d) && d > 0)) {
    throw new LocalizedError(msg('The detector\'s output has dims {0}; expected {1}.', shown, EXPECTED));
  }
  const [, a, b] = dims;
  if (classCount !== undefined) {
    if (a === 4 + classCount) return { layout: 'yolov8', classCount, anchors: b };
    if (b === 5 + classCount) return { layout: 'yolov5', classCount, anchors: a };
    throw new LocalizedError(msg('The detector\'s output has dims {0}, which fits neither YOLOv5 [1, N, {1}] nor YOLOv8/11 [1, {2}, N] for its {3} classes.', shown, 5 + classCount, 4 + classCount, classCount));
  }
  if (a < b && a >= 5) return { layout: 'yolov8', classCount: a - 4, anchors: b };
  if (b < a && b >= 6) return { layout: 'yolov5', classCount: b - 5, anchors: a };
  throw new LocalizedError(msg('The detector\'s output has dims {0}; expected {1}.', shown, EXPECTED));
}

export function decodeYoloOutput(dims: readonly number[], data: Float32Array, options: DecodeOptions = {}): { layout: LayoutInfo; detections: RawDetection[] } {
  const info = options.layout ? forcedLayout(dims, options.layout) : detectLayout(dims, options.classCount);
  const { layout, classCount: C, anchors: N } = info;
  const features = layout === 'yolov5' ? 5 + C : 4 + C;
  if (data.length !== N * features) throw new LocalizedError(msg('The detector\'s output holds {0} values; its dims [{1}] need {2}.', data.length, dims.join(', '), N * features));
  const conf = options.conf ?? LAYOUT_DEFAULTS[layout].conf;
  const iou = options.iou ?? LAYOUT_DEFAULTS[layout].iou;
  const maxDet = options.maxDetections ?? MAX_DETECTIONS;
  // Element f of candidate i: rows for YOLOv5, planes for YOLOv8.
  const at = layout === 'yolov5' ? (i: number, f: number): number => data[i * features + f] : (i: number, f: number): number => data[f * N + i];
  const firstClass = layout === 'yolov5' ? 5 : 4;
  const candidates: RawDetection[] = [];
  for (let i = 0; i < N; i++) {
    const obj = layout === 'yolov5' ? at(i, 4) : 1;
    // YOLOv5 drops a candidate on objectness alone before it looks at the classes.
    if (layout === 'yolov5' && !(obj > conf)) continue;
    let best = -1;
    let score = -Infinity;
    for (let c = 0; c < C; c++) {
      const s = obj * at(i, firstClass + c);
      if (s > score) {
        score = s;
        best = c;
      }
    }
    if (!(score > conf)) continue;
    const w = at(i, 2);
    const h = at(i, 3);
    // A box with no extent (or NaN coordinates) cannot be drawn or labelled: it is not a detection.
    if (!(w > 0 && h > 0) || !Number.isFinite(at(i, 0) + at(i, 1) + w + h)) continue;
    candidates.push({ box: { x: at(i, 0) - w / 2, y: at(i, 1) - h / 2, width: w, height: h }, score, classIndex: best });
  }
  return { layout: info, detections: nonMaxSuppression(candidates, iou, maxDet) };
}

function forcedLayout(dims: readonly number[], layout: YoloLayout): LayoutInfo {
  const ok = dims.length === 3 && dims[0] === 1 && dims.every((d) => Number.isInteger(d) && d > 0);
  const classCount = ok ? (layout === 'yolov5' ? dims[2] - 5 : dims[1] - 4) : 0;
  if (classCount < 1) throw new LocalizedError(msg('The detector\'s output has dims [{0}], which is not the {1} layout ({2}).', dims.join(', '), layout, EXPECTED));
  return { layout, classCount, anchors: layout === 'yolov5' ? dims[1] : dims[2] };
}

/** Intersection over union of two boxes (0 when either has no area). */
export function boxIou(a: Box, b: Box): number {
  const iw = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const ih = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/**
 * Greedy class-aware NMS: highest score first (ties in input order), a box is dropped when its IoU
 * with a kept box of the same class exceeds the threshold (torchvision's rule), until maxDet are kept.
 */
export function nonMaxSuppression(candidates: readonly RawDetection[], iou: number, maxDet: number): RawDetection[] {
  const order = candidates.map((_c, i) => i).sort((i, j) => candidates[j].score - candidates[i].score || i - j);
  const keptByClass = new Map<number, RawDetection[]>();
  const kept: RawDetection[] = [];
  for (const i of order) {
    if (kept.length >= maxDet) break;
    const d = candidates[i];
    const same = keptByClass.get(d.classIndex) ?? [];
    if (same.some((k) => boxIou(k.box, d.box) > iou)) continue;
    same.push(d);
    keptByClass.set(d.classIndex, same);
    kept.push(d);
  }
  return kept;
}
