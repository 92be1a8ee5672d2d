// The page's geometry, in image pixels: what a click hits (a handle of the selected shape, a shape's
// edge or inside), and what a drag does to a shape (move, resize a box by a corner or an edge, move a
// polygon's vertex). Pure functions over WireShape, so the tests drive them without a canvas.
import type { WireShape } from '../../core/protocol/annotationMessages';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A box's eight handles, named by compass point; a polygon's vertices by index. */
export type Handle = { readonly kind: 'corner'; readonly name: 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w' } | { readonly kind: 'vertex'; readonly index: number };

export function boxHandles(s: WireShape): { readonly handle: Handle; readonly at: Point }[] {
  const x0 = s.x!;
  const y0 = s.y!;
  const x1 = x0 + s.width!;
  const y1 = y0 + s.height!;
  const xm = (x0 + x1) / 2;
  const ym = (y0 + y1) / 2;
  const at = (name: 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w', x: number, y: number): { handle: Handle; at: Point } => ({ handle: { kind: 'corner', name }, at: { x, y } });
  return [at('nw', x0, y0), at('n', xm, y0), at('ne', x1, y0), at('e', x1, ym), at('se', x1, y1), at('s', xm, y1), at('sw', x0, y1), at('w', x0, ym)];
}

/** The handle of `s` within `radius` image pixels of `p`, the nearest. */
export function handleAt(s: WireShape, p: Point, radius: number): Handle | undefined {
  if (s.locked) return undefined;
  let best: Handle | undefined;
  let bestD = radius * radius;
  const consider = (h: Handle, q: Point): void => {
    const d = (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = h;
    }
  };
  if (s.kind === 'box') for (const { handle, at } of boxHandles(s)) consider(handle, at);
  else if (s.kind === 'polygon') {
    const pts = s.points!;
    for (let i = 0; i < pts.length; i += 2) consider({ kind: 'vertex', index: i / 2 }, { x: pts[i], y: pts[i + 1] });
  }
  return best;
}

function segmentDistance2(p: Point, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((p.x - ax) * dx + (p.y - ay) * dy) / len2)) : 0;
  return (p.x - ax - t * dx) ** 2 + (p.y - ay - t * dy) ** 2;
}

