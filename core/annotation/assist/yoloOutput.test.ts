// Decoding detector outputs from hand-built tensors in both layouts: the layout read from the
// shape (with and without the class count), scores, thresholds and their per-project defaults,
// class-aware NMS, the 300-box cap, and the error the editor shows for a tensor that fits neither.
import * as assert from 'node:assert/strict';
import { boxIou, decodeYoloOutput, detectLayout, MAX_DETECTIONS } from './yoloOutput';

type Row = number[];

// YOLOv5: one row per candidate (cx, cy, w, h, obj, cls…).
function v5(rows: Row[]): { dims: number[]; data: Float32Array } {
  return { dims: [1, rows.length, rows[0].length], data: Float32Array.from(rows.flat()) };
}

// YOLOv8: the same candidates (cx, cy, w, h, cls…) stored channels first.
function v8(rows: Row[]): { dims: number[]; data: Float32Array } {
  const f = rows[0].length;
  const data = new Float32Array(f * rows.length);
  rows.forEach((r, i) => r.forEach((v, k) => (data[k * rows.length + i] = v)));
  return { dims: [1, f, rows.length], data };
}

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

describe('YOLO output decoding', () => {
  it('reads the layout from the shape: the class axis is the short one', () => {
    assert.deepEqual(detectLayout([1, 25200, 85]), { layout: 'yolov5', classCount: 80, anchors: 25200 });
    assert.deepEqual(detectLayout([1, 84, 8400]), { layout: 'yolov8', classCount: 80, anchors: 8400 });
    assert.deepEqual(detectLayout([1, 7, 8400], 3), { layout: 'yolov8', classCount: 3, anchors: 8400 });
    assert.deepEqual(detectLayout([1, 8400, 8], 3), { layout: 'yolov5', classCount: 3, anchors: 8400 });
    // With the class count known, tensors with fewer candidates than features are read right too.
    assert.deepEqual(detectLayout([1, 5, 3], 1), { layout: 'yolov8', classCount: 1, anchors: 3 });
    assert.deepEqual(detectLayout([1, 3, 6], 1), { layout: 'yolov5', classCount: 1, anchors: 3 });
  });

  it('says the dims it found and the two layouts it expected when neither fits', () => {
    assert.throws(() => detectLayout([1, 8400, 7], 3), { message: "The detector's output has dims [1, 8400, 7], which fits neither YOLOv5 [1, N, 8] nor YOLOv8/11 [1, 7, N] for its 3 classes." });
    assert.throws(() => detectLayout([8400, 7]), /dims \[8400, 7\]; expected YOLOv5 \[1, N, 5 \+ classes\] or YOLOv8\/11 \[1, 4 \+ classes, N\]/);
    assert.throws(() => detectLayout([2, 84, 8400]), /dims \[2, 84, 8400\]/);
    assert.throws(() => decodeYoloOutput([1, 84, 8400], new Float32Array(10)), /holds 10 values; its dims \[1, 84, 8400\] need 705600/);
  });

  it('decodes YOLOv5 rows: score = objectness × class, best class, corner boxes, highest first', () => {
    const t = v5([
      [100, 50, 20, 10, 0.9, 0.2, 0.8], // class 1, 0.72
      [300, 300, 40, 40, 0.5, 0.9, 0.1], // class 0, 0.45
      [10, 10, 4, 4, 0.2, 1.0, 1.0], // objectness under 0.25: dropped before the classes
      [200, 200, 10, 10, 0.3, 0.5, 0.5], // 0.15: under the threshold
    ]);
    const { layout, detections } = decodeYoloOutput(t.dims, t.data, { classCount: 2 });
    assert.equal(layout.layout, 'yolov5');
    assert.deepEqual(detections.map((d) => ({ ...d, score: round(d.score) })), [
      { box: { x: 90, y: 45, width: 20, height: 10 }, score: 0.72, classIndex: 1 },
      { box: { x: 280, y: 280, width: 40, height: 40 }, score: 0.45, classIndex: 0 },
    ]);
  });

  it('decodes YOLOv8 planes: the class score is the score, no objectness', () => {
    const t = v8([
      [100, 50, 20, 10, 0.2, 0.8],
      [300, 300, 40, 40, 0.3, 0.1],
      [5, 5, 2, 2, 0.26, 0.1],
    ]);
    const { layout, detections } = decodeYoloOutput(t.dims, t.data, { classCount: 2 });
    assert.equal(layout.layout, 'yolov8');
    assert.deepEqual(detections.map((d) => ({ ...d, score: round(d.score) })), [
      { box: { x: 90, y: 45, width: 20, height: 10 }, score: 0.8, classIndex: 1 },
      { box: { x: 280, y: 280, width: 40, height: 40 }, score: 0.3, classIndex: 0 },
      { box: { x: 4, y: 4, width: 2, height: 2 }, score: 0.26, classIndex: 0 },
    ]);
    // A higher confidence threshold keeps only the best.
    assert.equal(decodeYoloOutput(t.dims, t.data, { classCount: 2, conf: 0.5 }).detections.length, 1);
  });

  it('suppresses within a class only, with each project’s default IoU (0.45 for v5, 0.7 for v8)', () => {
    // Two class-0 boxes overlapping with IoU 0.6, and a class-1 box on top of the first.
    const a = [50, 50, 100, 100];
    const b = [75, 50, 100, 100];
    assert.equal(round(boxIou({ x: 0, y: 0, width: 100, height: 100 }, { x: 25, y: 0, width: 100, height: 100 })), 0.6);
    const t5 = v5([[...a, 1, 0.9, 0], [...b, 1, 0.8, 0], [...a, 1, 0, 0.7]]);
    const d5 = decodeYoloOutput(t5.dims, t5.data, { classCount: 2 }).detections;
    assert.deepEqual(d5.map((d) => [d.classIndex, round(d.score)]), [[0, 0.9], [1, 0.7]]);
    const t8 = v8([[...a, 0.9, 0], [...b, 0.8, 0], [...a, 0, 0.7]]);
    const d8 = decodeYoloOutput(t8.dims, t8.data, { classCount: 2 }).detections;
    assert.deepEqual(d8.map((d) => [d.classIndex, round(d.score)]), [[0, 0.9], [0, 0.8], [1, 0.7]]);
    // An explicit IoU threshold overrides the default.
    assert.equal(decodeYoloOutput(t8.dims, t8.data, { classCount: 2, iou: 0.5 }).detections.length, 2);
  });

  it('keeps at most 300 detections, the highest scores, and skips boxes with no extent', () => {
    const rows: Row[] = Array.from({ length: 400 }, (_v, i) => [(i % 20) * 30 + 10, Math.floor(i / 20) * 30 + 10, 8, 8, 0.3 + i / 1000]);
    rows.push([5, 5, 0, 8, 0.99], [5, 5, 8, NaN, 0.99]);
    const t = v8(rows);
    const { detections } = decodeYoloOutput(t.dims, t.data, { classCount: 1 });
    assert.equal(detections.length, MAX_DETECTIONS);
    assert.equal(round(detections[0].score), 0.699);
    assert.equal(round(detections[299].score), 0.4);
    assert.ok(detections.every((d) => d.box.width === 8 && d.box.height === 8));
  });

  it('can be told the layout, and refuses a tensor that is not in it', () => {
    const t = v5([[10, 10, 4, 4, 0.9, 0.9]]);
    assert.equal(decodeYoloOutput(t.dims, t.data, { layout: 'yolov5' }).detections.length, 1);
    assert.throws(() => decodeYoloOutput([1, 8400, 5], new Float32Array(5 * 8400), { layout: 'yolov5' }), /dims \[1, 8400, 5\], which is not the yolov5 layout/);
  });
});
