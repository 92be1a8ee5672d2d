// Binary mask → polygons: the outer boundary of each 8-connected component of a mask, in image
// pixel-corner coordinates. The formats use it to turn COCO RLE and labelme masks into YOLO
// segmentation polygons, and the assists use it to turn a flood-filled region into a shape.
//
// The exact boundary follows the pixel cracks (the edges between a pixel inside and one outside), so
// its area is the component's pixel count (holes included, since holes are ignored). Diagonal
// neighbours belong to one component, so the outline may touch itself at a pinch corner; it never
// crosses itself. With a tolerance above 0 the one-pixel staircases of slanted edges are first cut
// at their step midpoints (as marching squares through pixel centres would draw them: a convex and a
// concave cut balance, so a 45° edge keeps its area) and then Douglas–Peucker drops the vertices
// closer than the tolerance to the simplified edge, as long as each edge moves less than the
// tolerance in px² of area; corners that are not steps (a rectangle's, a lone pixel's) stay put.
import type { BinaryMask } from './mask';

export type Polygon = [number, number][];

export interface OutlineOptions {
  /**
   * Douglas–Peucker tolerance in pixels (default 0.5). 0 gives the exact crack boundary with
   * collinear vertices merged.
   */
  readonly tolerance?: number;
}

// Headings east, south, west, north (y grows downwards); a right turn is +1.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/** Outer boundaries of the mask's 8-connected components, largest area first. */
export function traceOutlines(mask: BinaryMask, options: OutlineOptions = {}): Polygon[] {
  const tolerance = options.tolerance ?? 0.5;
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new RangeError(`outline tolerance must be a number ≥ 0, not ${tolerance}`);
  const { width: w, height: h, data } = mask;
  if (data.length < w * h) throw new RangeError(`mask data holds ${data.length} bytes, expected ${w} × ${h} = ${w * h}`);
  const found: { corners: Int32Array; turns: Int8Array; area: number; order: number }[] = [];
  // Tracing starts at each component's first pixel in raster order: nothing of the component lies
  // above it or to its left, so its top edge is on the component's outer boundary.
  for (const start of componentStarts(data, w, h)) {
    const traced = traceFrom(data, w, h, start % w, Math.floor(start / w));
    found.push({ ...traced, area: cornerArea(traced.corners), order: found.length });
  }
  found.sort((a, b) => b.area - a.area || a.order - b.order);
  return found.map(({ corners, turns }) => {
    const points = tolerance === 0 ? cornerPoints(corners) : simplifyClosed(cutSteps(corners, turns), tolerance);
    return points.map(([x, y]) => [x + mask.x, y + mask.y] as [number, number]);
  });
}

/** Signed shoelace area; positive for the clockwise-on-screen order that traceOutlines returns. */
export function polygonArea(points: readonly (readonly [number, number])[]): number {
  let twice = 0;
  for (let i = 0, n = points.length; i < n; i++) {
    const [x0, y0] = points[i];
    const [x1, y1] = points[(i + 1) % n];
    twice += x0 * y1 - x1 * y0;
  }
  return twice / 2;
}

