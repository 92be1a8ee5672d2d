// A graph's frame and points as the page and the SVG draw them: ROOT's TGraphPainter frame (10 % margins,
// not below 0 when nothing is), errors included, points that cannot be drawn breaking the line.
import * as assert from 'node:assert/strict';
import { graphMarks, graphRange } from './graphRange';
import { graphStatistics } from './graphStatistics';

const close = (a: readonly number[], b: readonly number[]): void => a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-12, `${a} vs ${b}`));

describe('graph frame', () => {
  it('frames the points with 10 % margins, not crossing 0 when no point does, as ROOT frames a graph drawn with "A"', () => {
    const range = graphRange(graphMarks({ x: [1, 2, 3], y: [2, 4, 7] }, false, false), false, false);
    // x: [1, 3] ± 0.2; y: 2 − 0.5 = 1.5 stays above 0.
    close(range.x, [0.8, 3.2]);
    close(range.y, [1.5, 7.5]);
    // 0.01 − 0.089 would cross 0: ROOT starts at 0.9 × 0.01 instead.
    const efficiency = graphRange(graphMarks({ x: [10, 20], y: [0.01, 0.9] }, false, false), false, false);
    close(efficiency.y, [0.009, 0.989]);
    const below = graphRange(graphMarks({ x: [-3, -0.1], y: [1, 2] }, false, false), false, false);
    close(below.x, [-3.29, 0]);
    const negative = graphRange(graphMarks({ x: [0, 1], y: [-1, 1] }, false, false), false, false);
    close(negative.y, [-1.2, 1.2]);
  });

  it('draws no bar on the side of a negative error, as ROOT', () => {
    assert.deepEqual(graphMarks({ x: [1], y: [0.1], ey: { low: [-0.05], high: [0.2] } }, false, false)[0], { x: 1, y: 0.1, xLow: 1, xHigh: 1, yLow: 0.1, yHigh: 0.30000000000000004 });
  });

  it('takes the error bars into the frame, below and above each point', () => {
    const g = { x: [1, 2], y: [5, 6], ex: { low: [0.5, 0.5], high: [0.5, 1.5] }, ey: { low: [1, 2], high: [3, 0] } };
    const marks = graphMarks(g, false, false);
    assert.deepEqual(marks[0], { x: 1, y: 5, xLow: 0.5, xHigh: 1.5, yLow: 4, yHigh: 8 });
    const range = graphRange(marks, false, false);
    // x from 0.5 to 3.5, y from 4 to 8.
    close(range.x, [0.2, 3.8]);
    close(range.y, [3.6, 8.4]);
  });

  it('on log axes, leaves out points at or below 0 and stops bars at their point when they would reach 0', () => {
    const g = { x: [1, 10, 100], y: [0, 10, 1000], ey: { low: [0, 20, 1], high: [0, 1, 1] } };
    const marks = graphMarks(g, false, true);
    assert.equal(marks[0], null);
    assert.equal(marks[1]!.yLow, 10);
    const range = graphRange(marks, false, true);
    // From 10 to 1001: ROOT's 10 % margins, the lower one crossing 0 so 0.9 of the lowest.
    close(range.y, [9, 1100.1]);
    // Log x likewise.
    close(graphRange(graphMarks({ x: [1, 100], y: [1, 2] }, true, false), true, false).x, [0.9, 109.9]);
  });

  it('breaks the line at a point that is not a number, and frames the others', () => {
    const marks = graphMarks({ x: [1, 2, 3], y: [1, NaN, 3] }, false, false);
    assert.deepEqual(marks.map((m) => m === null), [false, true, false]);
    close(graphRange(marks, false, false).y, [0.8, 3.2]);
  });

  it('gives an empty graph a frame, and a single value a unit up from it as ROOT does', () => {
    assert.deepEqual(graphRange([], false, false), { x: [0, 1], y: [0, 1] });
    const one = graphRange(graphMarks({ x: [5], y: [2] }, false, false), false, false);
    close(one.x, [4.9, 6.1]);
    close(one.y, [1.9, 3.1]);
  });
});

describe('graph statistics', () => {
  it("gives ROOT's TGraph::GetMean, GetRMS and GetCorrelationFactor: every point once", () => {
    // numpy: x.mean(), y.mean(), x.std(), y.std(), np.corrcoef(x, y)[0, 1] for x = [1, 2, 3], y = [2, 4, 7].
    const t = graphStatistics({ x: [1, 2, 3], y: [2, 4, 7] });
    close([t.meanX, t.meanY, t.stdDevX, t.stdDevY, t.correlation], [2.0, 4.333333333333333, 0.816496580927726, 2.0548046676563256, 0.9933992677987828]);
    assert.equal(t.points, 3);
  });

  it('counts points that are not numbers apart, and has no correlation without spread', () => {
    const t = graphStatistics({ x: [1, 2, NaN], y: [3, 3, 1] });
    assert.deepEqual([t.points, t.nan, t.meanY, t.stdDevY], [3, 1, 3, 0]);
    assert.ok(Number.isNaN(t.correlation));
  });
});
