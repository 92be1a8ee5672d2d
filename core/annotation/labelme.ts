// labelme JSON, one file per image, as labelme 5 writes it (json.dump with indent=2, keys in its
// order): version, flags, shapes [{label, points, group_id, description, shape_type, flags, mask}],
// imagePath, imageData (null, or the image in base64, kept as it is), imageHeight, imageWidth.
//
// Shape types:
//   rectangle  two opposite corners in any order → a box; written back in the file's corner order
//              while the box is unchanged, else top-left then bottom-right
//   polygon    → a polygon (shape_type missing means polygon, as labelme reads it)
//   point      → a point
//   mask       two points, the mask's first pixel and its last (inclusive, labelme's convention) and
//              a base64 PNG of the mask's box, 0 outside and non-zero inside → a mask; labelme
//              places the PNG at the first point rounded, which is what is read here
//   circle, line, linestrip, oriented_rectangle, any other, and a shape whose points do not fit its
//              type → an object kept unchanged (Annotation.kept, shapes.ts): the editor cannot change
//              them, labelme gets them back at their place, other formats say they leave them out.
// Unknown keys, at the top and in each shape, stay as they were: each shape carries its object in
// extra.labelme, the top-level keys come from the previous text. Coordinates are floats, written as
// Python writes them (10.0), so a file labelme wrote and this writer rewrote unchanged is the same text.
import type * as FastPng from 'fast-png' with { 'resolution-mode': 'import' };
import { LocalizedError, type Message, messageOf, msg } from '../text/message';
import { classNameProblem } from './classes';
import { formatJson, INDENT_2, jsonStyleOf, lineAt, parseJson, pyFloat } from './jsonText';
import { MAX_PIXELS } from './image/imageError';
import type { BinaryMask } from './mask';
import { type Annotation, AnnotationError, type KeptObject, sameGeometry, type Shape, shapeName } from './shapes';

// fast-png is an ES module only; label files are read synchronously, so it is loaded with require
// (Node ≥ 20.19 loads ES modules that way; the extension's bundle inlines it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const png: typeof FastPng = require('fast-png');

type Json = Record<string, unknown>;

export interface LabelmeImage {
  /** The image's path relative to the label file's folder: a new file's imagePath. */
  readonly imageFileName: string;
  /** Used where the file has no imageWidth / imageHeight. */
  readonly imageWidth?: number;
  readonly imageHeight?: number;
}

export interface LabelmeOutput {
  readonly text: string;
  readonly losses: readonly Message[];
}

/** The labelme format version new files say they follow (the one with description and mask). */
const VERSION = '5.5.0';
/** labelme's own layout: json.dump(indent=2), no newline at the end. */
const LABELME_STYLE = { ...INDENT_2, end: '' };

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPoint = (p: unknown): p is [number, number] => Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n));

/** The line of the n-th (0-based) shape, found by its `"points"` key: the parsed tree has no positions. */
function shapeLine(text: string, n: number): number | undefined {
  const re = /"points"\s*:/g;
  let m: RegExpExecArray | null = null;
  for (let i = 0; i <= n; i++) if (!(m = re.exec(text))) return undefined;
  return m ? lineAt(text, m.index) : undefined;
}

/** The largest side of a mask where neither the file nor the image says the image's size. */
const MAX_SIDE = 1 << 16;

function maskFromPng(base64: string, x: number, y: number, limit: { width: number; height: number }): BinaryMask {
  const bytes = Uint8Array.from(Buffer.from(base64, 'base64'));
  if (bytes.length < 24 || !png.hasPngSignature(bytes)) throw new LocalizedError(msg('its mask is not a base64 PNG'));
  // The size from the IHDR chunk first: fast-png would allocate whatever a damaged header claims.
  const view = new DataView(bytes.buffer, bytes.byteOffset, 24);
  const w = view.getUint32(16);
  const h = view.getUint32(20);
  if (w > limit.width || h > limit.height) throw new LocalizedError(msg('its mask is {0} × {1} pixels, larger than the image', w, h));
  if (w * h > MAX_PIXELS) throw new LocalizedError(msg('its mask is {0} × {1} pixels, more than the editor opens ({2} megapixels)', w, h, MAX_PIXELS / 1024 / 1024));
  const decoded = png.decode(bytes);
  const { width, height, depth, channels } = decoded;
  const data = new Uint8Array(width * height);
  const perRow = Math.ceil((width * channels * depth) / 8);
  const samples = decoded.data;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      // The first sample of each pixel: grey, red or a palette index; non-zero is inside.
      let v: number;
      if (depth < 8) {
        const bit = col * channels * depth;
        v = (samples[row * perRow + (bit >> 3)] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
      } else v = samples[(row * width + col) * channels];
      data[row * width + col] = v !== 0 ? 1 : 0;
    }
  }
  return { x, y, width, height, data };
}

