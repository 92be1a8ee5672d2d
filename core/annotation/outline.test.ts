// Mask outlines: hand-drawn masks with known outlines (a pixel, a diagonal pair, a ring with an
// island, a staircase), and property-based checks (fast-check) on random masks against an
// independent reference: the exact outline covers exactly the pixel centres of its component with
// holes filled, so its area is that pixel count; the simplified one stays within its tolerance.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BinaryMask } from './mask';
import { polygonArea, traceOutlines } from './outline';

function maskOf(rows: string[], x = 0, y = 0): BinaryMask {
  const width = rows[0].length;
  const data = new Uint8Array(width * rows.length);
  rows.forEach((row, j) => [...row].forEach((c, i) => (data[j * width + i] = c === '#' ? 1 : 0)));
  return { x, y, width, height: rows.length, data };
}

// Even–odd rule at a point that is never on an edge (pixel centres, edges on integer lines).
function insidePolygon(points: readonly (readonly [number, number])[], px: number, py: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// The reference: 8-connected components by union–find, then each one's holes filled by flooding
// the 4-connected outside from a one-pixel frame around the mask.
function filledComponents(mask: BinaryMask): Uint8Array[] {
  const { width: w, height: h, data } = mask;
  const parent = Array.from({ length: w * h }, (_v, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!data[y * w + x]) continue;
      for (const [dx, dy] of [[1, 0], [-1, 1], [0, 1], [1, 1]]) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx >= 0 && xx < w && yy < h && data[yy * w + xx]) parent[find(yy * w + xx)] = find(y * w + x);
      }
    }
  }
  const roots = [...new Set([...data.keys()].filter((i) => data[i]).map(find))];
  return roots.map((root) => {
    const W = w + 2;
    const H = h + 2;
    const outside = new Uint8Array(W * H);
    const mine = (x: number, y: number): boolean => x >= 1 && y >= 1 && x <= w && y <= h && data[(y - 1) * w + x - 1] !== 0 && find((y - 1) * w + x - 1) === root;
    const todo = [0];
    outside[0] = 1;
    while (todo.length) {
      const p = todo.pop() as number;
      const x = p % W;
      const y = (p - x) / W;
      for (const [xx, yy] of [[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]]) {
        if (xx < 0 || yy < 0 || xx >= W || yy >= H || outside[yy * W + xx] || mine(xx, yy)) continue;
        outside[yy * W + xx] = 1;
        todo.push(yy * W + xx);
      }
    }
    const filled = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) filled[y * w + x] = outside[(y + 1) * W + x + 1] ? 0 : 1;
    return filled;
  });
}

const count = (a: Uint8Array): number => a.reduce((s, v) => s + v, 0);

function distanceToOutline(points: readonly (readonly [number, number])[], px: number, py: number): number {
  let best = Infinity;
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[(i + 1) % points.length];
    const vx = bx - ax;
    const vy = by - ay;
    const len2 = vx * vx + vy * vy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / len2));
    best = Math.min(best, Math.hypot(px - ax - t * vx, py - ay - t * vy));
  }
  return best;
}

const randomMask = fc
  .record({ width: fc.integer({ min: 1, max: 14 }), height: fc.integer({ min: 1, max: 14 }), x: fc.integer({ min: -5, max: 500 }), y: fc.integer({ min: -5, max: 500 }), density: fc.double({ min: 0.1, max: 0.9, noNaN: true }) })
  .chain((r) => fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: r.width * r.height, maxLength: r.width * r.height }).map((u): BinaryMask => ({ x: r.x, y: r.y, width: r.width, height: r.height, data: Uint8Array.from(u, (v) => (v < r.density ? 1 : 0)) })));

