// The annotation editor's own model of labels: shapes in float pixel coordinates of the image (x to
// the right, y down, the image's top-left corner at 0, 0), whatever format they came from or go to.
// Rounding happens only when a format is written (yolo.ts, and the other formats as they come).

export type Shape =
  /** An axis-aligned box: its top-left corner and size, in pixels. */
  | { readonly kind: 'box'; readonly label: string; readonly x: number; readonly y: number; readonly width: number; readonly height: number }
  /** A closed polygon, at least three vertices, in order. */
  | { readonly kind: 'polygon'; readonly label: string; readonly points: readonly (readonly [number, number])[] }
  | { readonly kind: 'point'; readonly label: string; readonly x: number; readonly y: number };

export interface Annotation {
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly shapes: readonly Shape[];
}

/** A label file that cannot be read, with the line (1-based) at fault when there is one. */
export class AnnotationError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'AnnotationError';
  }
}

/** The smallest box holding a polygon (what a box-only format can keep of it). */
export function boundingBox(points: readonly (readonly [number, number])[]): { x: number; y: number; width: number; height: number } {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
