// A graph as the page, its PNG and its SVG draw it. The points that can be drawn are those with
// finite coordinates (above 0 on a log axis), in their stored order, each with its error bars' ends.
// The frame is the one ROOT's TGraphPainter gives a graph drawn with "A", from the lowest to the
// highest bar (axisRange).

/** A graph's points and errors, as core/protocol's GraphPayload holds them. */
export interface GraphPoints {
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Each point's errors below and above it. */
  readonly ex?: { readonly low: readonly number[]; readonly high: readonly number[] };
  readonly ey?: { readonly low: readonly number[]; readonly high: readonly number[] };
}

/** A point drawn, with its error bars' ends (the point itself where it has no error). */
export interface GraphMark {
  readonly x: number;
  readonly y: number;
  readonly xLow: number;
  readonly xHigh: number;
  readonly yLow: number;
  readonly yHigh: number;
}

export interface GraphRange {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/**
 * The graph's points in their stored order; null for a point that cannot be drawn, where the line
 * joining them breaks. On a log axis a bar reaching 0 or below stops at its point.
 */
export function graphMarks(g: GraphPoints, logX: boolean, logY: boolean): (GraphMark | null)[] {
  // A negative error (a posterior's mode outside its interval) draws no bar on that side, as in ROOT.
  const end = (v: number, error: number | undefined, sign: number, log: boolean): number => {
    const e = v + sign * Math.max(0, Number.isFinite(error) ? error! : 0);
    return log && !(e > 0) ? v : e;
  };
  return g.x.map((x, i) => {
    const y = g.y[i];
    if (!Number.isFinite(x) || !Number.isFinite(y) || (logX && !(x > 0)) || (logY && !(y > 0))) return null;
    return { x, y, xLow: end(x, g.ex?.low[i], -1, logX), xHigh: end(x, g.ex?.high[i], 1, logX), yLow: end(y, g.ey?.low[i], -1, logY), yHigh: end(y, g.ey?.high[i], 1, logY) };
  });
}

export function graphRange(marks: readonly (GraphMark | null)[], logX: boolean, logY: boolean): GraphRange {
  // A loop, not Math.min(...): a graph of a million points would overflow the call's arguments.
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const m of marks) {
    if (!m) continue;
    x0 = Math.min(x0, m.xLow);
    x1 = Math.max(x1, m.xHigh);
    y0 = Math.min(y0, m.yLow);
    y1 = Math.max(y1, m.yHigh);
  }
  return { x: axisRange(x0, x1, logX, 'x'), y: axisRange(y0, y1, logY, 'y') };
}

/** Whether an axis can be drawn on a log scale: some point on it is above 0. */
export function logShown(values: readonly number[]): boolean {
  return values.some((v) => v > 0 && Number.isFinite(v));
}

/**
 * ROOT's frame of one axis (TGraphPainter::PaintGraph): a tenth of the span more on each side, but
 * where that margin would cross 0 and no point does, 0.9 of the lowest instead; on a log axis a
 * frame still at or below 0 starts at a thousandth of its top (x: at 1 above 1000); one value alone
 * spans one unit up from it.
 */
function axisRange(low: number, high: number, log: boolean, axis: 'x' | 'y'): [number, number] {
  if (!(high >= low)) return log ? [0.1, 10] : [0, 1];
  if (high === low) high += 1;
  const margin = 0.1 * (high - low);
  let from = low - margin;
  let to = high + margin;
  if (from < 0 && low >= 0) from = 0.9 * low;
  // ROOT keeps a frame of x at or below 0 from crossing above it (not y's).
  if (axis === 'x' && !log && to > 0 && high <= 0) to = 0;
  if (log && from <= 0) from = axis === 'x' && to > 1000 ? 1 : 0.001 * to;
  return [from, to];
}