describe('mask outlines', () => {
  it('outlines a lone pixel as its square, in image coordinates, at any tolerance', () => {
    const m = maskOf(['...', '.#.'], 10, 20);
    const square = [[11, 21], [12, 21], [12, 22], [11, 22]];
    for (const tolerance of [0, 0.5, 3]) {
      const [poly, ...rest] = traceOutlines(m, { tolerance });
      assert.equal(rest.length, 0);
      assert.deepEqual(sortedRing(poly), sortedRing(square));
    }
  });

  it('joins diagonal neighbours into one outline that touches itself at the shared corner', () => {
    const polys = traceOutlines(maskOf(['#.', '.#']), { tolerance: 0 });
    assert.equal(polys.length, 1);
    assert.equal(polygonArea(polys[0]), 2);
    assert.equal(polys[0].filter(([x, y]) => x === 1 && y === 1).length, 2, 'the pinch corner appears twice');
  });

  it('ignores holes, outlines an island inside a hole on its own, and sorts by area', () => {
    const m = maskOf([
      '#######..',
      '#.....#..',
      '#.###.#..',
      '#.#.#.#.#',
      '#.###.#..',
      '#.....#..',
      '#######..',
    ]);
    const polys = traceOutlines(m, { tolerance: 0 });
    assert.deepEqual(polys.map(polygonArea), [49, 9, 1]);
    assert.deepEqual(sortedRing(polys[0]), sortedRing([[0, 0], [7, 0], [7, 7], [0, 7]]));
    assert.deepEqual(sortedRing(polys[2]), sortedRing([[8, 3], [9, 3], [9, 4], [8, 4]]));
  });

  it('merges collinear vertices: a 5 × 3 block is 4 corners, clockwise on screen', () => {
    const [poly] = traceOutlines(maskOf(['.....', '.###.', '.###.', '.###.']), { tolerance: 0 });
    assert.equal(poly.length, 4);
    assert.equal(polygonArea(poly), 9);
  });

  it('straightens a 45° pixel staircase into one edge, keeping its area within a quarter of a pixel', () => {
    // A right triangle of 20 rows: row j holds pixels 0…j, 210 pixels in all.
    const rows = Array.from({ length: 20 }, (_v, j) => '#'.repeat(j + 1) + '.'.repeat(19 - j));
    const exact = traceOutlines(maskOf(rows), { tolerance: 0 })[0];
    assert.equal(exact.length, 42, 'the exact staircase keeps two corners per step');
    const simple = traceOutlines(maskOf(rows))[0];
    assert.ok(simple.length <= 5, `simplified to ${simple.length} vertices: ${JSON.stringify(simple)}`);
    assert.ok(Math.abs(polygonArea(simple) - 210) <= 0.25, `area ${polygonArea(simple)}`);
  });

  it('simplifies a digital disc of radius 30 to under half its corners, within 0.2% of its area', () => {
    const n = 64;
    const data = new Uint8Array(n * n);
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) data[y * n + x] = Math.hypot(x + 0.5 - 32, y + 0.5 - 32) <= 30 ? 1 : 0;
    const m: BinaryMask = { x: 0, y: 0, width: n, height: n, data };
    const pixels = count(data);
    const [exact] = traceOutlines(m, { tolerance: 0 });
    const [simple] = traceOutlines(m);
    assert.equal(polygonArea(exact), pixels);
    assert.ok(simple.length < exact.length / 2, `${simple.length} of ${exact.length} vertices kept`);
    assert.ok(Math.abs(polygonArea(simple) - pixels) / pixels < 0.002, `area ${polygonArea(simple)} for ${pixels} pixels`);
  });

  it('on random masks, the exact outline covers exactly its filled component (so its area is the pixel count)', () => {
    fc.assert(
      fc.property(randomMask, (m) => {
        const polys = traceOutlines(m, { tolerance: 0 });
        const comps = filledComponents(m);
        assert.equal(polys.length, comps.length);
        const areas = polys.map(polygonArea);
        assert.deepEqual([...areas].sort((a, b) => b - a), areas, 'largest first');
        const unmatched = new Set(comps);
        for (const poly of polys) {
          assert.ok(poly.every(([x, y]) => Number.isInteger(x) && Number.isInteger(y)));
          for (let i = 0; i < poly.length; i++) {
            const [a, b, c] = [poly[i], poly[(i + 1) % poly.length], poly[(i + 2) % poly.length]];
            assert.ok((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) !== 0, 'no collinear vertex');
          }
          const covered = new Uint8Array(m.width * m.height);
          for (let y = 0; y < m.height; y++) for (let x = 0; x < m.width; x++) covered[y * m.width + x] = insidePolygon(poly, m.x + x + 0.5, m.y + y + 0.5) ? 1 : 0;
          const match = [...unmatched].find((comp) => comp.every((v, i) => v === covered[i]));
          assert.ok(match, 'the outline covers one filled component exactly');
          assert.equal(polygonArea(poly), count(match));
          unmatched.delete(match);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on random masks, a simplified outline stays within its tolerance (plus the step cut) of the exact one', () => {
    fc.assert(
      fc.property(randomMask, fc.constantFrom(0.25, 0.5, 1, 2), (m, tolerance) => {
        const exact = traceOutlines(m, { tolerance: 0 });
        const simple = traceOutlines(m, { tolerance });
        assert.equal(simple.length, exact.length);
        for (let k = 0; k < exact.length; k++) {
          assert.ok(simple[k].length >= 3 && simple[k].length <= exact[k].length * 2);
          // A step corner is cut 0.354 px (half a pixel's diagonal); Douglas–Peucker adds its tolerance.
          for (const [x, y] of exact[k]) assert.ok(distanceToOutline(simple[k], x, y) <= tolerance + Math.SQRT1_2 / 2 + 1e-9);
          let perimeter = 0;
          exact[k].forEach(([x, y], i) => (perimeter += Math.hypot(exact[k][(i + 1) % exact[k].length][0] - x, exact[k][(i + 1) % exact[k].length][1] - y)));
          assert.ok(Math.abs(polygonArea(simple[k]) - polygonArea(exact[k])) <= (tolerance + 0.36) * perimeter);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a negative tolerance and a short data array', () => {
    assert.throws(() => traceOutlines(maskOf(['#']), { tolerance: -1 }), /tolerance/);
    assert.throws(() => traceOutlines({ x: 0, y: 0, width: 3, height: 3, data: new Uint8Array(4) }), /expected 3 × 3/);
  });
});

// Polygons compared as vertex sets where the starting vertex does not matter.
function sortedRing(points: readonly (readonly number[])[]): string[] {
  return points.map((p) => p.join(',')).sort();
}
