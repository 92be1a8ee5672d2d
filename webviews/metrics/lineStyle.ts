// The colours of the metrics view: each run has a swatch in the run list, and its curves are drawn in
// that colour, so that a curve can be told by its run. With several runs in a chart, a run's metrics
// (train_loss, val_loss) differ by dash; with one run, by colour, its first metric in the swatch's.

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
/** Dash patterns of a run's second, third… metric when several runs share a chart: a YOLO run has six losses. */
const DASHES = [[8, 4], [2, 3], [10, 3, 2, 3], [16, 4], [4, 4], [10, 3, 2, 3, 2, 3]];

/** The colour of a run's swatch and curves, by its colour slot (RunColours). */
export function runColour(slot: number): string {
  return PALETTE[slot % PALETTE.length];
}

/**
 * Which colour each ticked run has. A run keeps its colour while it is ticked, whatever runs appear
 * or go in the list around it; a newly ticked run takes the first colour no ticked run has, so the
 * curves on screen differ in colour (up to the palette's ten).
 */
export class RunColours {
  private readonly slots = new Map<string, number>();
  /** The colour each run had when last ticked: it gets it back when ticked again, if no run took it. */
  private readonly last = new Map<string, number>();

  /** The ticked runs (a run ticked since the last call takes the first colour free, in this order). */
  update(ticked: Iterable<string>): void {
    const now = new Set(ticked);
    for (const id of [...this.slots.keys()]) if (!now.has(id)) this.slots.delete(id);
    for (const id of now) {
      if (this.slots.has(id)) continue;
      const used = new Set(this.slots.values());
      const before = this.last.get(id);
      let slot = 0;
      if (before !== undefined && !used.has(before)) slot = before;
      else while (used.has(slot)) slot++;
      this.slots.set(id, slot);
      this.last.set(id, slot);
    }
  }

  /** The run's slot; undefined for a run that is not ticked. */
  slot(id: string): number | undefined {
    return this.slots.get(id);
  }
}

/** The stroke (and dash) of one metric of one run in a chart showing one or several runs. */
export function lineStyle(slot: number, metricIndex: number, severalRuns: boolean): { stroke: string; dash?: number[] } {
  if (!severalRuns) return { stroke: PALETTE[(slot + metricIndex * 3) % PALETTE.length] };
  return metricIndex === 0 ? { stroke: runColour(slot) } : { stroke: runColour(slot), dash: DASHES[(metricIndex - 1) % DASHES.length] };
}
