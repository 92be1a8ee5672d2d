// YOLO label files (one .txt per image, Ultralytics' convention): a line per object, the class id
// then coordinates normalised to the image's width and height (0…1):
//   detection     `class cx cy w h`             (a sixth number, a prediction's confidence, is written
//                                               back while the box and its class are as read; else
//                                               its leaving is said as a loss)
//   segmentation  `class x1 y1 x2 y2 x3 y3 …`   (three points or more, no box)
// Read into pixel-space shapes; written back with six decimals (a 6000-pixel image moves by under
// 0.003 px). What a task cannot hold is said, not silently changed: a polygon or a mask in a
// detection file becomes its bounding box, a mask in a segmentation file its outline polygons (one
// line, so one object, each; holes are not kept), a point has no YOLO form.
import { type Message, msg } from '../text/message';
import { traceOutlines } from './outline';
import { type Annotation, AnnotationError, boundingBox, maskBounds, type Shape, shapeName } from './shapes';

export type YoloTask = 'detect' | 'segment';

export interface YoloImage {
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** Class names in id order (classes.ts). */
  readonly classes: readonly string[];
}

export function parseYolo(text: string, image: YoloImage): Annotation {
  const { imageWidth: w, imageHeight: h, classes } = image;
  const shapes: Shape[] = [];
  text.replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, index) => {
      const line = index + 1;
      const tokens = raw.trim().split(/\s+/).filter(Boolean);
      if (tokens.length === 0) return;
      if (!/^\d+$/.test(tokens[0])) throw new AnnotationError(msg('"{0}" is not a class id (0, 1, 2…)', tokens[0]), line);
      const id = Number(tokens[0]);
      const label = classes[id];
      if (label === undefined) throw new AnnotationError(
          classes.length === 1
            ? msg('class {0} is not in the class list (1 class): add it to classes.txt or data.yaml', id)
            : msg('class {0} is not in the class list ({1} classes): add it to classes.txt or data.yaml', id, classes.length),
          line,
        );
      const v = tokens.slice(1).map(Number);
      const bad = v.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new AnnotationError(msg('"{0}" is not a number', tokens[bad + 1]), line);
      if (v.length === 4 || v.length === 5) {
        // A negative size (a converter's sign error) is read as the box around the same centre: a box of
        // negative size can be neither drawn nor edited.
        const [cx, cy] = v;
        const [bw, bh] = [Math.abs(v[2]), Math.abs(v[3])];
        const box = { kind: 'box' as const, label, x: (cx - bw / 2) * w, y: (cy - bh / 2) * h, width: bw * w, height: bh * h };
        // The confidence goes with the box as read: a moved or reclassified box is no longer the prediction it scored.
        const confidence = v.length === 5 ? { extra: { yolo: { confidence: tokens[5], label, box: [box.x, box.y, box.width, box.height] as const } } } : {};
        shapes.push({ ...box, ...confidence });
      } else if (v.length >= 6 && v.length % 2 === 0) {
        const points: [number, number][] = [];
        for (let i = 0; i < v.length; i += 2) points.push([v[i] * w, v[i + 1] * h]);
        shapes.push({ kind: 'polygon', label, points });
      } else {
        throw new AnnotationError(msg('expected a class and 4 numbers (a box) or an even number, at least 6, of coordinates (a polygon); found {0}', v.length), line);
      }
      // Finite numbers can still give an infinite box (1e308 − (−1e308)/2), which would be saved as
      // text no reader takes back.
      const s = shapes[shapes.length - 1];
      const geometry = s.kind === 'box' ? [s.x, s.y, s.width, s.height] : s.kind === 'polygon' ? s.points.flat() : [];
      if (!geometry.every(Number.isFinite)) throw new AnnotationError(msg('the coordinates are too large: the shape they give has no finite size'), line);
    });
  return { imageWidth: w, imageHeight: h, shapes };
}

export interface YoloOutput {
  readonly text: string;
  /** What this task could not keep as it is, one sentence each, for the user to confirm first. */
  readonly losses: readonly Message[];
}

export function writeYolo(annotation: Annotation, classes: readonly string[], task: YoloTask): YoloOutput {
  const { imageWidth: w, imageHeight: h } = annotation;
  if (!(w > 0 && h > 0)) throw new AnnotationError(msg('the image size {0} × {1} is not known: YOLO coordinates are fractions of it', w, h));
  const ids = new Map(classes.map((c, i) => [c, i]));
  let current = 0;
  const n = (v: number): string => {
    // toFixed writes NaN and Infinity as words no YOLO reader takes.
    if (!Number.isFinite(v)) throw new AnnotationError(msg('shape {0} has a coordinate of {1}, which a YOLO file cannot hold: move or redraw it', current + 1, String(v)));
    const s = v.toFixed(6);
    // -0.000000 and 0.000000 are the same coordinate.
    return s === '-0.000000' ? '0.000000' : s;
  };
  const lines: string[] = [];
  const losses: Message[] = [];
  annotation.shapes.forEach((shape, i) => {
    current = i;
    const id = ids.get(shape.label);
    if (id === undefined) throw new AnnotationError(msg('shape {0} has the class "{1}", which is not in the class list: add it first', i + 1, shape.label));
    const box = (b: { x: number; y: number; width: number; height: number }): string => `${id} ${n((b.x + b.width / 2) / w)} ${n((b.y + b.height / 2) / h)} ${n(b.width / w)} ${n(b.height / h)}`;
    const polygon = (points: readonly (readonly [number, number])[]): string => `${id} ${points.map(([x, y]) => `${n(x / w)} ${n(y / h)}`).join(' ')}`;
    if (shape.kind === 'point') {
      losses.push(msg('{0} has no {1} form and is left out', shapeName(shape, i), 'YOLO'));
      return;
    }
    if (shape.kind === 'mask' && maskBounds(shape.mask).width === 0) {
      losses.push(msg('{0} is empty and is left out', shapeName(shape, i)));
      return;
    }
    const read = shape.extra?.yolo;
    const scored = task === 'detect' && shape.kind === 'box' && read && read.label === shape.label && [shape.x, shape.y, shape.width, shape.height].every((v, k) => v === read.box[k]);
    if (read && !scored) losses.push(msg('{0} is not as it was read: the confidence {1} written with it is left out', shapeName(shape, i), read.confidence));
    if (task === 'detect') {
      if (shape.kind !== 'box') losses.push(msg('{0} becomes its bounding box', shapeName(shape, i)));
      lines.push(box(shape.kind === 'box' ? shape : shape.kind === 'polygon' ? boundingBox(shape.points) : maskBounds(shape.mask)) + (scored ? ` ${read.confidence}` : ''));
      return;
    }
    if (shape.kind === 'mask') {
      const outlines = traceOutlines(shape.mask);
      losses.push(
        outlines.length === 1
          ? msg('{0} becomes its outline polygon (holes are not kept)', shapeName(shape, i))
          : msg('{0} becomes {1} outline polygons, separate objects in YOLO (holes are not kept)', shapeName(shape, i), outlines.length),
      );
      for (const outline of outlines) lines.push(polygon(outline));
      return;
    }
    if (shape.kind === 'box') {
      losses.push(msg('{0} becomes a 4-point polygon (segmentation files hold polygons only)', shapeName(shape, i)));
      lines.push(polygon([[shape.x, shape.y], [shape.x + shape.width, shape.y], [shape.x + shape.width, shape.y + shape.height], [shape.x, shape.y + shape.height]]));
      return;
    }
    lines.push(polygon(shape.points));
  });
  return { text: lines.length ? `${lines.join('\n')}\n` : '', losses };
}
