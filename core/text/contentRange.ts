// The y range of histograms drawn on a linear axis, the same on the page, in its PNG and in Save SVG:
// from 0 to 5 % above the tallest bin, as ROOT draws it, and as far below 0 as the lowest bin when
// contents are negative (NLO samples' negative weights), with the same 5 % margin there.

/** Bins' contents (of one histogram or of all drawn together) → [low, high]; nothing above or below 0: [0, 1]. */
export function linearContentRange(contents: Iterable<Iterable<number>>): [number, number] {
  let least = 0;
  let most = 0;
  // Loops, not Math.min(...): nine histograms of 100 000 bins are too many arguments for a call.
  for (const values of contents) {
    for (const v of values) {
      if (v < least) least = v;
      if (v > most) most = v;
    }
  }
  if (least === 0 && most === 0) return [0, 1];
  const margin = (most - least) * 0.05;
  return [least < 0 ? least - margin : 0, most + margin];
}
