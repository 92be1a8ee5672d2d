// The colours of the metrics view: each run has a swatch in the run list, and its curves are drawn in
// that colour, so that a curve can be told by its run. With several runs in a chart, a run's metrics
// (train_loss, val_loss) differ by dash; with one run, by colour, its first metric in the swatch's.

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
/** Dash patterns of a run's second, third… metric when several runs share a chart: a YOLO run has six losses. */
const DASHES = [[8, 4], [2, 3], [10, 3, 2, 3], [16, 4], [4, 4], [10, 3, 2, 3, 2, 3]];

/** The colour of a run's swatch, by its place in the run list. */
export function runColour(runIndex: number): string {
  return PALETTE[runIndex % PALETTE.length];
}

/** The stroke (and dash) of one metric of one run in a chart showing one or several runs. */
export function lineStyle(runIndex: number, metricIndex: number, severalRuns: boolean): { stroke: string; dash?: number[] } {
  if (!severalRuns) return { stroke: PALETTE[(runIndex + metricIndex * 3) % PALETTE.length] };
  return metricIndex === 0 ? { stroke: runColour(runIndex) } : { stroke: runColour(runIndex), dash: DASHES[(metricIndex - 1) % DASHES.length] };
}