export function insidePolygon(points: readonly number[], p: Point): boolean {
  let inside = false;
  const n = points.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = points[2 * i];
    const yi = points[2 * i + 1];
    const xj = points[2 * j];
    const yj = points[2 * j + 1];
    if (yi > p.y !== yj > p.y && p.x < ((xj - xi) * (p.y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The index of the polygon edge (from vertex i to i+1) nearest to `p` within `radius`, for inserting a vertex. */
export function edgeAt(points: readonly number[], p: Point, radius: number): number | undefined {
  const n = points.length / 2;
  let best: number | undefined;
  let bestD = radius * radius;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const d = segmentDistance2(p, points[2 * i], points[2 * i + 1], points[2 * j], points[2 * j + 1]);
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/**
 * Whether `p` hits the shape: inside a box or polygon, or within `radius` of its outline or of a
 * point. Returns a rank, smaller for a better hit (a point or edge beats an inside), or undefined.
 */
export function hitRank(s: WireShape, p: Point, radius: number): number | undefined {
  if (s.kind === 'point') {
    const d = Math.hypot(s.x! - p.x, s.y! - p.y);
    return d <= radius ? 0 : undefined;
  }
  if (s.kind === 'box') {
    const x0 = s.x!;
    const y0 = s.y!;
    const x1 = x0 + s.width!;
    const y1 = y0 + s.height!;
    const nearEdge = Math.min(segmentDistance2(p, x0, y0, x1, y0), segmentDistance2(p, x1, y0, x1, y1), segmentDistance2(p, x1, y1, x0, y1), segmentDistance2(p, x0, y1, x0, y0)) <= radius * radius;
    if (nearEdge) return 1;
    // Inside: a smaller box is the likelier target when boxes nest.
    return p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1 ? 2 + (s.width! * s.height!) / 1e12 : undefined;
  }
  const pts = s.points!;
  if (edgeAt(pts, p, radius) !== undefined) return 1;
  return insidePolygon(pts, p) ? 2 + polygonArea(pts) / 1e12 : undefined;
}

export function polygonArea(points: readonly number[]): number {
  let a = 0;
  const n = points.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) a += points[2 * j] * points[2 * i + 1] - points[2 * i] * points[2 * j + 1];
  return Math.abs(a) / 2;
}

/** The topmost (last drawn) best hit among shapes: what a click selects. */
export function shapeAt(shapes: readonly WireShape[], p: Point, radius: number): WireShape | undefined {
  let best: WireShape | undefined;
  let bestRank = Infinity;
  for (let i = shapes.length - 1; i >= 0; i--) {
    const r = hitRank(shapes[i], p, radius);
    if (r !== undefined && r < bestRank) {
      bestRank = r;
      best = shapes[i];
    }
  }
  return best;
}

/** The shape moved by (dx, dy), kept inside the image when it fits. */
export function moved(s: WireShape, dx: number, dy: number, width: number, height: number): WireShape {
  const b = bounds(s);
  // Clamp the move so that the whole shape stays on the image.
  const cx = Math.min(Math.max(dx, -b.x0), width - b.x1);
  const cy = Math.min(Math.max(dy, -b.y0), height - b.y1);
  if (s.kind === 'polygon') return { ...s, points: s.points!.map((v, i) => v + (i % 2 === 0 ? cx : cy)) };
  return { ...s, x: s.x! + cx, y: s.y! + cy };
}

export function bounds(s: WireShape): { x0: number; y0: number; x1: number; y1: number } {
  if (s.kind === 'polygon') {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    const p = s.points!;
    for (let i = 0; i < p.length; i += 2) {
      x0 = Math.min(x0, p[i]);
      x1 = Math.max(x1, p[i]);
      y0 = Math.min(y0, p[i + 1]);
      y1 = Math.max(y1, p[i + 1]);
    }
    return { x0, y0, x1, y1 };
  }
  return { x0: s.x!, y0: s.y!, x1: s.x! + (s.width ?? 0), y1: s.y! + (s.height ?? 0) };
}

const clamp = (v: number, hi: number): number => Math.min(Math.max(v, 0), hi);

/** The shape with a handle dragged to `p` (clamped to the image); a box dragged past its opposite side flips. */
export function reshaped(s: WireShape, handle: Handle, p: Point, width: number, height: number): WireShape {
  const x = clamp(p.x, width);
  const y = clamp(p.y, height);
  if (handle.kind === 'vertex') {
    const points = [...s.points!];
    points[2 * handle.index] = x;
    points[2 * handle.index + 1] = y;
    return { ...s, points };
  }
  let x0 = s.x!;
  let y0 = s.y!;
  let x1 = x0 + s.width!;
  let y1 = y0 + s.height!;
  if (handle.name.includes('w')) x0 = x;
  if (handle.name.includes('e')) x1 = x;
  if (handle.name.includes('n')) y0 = y;
  if (handle.name.includes('s')) y1 = y;
  return { ...s, x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
}

/** The box spanned by two corners, clamped to the image. */
export function boxBetween(a: Point, b: Point, width: number, height: number): { x: number; y: number; width: number; height: number } {
  const x0 = clamp(Math.min(a.x, b.x), width);
  const y0 = clamp(Math.min(a.y, b.y), height);
  const x1 = clamp(Math.max(a.x, b.x), width);
  const y1 = clamp(Math.max(a.y, b.y), height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The polygon with a vertex inserted after `edge` at `p`, or the vertex `index` removed (never below 3). */
export function withVertex(s: WireShape, edge: number, p: Point): WireShape {
  const points = [...s.points!];
  points.splice(2 * (edge + 1), 0, p.x, p.y);
  return { ...s, points };
}

export function withoutVertex(s: WireShape, index: number): WireShape | undefined {
  if (s.points!.length <= 6) return undefined;
  const points = [...s.points!];
  points.splice(2 * index, 2);
  return { ...s, points };
}
