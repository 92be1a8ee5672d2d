// The annotation editor's own model of labels: shapes in float pixel coordinates of the image (x to
// the right, y down, the image's top-left corner at 0, 0; a pixel's edges lie on whole numbers),
// whatever format they came from or go to. Rounding happens only when a format is written.
//
// Beyond kind, label and geometry a shape may carry two optional fields, so that a file read and
// written back keeps what its format holds and this model does not:
//   group  shapes of one object: labelme's group_id, the polygons of one multi-part COCO object.
//          Writers that hold objects of several parts (COCO) join the polygons with the same label
//          and group; the others write each shape on its own.
//   extra  per format, what the file said about the shape besides (COCO's annotation with its id,
//          iscrowd and unknown keys; the VOC <object> with pose, truncated, difficult and unknown
//          elements; labelme's description, flags and unknown keys). Opaque to the editor, which
//          copies it when it edits a shape; only the format it names reads it. Each writer checks
//          that the geometry is still what the file held before reusing the stored form of it.
// Objects no kind can hold (labelme's circles and lines) travel in Annotation.kept.
import { LocalizedError, type Message, msg } from '../text/message';
import type { BinaryMask } from './mask';

export interface ShapeExtra {
  /** The annotation object as the COCO file held it (coco.ts). */
  readonly coco?: Readonly<Record<string, unknown>>;
  /** The <object> element as the VOC file held it (voc.ts). */
  readonly voc?: Readonly<Record<string, unknown>>;
  /** The shape object as the labelme file held it (labelme.ts). */
  readonly labelme?: Readonly<Record<string, unknown>>;
  /** A YOLO box's sixth column (a prediction's confidence, as written) with the box and class it came with (yolo.ts). */
  readonly yolo?: { readonly confidence: string; readonly label: string; readonly box: readonly [number, number, number, number] };
}

interface ShapeCommon {
  readonly label: string;
  /** Shapes with the same label and group are parts of one object. */
  readonly group?: number;
  readonly extra?: ShapeExtra;
}

/** An axis-aligned box: its top-left corner and size, in pixels. */
export interface BoxShape extends ShapeCommon {
  readonly kind: 'box';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A closed polygon, at least three vertices, in order. */
export interface PolygonShape extends ShapeCommon {
  readonly kind: 'polygon';
  readonly points: readonly (readonly [number, number])[];
}

export interface PointShape extends ShapeCommon {
  readonly kind: 'point';
  readonly x: number;
  readonly y: number;
}

/** Whole pixels (what COCO RLE and labelme's mask shapes hold). */
export interface MaskShape extends ShapeCommon {
  readonly kind: 'mask';
  readonly mask: BinaryMask;
}

export type Shape = BoxShape | PolygonShape | PointShape | MaskShape;

/**
 * An object of the file that no Shape kind holds (labelme's circle, line, linestrip…): the editor
 * does not show it for editing and passes it on; the format it came from writes it back unchanged at
 * its place, any other format says that it leaves it out.
 */
export interface KeptObject {
  readonly format: 'labelme';
  /** Its index among the file's objects, where a rewrite puts it back. */
  readonly index: number;
  /** For the user, e.g. `circle (cell)` (plain text in backups written before it was a message). */
  readonly description: Message | string;
  /** The object as the file held it. */
  readonly data: unknown;
}

export interface Annotation {
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly shapes: readonly Shape[];
  readonly kept?: readonly KeptObject[];
}

/** A label file that cannot be read, with the line (1-based) at fault when there is one. */
export class AnnotationError extends LocalizedError {
  constructor(
    message: string | Message,
    readonly line?: number,
  ) {
    super(line === undefined ? message : msg('line {0}: {1}', line, message));
    this.name = 'AnnotationError';
  }
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The smallest box holding a polygon (what a box-only format can keep of it). */
export function boundingBox(points: readonly (readonly [number, number])[]): Rect {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** The smallest box holding a mask's inside pixels; an empty mask gives a box of no size at its corner. */
export function maskBounds(mask: BinaryMask): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let y = 0; y < mask.height; y++) {
    const row = y * mask.width;
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[row + x] === 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  if (x1 < 0) return { x: mask.x, y: mask.y, width: 0, height: 0 };
  return { x: mask.x + x0, y: mask.y + y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** The bounding box of any shape (a point's has no size). */
export function shapeBounds(shape: Shape): Rect {
  switch (shape.kind) {
    case 'box':
      return { x: shape.x, y: shape.y, width: shape.width, height: shape.height };
    case 'polygon':
      return boundingBox(shape.points);
    case 'point':
      return { x: shape.x, y: shape.y, width: 0, height: 0 };
    case 'mask':
      return maskBounds(shape.mask);
  }
}

/** Whether two masks hold the same inside pixels at the same place (not only the same bytes: any non-zero is inside). */
export function sameMask(a: BinaryMask, b: BinaryMask): boolean {
  if (a.x !== b.x || a.y !== b.y || a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.width * a.height; i++) if ((a.data[i] !== 0) !== (b.data[i] !== 0)) return false;
  return true;
}

/** Whether two shapes have the same kind and geometry, exactly (labels, groups and extras aside). */
export function sameGeometry(a: Shape, b: Shape): boolean {
  if (a.kind === 'box' && b.kind === 'box') return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
  if (a.kind === 'point' && b.kind === 'point') return a.x === b.x && a.y === b.y;
  if (a.kind === 'polygon' && b.kind === 'polygon') {
    return a.points.length === b.points.length && a.points.every((p, i) => p[0] === b.points[i][0] && p[1] === b.points[i][1]);
  }
  if (a.kind === 'mask' && b.kind === 'mask') return sameMask(a.mask, b.mask);
  return false;
}

/** How losses name a shape: `polygon 3 (jet)`, counting from 1; a template per kind, so that the kind is translated. */
export function shapeName(shape: Shape, index: number): Message {
  switch (shape.kind) {
    case 'box':
      return msg('box {0} ({1})', index + 1, shape.label);
    case 'polygon':
      return msg('polygon {0} ({1})', index + 1, shape.label);
    case 'point':
      return msg('point {0} ({1})', index + 1, shape.label);
    case 'mask':
      return msg('mask {0} ({1})', index + 1, shape.label);
  }
}
