// The metrics of a CSV log, read as it grows: a header of column names, then a row per epoch
// (Ultralytics' results.csv: epoch, train/box_loss, metrics/mAP50(B), …) or per logging step
// (Lightning's CSVLogger metrics.csv: epoch, step and the logged names, cells left empty where a row
// did not log a name). Rows go along `step` when there is such a column (Lightning's, as TensorBoard
// would draw them), else along `epoch`. Older Ultralytics versions pad the names with spaces.
// Bounded like the event files' curves: each column thinned evenly (thinnedCurve.ts), lines and
// columns capped, so that a large or hostile file found in a log folder cannot hold the extension host.
import { parse } from 'csv-parse/sync';
import { type MetricSeries, pointsOf, putValue } from '../trainingMetrics';
import { ThinnedCurve } from './thinnedCurve';

/** File names of the CSV logs we know: Ultralytics', Lightning's. */
export const CSV_LOG_NAMES: ReadonlySet<string> = new Set(['results.csv', 'metrics.csv']);

/** Columns that are not metrics: the axes, and Ultralytics' seconds since the training started. */
const NOT_METRICS = new Set(['epoch', 'step', 'time']);
/** A longer line is no log row (a binary file, a runaway writer): it is skipped. */
export const MAX_LINE = 64 * 1024;
/** Columns read, at most. */
export const MAX_COLUMNS = 500;

export class CsvMetrics {
  private partial = '';
  /** Inside a line longer than MAX_LINE: the rest of it, up to its newline, is skipped. */
  private skipping = false;
  private columns: string[] | undefined;
  private axis: 'epoch' | 'step' = 'epoch';
  private axisAt = -1;
  /** Each column's values along the axis, thinned on its own (a validation column has a value every few rows). */
  private readonly curves = new Map<string, ThinnedCurve>();
  private rowCount = 0;
  /** Rows that could not be read (not CSV, no number on the axis, too long). */
  badRows = 0;

  /** Takes more of the file's text; returns whether a metric changed. */
  feed(text: string): boolean {
    let chunk = text;
    if (this.skipping) {
      const nl = chunk.indexOf('\n');
      if (nl < 0) return false;
      this.skipping = false;
      chunk = chunk.slice(nl + 1);
    }
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    if (this.partial.length > MAX_LINE) {
      this.partial = '';
      this.skipping = true;
      this.badRows++;
    }
    // Python's csv module ends lines with \r\n.
    const complete = lines
      .map((l) => l.replace(/\r$/, ''))
      .filter((l) => {
        if (l.length <= MAX_LINE) return l.trim() !== '';
        this.badRows++;
        return false;
      });
    if (complete.length === 0) return false;
    let changed = false;
    for (const row of parseRows(complete, () => this.badRows++)) changed = this.row(row) || changed;
    return changed;
  }

  private row(cells: string[]): boolean {
    if (!this.columns) {
      this.columns = cells.slice(0, MAX_COLUMNS).map((c) => c.trim());
      this.axisAt = this.columns.indexOf('step');
      if (this.axisAt >= 0) this.axis = 'step';
      else this.axisAt = this.columns.indexOf('epoch');
      return false;
    }
    this.rowCount++;
    const x = this.axisAt >= 0 ? numberIn(cells[this.axisAt]) : this.rowCount;
    if (x === undefined) {
      this.badRows++;
      return false;
    }
    let changed = false;
    this.columns.forEach((name, i) => {
      const v = numberIn(cells[i]);
      if (v === undefined || NOT_METRICS.has(name) || name === '' || name.length > 64) return;
      let curve = this.curves.get(name);
      if (!curve) this.curves.set(name, (curve = new ThinnedCurve(false)));
      curve.add(x, v);
      changed = true;
    });
    return changed;
  }

  series(): MetricSeries {
    const byX = new Map<number, Record<string, number>>();
    for (const [name, curve] of this.curves) for (const [x, v] of curve.points()) putValue(byX, x, name, v);
    return { axis: this.axis, points: pointsOf(byX) };
  }
}

/** The rows of complete lines; a malformed line (an unclosed quote) spoils a whole chunk, which is then read line by line. */
function parseRows(lines: string[], bad: () => void): string[][] {
  try {
    return parse(lines.join('\n'), { relax_column_count: true, trim: true });
  } catch {
    return lines.flatMap((line) => {
      try {
        return parse(line, { relax_column_count: true, trim: true }) as string[][];
      } catch {
        bad();
        return [];
      }
    });
  }
}

function numberIn(cell: string | undefined): number | undefined {
  if (cell === undefined || cell.trim() === '') return undefined;
  const v = Number(cell);
  return Number.isFinite(v) ? v : undefined;
}
