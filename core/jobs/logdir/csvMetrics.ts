// The metrics of a CSV log, read as it grows: a header of column names, then a row per epoch
// (Ultralytics' results.csv: epoch, train/box_loss, metrics/mAP50(B), …) or per logging step
// (Lightning's CSVLogger metrics.csv: epoch, step and the logged names, cells left empty where a row
// did not log a name). Rows go along `step` when there is such a column (Lightning's, as TensorBoard
// would draw them), else along `epoch`. Older Ultralytics versions pad the names with spaces.
import { parse } from 'csv-parse/sync';
import type { MetricSeries } from '../trainingMetrics';

/** File names of the CSV logs we know: Ultralytics', Lightning's. */
export const CSV_LOG_NAMES: ReadonlySet<string> = new Set(['results.csv', 'metrics.csv']);

/** Columns that are not metrics: the axes, and Ultralytics' seconds since the training started. */
const NOT_METRICS = new Set(['epoch', 'step', 'time']);

export class CsvMetrics {
  private partial = '';
  private columns: string[] | undefined;
  private axis: 'epoch' | 'step' = 'epoch';
  private axisAt = -1;
  private readonly byX = new Map<number, Record<string, number>>();
  /** Rows that could not be read (not CSV, no number on the axis). */
  badRows = 0;

  /** Takes more of the file's text; returns whether a metric changed. */
  feed(text: string): boolean {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    // Python's csv module ends lines with \r\n.
    const complete = lines.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
    if (complete.length === 0) return false;
    let rows: string[][];
    try {
      rows = parse(complete.join('\n'), { relax_column_count: true, trim: true });
    } catch {
      // One malformed line (an unclosed quote) spoils a whole chunk: then line by line.
      rows = complete.flatMap((line) => {
        try {
          return parse(line, { relax_column_count: true, trim: true }) as string[][];
        } catch {
          this.badRows++;
          return [];
        }
      });
    }
    let changed = false;
    for (const row of rows) changed = this.row(row) || changed;
    return changed;
  }

  private row(cells: string[]): boolean {
    if (!this.columns) {
      this.columns = cells.map((c) => c.trim());
      this.axisAt = this.columns.indexOf('step');
      if (this.axisAt >= 0) this.axis = 'step';
      else this.axisAt = this.columns.indexOf('epoch');
      return false;
    }
    const x = this.axisAt >= 0 ? numberIn(cells[this.axisAt]) : this.byX.size + 1;
    if (x === undefined) {
      this.badRows++;
      return false;
    }
    const entry = this.byX.get(x) ?? {};
    let changed = false;
    this.columns.forEach((name, i) => {
      const v = numberIn(cells[i]);
      if (v === undefined || NOT_METRICS.has(name) || name === '' || name.length > 64) return;
      entry[name] = v;
      changed = true;
    });
    this.byX.set(x, entry);
    return changed;
  }

  series(): MetricSeries {
    return { axis: this.axis, points: [...this.byX.entries()].sort((a, b) => a[0] - b[0]).map(([x, values]) => ({ x, values })) };
  }
}

function numberIn(cell: string | undefined): number | undefined {
  if (cell === undefined || cell.trim() === '') return undefined;
  const v = Number(cell);
  return Number.isFinite(v) ? v : undefined;
}
