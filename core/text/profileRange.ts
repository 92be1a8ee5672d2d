// The y range of a profile (the mean of y per x bin, with error bars) as the page, its PNG and the SVG
// draw it: from the lowest error bar to the highest, 5 % more on each side; unlike a histogram's it
// need not start at 0, since means may be negative. On a log axis, the positive means only.

/** Bins 1 … n of `means`, `errors2` and `binEntries` (flow bins first and last); empty bins are not drawn. */
export function profileRange(means: readonly number[], errors2: readonly number[], binEntries: readonly number[], log: boolean): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 1; i < means.length - 1; i++) {
    if (binEntries[i] === 0 || (log && !(means[i] > 0))) continue;
    const error = Math.sqrt(errors2[i]);
    // On a log axis a bar reaching 0 or below is cut at its mean.
    low = Math.min(low, log && error >= means[i] ? means[i] : means[i] - error);
    high = Math.max(high, means[i] + error);
  }
  if (!(high >= low)) return log ? [0.5, 10] : [0, 1];
  if (log) return [low * 0.5, high * 2];
  if (high === low) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    return [low - pad, high + pad];
  }
  const margin = (high - low) * 0.05;
  return [low - margin, high + margin];
}
