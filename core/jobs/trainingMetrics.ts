// Training metrics of a run, from two places (and the loggers' files, TensorBoard's and CSV: logdir/):
// - weaver's log lines (weaver/train.py and utils/nn/tools.py): "Epoch #N training",
//   "Train AvgLoss: x, AvgAcc: y", "Epoch #N: Current validation metric: v (best: b)", "Test metric v",
//   and tqdm's progress postfix "lr=1.00e-03" for the learning rate;
// - a metrics.jsonl file, our convention for custom scripts: one JSON object per line with "epoch"
//   or "step" and any numbers ({"epoch": 3, "train_loss": 0.41, "val_acc": 0.83, "lr": 0.001}).
// Both parsers are incremental: they take text as it arrives and keep a partial last line.

/** One x value (epoch or step) and the numbers logged for it. */
export interface MetricPoint {
  readonly x: number;
  readonly values: Readonly<Record<string, number>>;
}

export interface MetricSeries {
  /** What x counts. */
  readonly axis: 'epoch' | 'step';
  readonly points: readonly MetricPoint[];
}

// eslint-disable-next-line no-control-regex -- weaver colours some lines with ANSI escapes.
const ANSI = /\u001b\[[0-9;]*m/g;
// Python prints a diverged value as nan, inf or -inf: matched (and dropped as not finite) so that the
// other values on the line are still read.
const NUM = '([-+]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|nan|inf))';

/** Adds one named value at `x` to points kept by x. */
export function putValue(byX: Map<number, Record<string, number>>, x: number, name: string, value: number): void {
  const entry = byX.get(x) ?? {};
  entry[name] = value;
  byX.set(x, entry);
}

/** Points kept by x, in the order of x. */
export function pointsOf(byX: ReadonlyMap<number, Readonly<Record<string, number>>>): MetricPoint[] {
  return [...byX.entries()].sort((a, b) => a[0] - b[0]).map(([x, values]) => ({ x, values }));
}

/**
 * The most of one log line the weaver parser keeps: its metric lines are short, and a longer line (a
 * printed tensor, output without newlines) is read by its beginning instead of being held whole in memory.
 */
export const MAX_LINE = 64 * 1024;
/**
 * The most of one metrics.jsonl line kept: a record may carry per-class arrays or a confusion matrix
 * beside its numbers, and a line cut short is not JSON. Longer lines are counted as bad lines.
 */
export const MAX_JSONL_LINE = 16 * 1024 * 1024;

function keepLine(partial: string, more: string, max: number): string {
  return partial.length >= max ? partial : (partial + more.slice(0, max - partial.length));
}

/**
 * A growing log cut into whole lines, the unfinished one kept up to MAX_LINE. Only the new text is
 * searched for the end of the line: splitting the line so far again at each piece made a long line
 * without one quadratic (200 MiB in 2 MiB pieces: 41 s).
 */
class LineSplitter {
  private partial = '';
  /** `carriageReturns`: a \r ends a line too (tqdm rewrites its line with them); `maxLine`: the most of an unfinished line kept. */
  constructor(
    private readonly carriageReturns: boolean,
    private readonly maxLine: number,
  ) {}

  /** The lines the new text finishes. */
  feed(text: string): string[] {
    const end = this.carriageReturns ? Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) : text.lastIndexOf('\n');
    if (end < 0) {
      this.partial = keepLine(this.partial, text, this.maxLine);
      return [];
    }
    const lines = (this.partial + text.slice(0, end)).split(this.carriageReturns ? /\r\n|\r|\n/ : '\n');
    this.partial = keepLine('', text.slice(end + 1), this.maxLine);
    return lines;
  }
}

/** Reads weaver's log as it grows. */
export class WeaverLogParser {
  private readonly lines = new LineSplitter(true, MAX_LINE);
  private epoch: number | undefined;
  private lr: number | undefined;
  private readonly byEpoch = new Map<number, Record<string, number>>();

  /** Feeds more of the log; returns whether any metric changed. */
  feed(text: string): boolean {
    let changed = false;
    // tqdm rewrites its line with carriage returns: each \r starts a new line for us.
    for (const line of this.lines.feed(text)) changed = this.line(line.replace(ANSI, '')) || changed;
    return changed;
  }

  series(): MetricSeries {
    return { axis: 'epoch', points: pointsOf(this.byEpoch) };
  }

  /** Whether the log is weaver's: it started an epoch or reported a metric. */
  get recognised(): boolean {
    return this.epoch !== undefined || this.byEpoch.size > 0;
  }

  private set(epoch: number | undefined, name: string, value: number): boolean {
    if (epoch === undefined || !Number.isFinite(value)) return false;
    const entry = this.byEpoch.get(epoch) ?? {};
    entry[name] = value;
    this.byEpoch.set(epoch, entry);
    return true;
  }