// The first pixel (raster order) of each 8-connected component, by labelling runs rather than
// pixels: a row's runs of set pixels are joined (union–find) to the runs of the row above that touch
// them, diagonals included. A flood-filled region of millions of pixels is a few runs per row, so
// this costs one pass over the bytes, and memory in proportion to the runs.
function componentStarts(data: Uint8Array, w: number, h: number): number[] {
  // Per run: the index of its first pixel (y · w + x0) and the column of its last (x1).
  let runs = new Int32Array(2 * 1024);
  let parent = new Int32Array(1024);
  let count = 0;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  let prevFirst = 0;
  let prevEnd = 0;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const first = count;
    let j = prevFirst;
    for (let x = 0; x < w; x++) {
      if (data[row + x] === 0) continue;
      const x0 = x;
      while (x + 1 < w && data[row + x + 1] !== 0) x++;
      if (count === parent.length) {
        const grownParent = new Int32Array(parent.length * 2);
        grownParent.set(parent);
        parent = grownParent;
        const grownRuns = new Int32Array(runs.length * 2);
        grownRuns.set(runs);
        runs = grownRuns;
      }
      runs[2 * count] = row + x0;
      runs[2 * count + 1] = x;
      parent[count] = count;
      // Runs of the row above that reach columns x0 − 1 … x + 1 touch this one (8-connectivity).
      while (j < prevEnd && runs[2 * j + 1] < x0 - 1) j++;
      for (let k = j; k < prevEnd && runs[2 * k] - (row - w) <= x + 1; k++) {
        const a = find(k);
        const b = find(count);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
      count++;
    }
    prevFirst = first;
    prevEnd = count;
  }
  // A root is always the component's earliest run (unions keep the smaller index).
  const starts: number[] = [];
  for (let i = 0; i < count; i++) if (find(i) === i) starts.push(runs[2 * i]);
  return starts;
}

// Crack following with the component on the right-hand side (clockwise on screen). At each vertex
// the two pixels ahead decide: ahead-left inside → turn left (a diagonal neighbour counts as
// connected, which is what makes this the 8-connected outline); else ahead-right inside → straight
// on; else turn right. Only the vertices where the heading changes are kept, so collinear vertices
// never appear. Turn +1 is right (a convex corner), −1 left (a concave one).
function traceFrom(data: Uint8Array, w: number, h: number, sx: number, sy: number): { corners: Int32Array; turns: Int8Array } {
  const inside = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < w && y < h && data[y * w + x] !== 0;
  const corners: number[] = [];
  const turns: number[] = [];
  let x = sx;
  let y = sy;
  let d = 0;
  // Every crack is walked at most once per direction: a bound that turns a logic error into an
  // exception instead of a hung extension host.
  const limit = 2 * (w + 1) * (h + 1) + 8;
  for (let step = 0; ; step++) {
    if (step > limit) throw new Error('outline tracing did not close (internal error)');
    x += DX[d];
    y += DY[d];
    let lx: number, ly: number, rx: number, ry: number;
    switch (d) {
      case 0: lx = x; ly = y - 1; rx = x; ry = y; break;
      case 1: lx = x; ly = y; rx = x - 1; ry = y; break;
      case 2: lx = x - 1; ly = y; rx = x - 1; ry = y - 1; break;
      default: lx = x - 1; ly = y - 1; rx = x; ry = y - 1; break;
    }
    let turn = 1;
    if (inside(lx, ly)) turn = -1;
    else if (inside(rx, ry)) turn = 0;
    if (turn !== 0) {
      corners.push(x, y);
      turns.push(turn);
      d = (d + turn + 4) & 3;
    }
    if (x === sx && y === sy && d === 0) break;
  }
  return { corners: Int32Array.from(corners), turns: Int8Array.from(turns) };
}

function cornerPoints(corners: Int32Array): Polygon {
  const points: Polygon = [];
  for (let i = 0; i < corners.length; i += 2) points.push([corners[i], corners[i + 1]]);
  return points;
}

function cornerArea(corners: Int32Array): number {
  let twice = 0;
  const n = corners.length;
  for (let i = 0; i < n; i += 2) {
    const j = (i + 2) % n;
    twice += corners[i] * corners[j + 1] - corners[j] * corners[i + 1];
  }
  return twice / 2;
}