function maskToPng(mask: BinaryMask): string {
  // labelme's own mask PNGs: 8-bit grey, 0 and 1.
  const data = new Uint8Array(mask.width * mask.height);
  for (let i = 0; i < data.length; i++) data[i] = mask.data[i] !== 0 ? 1 : 0;
  return Buffer.from(png.encode({ width: mask.width, height: mask.height, data, channels: 1, depth: 8 })).toString('base64');
}

type Read = { shape: Shape } | { kept: Message };

/** A labelme shape object as a Shape, or why it is kept as it is. */
function shapeOf(s: Json, limit: { width: number; height: number }): Read {
  const label = s.label as string;
  const points = s.points as [number, number][];
  const type = s.shape_type === undefined || s.shape_type === null ? 'polygon' : String(s.shape_type);
  const group = typeof s.group_id === 'number' ? { group: s.group_id } : {};
  const common = { label, ...group, extra: { labelme: s } };
  if (type === 'rectangle' && points.length === 2) {
    const [[x0, y0], [x1, y1]] = points;
    return { shape: { kind: 'box', ...common, x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) } };
  }
  if (type === 'polygon' && points.length >= 3) return { shape: { kind: 'polygon', ...common, points: points.map(([x, y]) => [x, y] as const) } };
  if (type === 'point' && points.length === 1) return { shape: { kind: 'point', ...common, x: points[0][0], y: points[0][1] } };
  if (type === 'mask' && points.length === 2 && typeof s.mask === 'string') {
    return { shape: { kind: 'mask', ...common, mask: maskFromPng(s.mask, Math.round(points[0][0]), Math.round(points[0][1]), limit) } };
  }
  const known = ['rectangle', 'polygon', 'point', 'mask'].includes(type);
  if (!known) return { kept: msg('{0} ({1})', type, label) };
  return { kept: points.length === 1 ? msg('{0} with 1 point ({1})', type, label) : msg('{0} with {1} points ({2})', type, points.length, label) };
}

function parseLabelme(text: string): Json {
  const root = parseJson(text, msg('the labelme file'));
  if (!isRecord(root) || !Array.isArray(root.shapes)) throw new AnnotationError(msg('the file is not a labelme annotation: it has no `shapes` list'), 1);
  return root;
}

export function readLabelme(text: string, image: LabelmeImage): Annotation {
  const root = parseLabelme(text);
  const size = (v: unknown, fallback: number | undefined): number => (typeof v === 'number' && v > 0 ? v : (fallback ?? 0));
  const imageWidth = size(root.imageWidth, image.imageWidth);
  const imageHeight = size(root.imageHeight, image.imageHeight);
  // A mask fits the image: the file's own size is not trusted alone, as a hostile file names any
  // size; the image's real size bounds it where known, and the pixel count is bounded as images are.
  const bound = (a: number, b: number | undefined): number => Math.min(a || MAX_SIDE, b && b > 0 ? b : MAX_SIDE);
  const limit = { width: bound(imageWidth, image.imageWidth), height: bound(imageHeight, image.imageHeight) };
  const shapes: Shape[] = [];
  const kept: KeptObject[] = [];
  (root.shapes as unknown[]).forEach((s, i) => {
    const where = (): number | undefined => shapeLine(text, i);
    if (!isRecord(s)) throw new AnnotationError(msg('shape {0} is not an object', i + 1), where());
    if (typeof s.label !== 'string') throw new AnnotationError(msg('shape {0} has no label: give it its class', i + 1), where());
    const problem = classNameProblem(s.label);
    if (problem) throw new AnnotationError(msg('shape {0}: {1}', i + 1, problem), where());
    if (!Array.isArray(s.points) || !s.points.every(isPoint)) throw new AnnotationError(msg('shape {0} ({1}): its points are not a list of [x, y] numbers', i + 1, s.label), where());
    let read: Read;
    try {
      read = shapeOf(s, limit);
    } catch (err) {
      if (err instanceof AnnotationError) throw err;
      throw new AnnotationError(msg('shape {0} ({1}): {2}; draw the mask again or remove the shape', i + 1, s.label, messageOf(err)), where());
    }
    // Finite corners can still give an infinite width (1e308 − (−1e308)), which no format can save.
    if ('shape' in read && read.shape.kind === 'box' && !(Number.isFinite(read.shape.width) && Number.isFinite(read.shape.height))) {
      throw new AnnotationError(msg('shape {0} ({1}): its points are too far apart: the shape they give has no finite size', i + 1, s.label), where());
    }
    if ('shape' in read) shapes.push(read.shape);
    else kept.push({ format: 'labelme', index: i, description: read.kept, data: s });
  });
  return kept.length ? { imageWidth, imageHeight, shapes, kept } : { imageWidth, imageHeight, shapes };
}

