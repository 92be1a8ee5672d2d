// A 2-D fit's contours: d3-contour's rings, in the data's coordinates, at levels between the
// function's least and largest values.
import * as assert from 'node:assert/strict';
import { fitContours } from './fitContours';

describe("a 2-D fit's contour lines", () => {
  it('rings a round peak at five levels, each ring where the function has its level', () => {
    // A Gaussian of σ 0.5 at (1, -0.5), on a grid of 0.05 over [-1, 3] × [-2.5, 1.5].
    const x = Array.from({ length: 81 }, (_, i) => -1 + i * 0.05);
    const y = Array.from({ length: 81 }, (_, i) => -2.5 + i * 0.05);
    const f = (u: number, v: number): number => Math.exp(-0.5 * (((u - 1) / 0.5) ** 2 + ((v + 0.5) / 0.5) ** 2));
    const levels = fitContours({ x, y, z: y.flatMap((v) => x.map((u) => f(u, v))) });
    assert.equal(levels.length, 5);
    for (const level of levels) {
      assert.equal(level.rings.length, 1);
      // On the ring, the function is at the level (to the grid's linear interpolation), and the ring is round.
      const radius = 0.5 * Math.sqrt(-2 * Math.log(level.level));
      for (const [u, v] of level.rings[0]) assert.ok(Math.abs(Math.hypot(u - 1, v + 0.5) - radius) < 0.02, `(${u}, ${v}) off the ring of radius ${radius}`);
    }
    const least = Math.min(...y.flatMap((v) => x.map((u) => f(u, v))));
    assert.ok(Math.abs(levels[2].level - (least + 0.5 * (1 - least))) < 1e-12, 'the middle level halfway between the least and largest values');
  });

  it('draws nothing for a flat function, a grid too small, or values missing', () => {
    assert.deepEqual(fitContours({ x: [0, 1], y: [0, 1], z: [2, 2, 2, 2] }), []);
    assert.deepEqual(fitContours({ x: [0], y: [0, 1], z: [1, 2] }), []);
    assert.deepEqual(fitContours({ x: [0, 1], y: [0, 1], z: [1, 2, 3] }), []);
    assert.deepEqual(fitContours({ x: [0, 1], y: [0, 1], z: [NaN, NaN, NaN, NaN] }), []);
  });
});