// A corner is a staircase step when a one-pixel run joins it to a corner that turns the other way
// (right then left, or left then right). Such a corner is replaced by the two points half a pixel
// before and after it: the step's midpoints, where the slanted edge the pixels sample really runs.
function cutSteps(corners: Int32Array, turns: Int8Array): Polygon {
  const n = turns.length;
  const cx = (i: number): number => corners[2 * (((i % n) + n) % n)];
  const cy = (i: number): number => corners[2 * (((i % n) + n) % n) + 1];
  const turn = (i: number): number => turns[((i % n) + n) % n];
  const runLength = (i: number): number => Math.abs(cx(i + 1) - cx(i)) + Math.abs(cy(i + 1) - cy(i));
  const points: Polygon = [];
  const push = (x: number, y: number): void => {
    const last = points[points.length - 1];
    if (!last || last[0] !== x || last[1] !== y) points.push([x, y]);
  };
  for (let i = 0; i < n; i++) {
    const stepBefore = runLength(i - 1) === 1 && turn(i - 1) !== turn(i);
    const stepAfter = runLength(i) === 1 && turn(i + 1) !== turn(i);
    if (!stepBefore && !stepAfter) {
      push(cx(i), cy(i));
      continue;
    }
    const inX = Math.sign(cx(i) - cx(i - 1));
    const inY = Math.sign(cy(i) - cy(i - 1));
    const outX = Math.sign(cx(i + 1) - cx(i));
    const outY = Math.sign(cy(i + 1) - cy(i));
    push(cx(i) - inX / 2, cy(i) - inY / 2);
    push(cx(i) + outX / 2, cy(i) + outY / 2);
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (points.length > 1 && first[0] === last[0] && first[1] === last[1]) points.pop();
  return points;
}

// Douglas–Peucker on a closed ring: split at the vertex farthest from the first, simplify both
// chains with an explicit stack, and keep at least three vertices so the result is still a polygon.
// A chain becomes its chord only when every vertex lies within the tolerance of it and the area
// between chain and chord is under the tolerance in square pixels, so each edge keeps the area of
// the pixels it stands for to a fraction of a pixel.
function simplifyClosed(points: Polygon, tolerance: number): Polygon {
  const n = points.length;
  if (n <= 3) return points;
  let far = 0;
  let farD = -1;
  for (let i = 1; i < n; i++) {
    const d = Math.hypot(points[i][0] - points[0][0], points[i][1] - points[0][1]);
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[far] = 1;
  // Chains as index ranges on the ring; the second wraps past the end back to vertex 0 (index n).
  const stack: [number, number][] = [[0, far], [far, n]];
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [number, number];
    if (b - a < 2) continue;
    const [ax, ay] = points[a % n];
    const [bx, by] = points[b % n];
    let worst = -1;
    let worstD = -1;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance(points[i % n][0], points[i % n][1], ax, ay, bx, by);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    // The area test keeps long edges honest: vertices each within the tolerance can still add up
    // to pixels of area on one side of a long chord (a 45° staircase's half-pixel band).
    if (worstD > tolerance || Math.abs(chainArea(points, a, b)) > tolerance) {
      keep[worst % n] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  let kept = points.filter((_p, i) => keep[i] === 1);
  if (kept.length < 3) {
    // Only the two ends survived (a small blob at a large tolerance): keep the vertex farthest from
    // the line between them on each side, so a lone pixel stays a quadrilateral.
    for (const [a, b] of [[1, far], [far + 1, n]]) {
      let best = -1;
      let bestD = -1;
      for (let i = a; i < b; i++) {
        const d = segmentDistance(points[i][0], points[i][1], points[0][0], points[0][1], points[far][0], points[far][1]);
        if (d > bestD) {
          bestD = d;
          best = i;
        }
      }
      if (best >= 0) keep[best] = 1;
    }
    kept = points.filter((_p, i) => keep[i] === 1);
  }
  return kept;
}

// Signed area enclosed by the chain a…b (ring indices, wrapping) closed by its chord.
function chainArea(points: Polygon, a: number, b: number): number {
  const n = points.length;
  let twice = 0;
  for (let i = a; i < b; i++) {
    const [x0, y0] = points[i % n];
    const [x1, y1] = points[(i + 1) % n];
    twice += x0 * y1 - x1 * y0;
  }
  const [xb, yb] = points[b % n];
  const [xa, ya] = points[a % n];
  return (twice + xb * ya - xa * yb) / 2;
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const len2 = vx * vx + vy * vy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / len2));
  return Math.hypot(px - ax - t * vx, py - ay - t * vy);
}