/** The points and shape_type (and mask) of a shape as labelme writes them. */
function geometryOf(shape: Shape): Json {
  switch (shape.kind) {
    case 'box':
      return {
        points: [
          [shape.x, shape.y],
          [shape.x + shape.width, shape.y + shape.height],
        ],
        shape_type: 'rectangle',
      };
    case 'polygon':
      return { points: shape.points.map(([x, y]) => [x, y]), shape_type: 'polygon' };
    case 'point':
      return { points: [[shape.x, shape.y]], shape_type: 'point' };
    case 'mask': {
      const m = shape.mask;
      return {
        points: [
          [m.x, m.y],
          [m.x + m.width - 1, m.y + m.height - 1],
        ],
        shape_type: 'mask',
        mask: maskToPng(m),
      };
    }
  }
}

function shapeObject(shape: Shape): Json {
  const original = shape.extra?.labelme;
  let unchanged = false;
  if (isRecord(original) && Array.isArray(original.points) && original.points.every(isPoint)) {
    try {
      const read = shapeOf(original, { width: Infinity, height: Infinity });
      unchanged = 'shape' in read && sameGeometry(read.shape, shape);
    } catch {
      unchanged = false;
    }
  }
  const geometry = unchanged ? { points: original!.points, shape_type: original!.shape_type, mask: original!.mask } : geometryOf(shape);
  // labelme 5's key order; a file's own order (and its unknown keys, first in labelme's) wins.
  const fresh = { label: undefined, points: undefined, group_id: null, description: '', shape_type: undefined, flags: {}, mask: null };
  const base: Json = isRecord(original) ? { ...original } : fresh;
  base.label = shape.label;
  if (shape.group !== undefined || 'group_id' in base) base.group_id = shape.group ?? null;
  base.points = (geometry.points as [number, number][]).map(([x, y]) => [pyFloat(x), pyFloat(y)]);
  if (geometry.shape_type !== undefined || 'shape_type' in base) base.shape_type = geometry.shape_type;
  if (geometry.mask !== undefined) base.mask = geometry.mask;
  else if ('mask' in base && shape.kind !== 'mask') base.mask = null;
  return base;
}

/** One image's shapes as a labelme file: the previous file with its shapes replaced, or a new one. */
export function writeLabelme(annotation: Annotation, image: LabelmeImage & { readonly previous?: string }): LabelmeOutput {
  const root: Json =
    image.previous === undefined
      ? { version: VERSION, flags: {}, shapes: [], imagePath: image.imageFileName, imageData: null, imageHeight: annotation.imageHeight, imageWidth: annotation.imageWidth }
      : parseLabelme(image.previous);
  const style = image.previous === undefined ? LABELME_STYLE : jsonStyleOf(image.previous);
  const losses: Message[] = [];
  const shapes: unknown[] = [];
  annotation.shapes.forEach((shape, i) => {
    if (shape.kind === 'mask' && shape.mask.width * shape.mask.height === 0) losses.push(msg('{0} is empty and is left out (labelme cannot open an empty mask)', shapeName(shape, i)));
    else shapes.push(shapeObject(shape));
  });
  const kept = (annotation.kept ?? []).filter((k) => k.format === 'labelme').sort((a, b) => a.index - b.index);
  for (const k of kept) {
    const floats = isRecord(k.data) && Array.isArray(k.data.points) && k.data.points.every(isPoint);
    const data = floats ? { ...(k.data as Json), points: ((k.data as Json).points as [number, number][]).map(([x, y]) => [pyFloat(x), pyFloat(y)]) } : k.data;
    shapes.splice(Math.min(k.index, shapes.length), 0, data);
  }
  root.shapes = shapes;
  if (annotation.imageWidth > 0 && annotation.imageHeight > 0) {
    root.imageHeight = annotation.imageHeight;
    root.imageWidth = annotation.imageWidth;
  }
  return { text: formatJson(root, style), losses };
}