  private line(line: string): boolean {
    let m: RegExpExecArray | null;
    if ((m = /Epoch #(\d+) training/.exec(line))) {
      this.epoch = Number(m[1]);
      this.lr = undefined;
      return false;
    }
    if ((m = new RegExp(`[\\s,]lr=${NUM}`).exec(line))) {
      this.lr = Number(m[1]);
      return false;
    }
    if ((m = new RegExp(`Train AvgLoss: ${NUM}(?:.*?AvgAcc: ${NUM})?`).exec(line))) {
      let changed = this.set(this.epoch, 'train_loss', Number(m[1]));
      if (m[2] !== undefined) changed = this.set(this.epoch, 'train_acc', Number(m[2])) || changed;
      if (this.lr !== undefined) changed = this.set(this.epoch, 'lr', this.lr) || changed;
      return changed;
    }
    if ((m = new RegExp(`Epoch #(\\d+): Current validation metric: ${NUM} \\(best: ${NUM}\\)`).exec(line))) {
      const epoch = Number(m[1]);
      // Each value on its own: a nan metric (a diverged epoch) leaves the best so far to be read.
      const metric = this.set(epoch, 'val_metric', Number(m[2]));
      return this.set(epoch, 'val_best', Number(m[3])) || metric;
    }
    if ((m = new RegExp(`Test metric ${NUM}`).exec(line))) {
      const last = Math.max(-1, ...this.byEpoch.keys());
      return this.set(last >= 0 ? last : 0, 'test_metric', Number(m[1]));
    }
    return false;
  }
}

/** Reads a metrics.jsonl file as it grows. Lines that are not JSON objects are counted and skipped. */
export class JsonlMetricsParser {
  private readonly lines = new LineSplitter(false, MAX_JSONL_LINE);
  private axis: 'epoch' | 'step' | undefined;
  private readonly byX = new Map<number, Record<string, number>>();
  badLines = 0;

  feed(text: string): boolean {
    let changed = false;
    for (const line of this.lines.feed(text)) changed = this.line(line) || changed;
    return changed;
  }

  series(): MetricSeries {
    return { axis: this.axis ?? 'epoch', points: pointsOf(this.byX) };
  }

  /** Whether any line had a value (what series() would show is not empty). */
  get hasPoints(): boolean {
    return this.byX.size > 0;
  }

  private line(line: string): boolean {
    if (line.trim() === '') return false;
    if (line.length > MAX_JSONL_LINE) {
      this.badLines++;
      return false;
    }
    let value: unknown;
    try {
      value = parsePythonJson(line);
    } catch {
      this.badLines++;
      return false;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.badLines++;
      return false;
    }
    const record = value as Record<string, unknown>;
    // The first line decides the axis: epoch when it has one, else step.
    this.axis ??= typeof record.epoch === 'number' ? 'epoch' : 'step';
    const x = record[this.axis];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      this.badLines++;
      return false;
    }
    const entry = this.byX.get(x) ?? {};
    let changed = false;
    for (const [k, v] of Object.entries(record)) {
      if (k === 'epoch' || k === 'step' || typeof v !== 'number' || !Number.isFinite(v) || k.length > 64) continue;
      entry[k] = v;
      changed = true;
    }
    this.byX.set(x, entry);
    return changed;
  }
}

/** A string no metrics file holds, standing for NaN while JSON.parse reads the line. */
const NAN_MARK = '\u0000NaN';

/**
 * JSON.parse that also reads the NaN, Infinity and -Infinity that Python's json.dumps writes for a
 * diverged value (JSON has no such tokens, so JSON.parse would reject the whole line and its valid
 * values with it). Only tokens outside strings are read as numbers: the regex consumes each string
 * whole, so a "NaN" in a note stays text.
 */
export function parsePythonJson(text: string): unknown {
  const json = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (token) => {
    if (token.startsWith('"')) return token;
    // 1e999 is read as Infinity; NaN has no JSON number, so it travels as a mark the reviver turns back.
    if (token === 'NaN') return JSON.stringify(NAN_MARK);
    return token.startsWith('-') ? '-1e999' : '1e999';
  });
  return JSON.parse(json, (_key, value: unknown) => (value === NAN_MARK ? NaN : value));
}

/** The names of the series, in a stable order: losses, accuracies and other metrics, learning rate last. */
export function metricNames(series: MetricSeries): string[] {
  const names = new Set<string>();
  for (const p of series.points) for (const k of Object.keys(p.values)) names.add(k);
  const rank = (n: string): number => (/loss/i.test(n) ? 0 : /lr|learning/i.test(n) ? 2 : 1);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
