// The scalar curves of one TensorBoard event file, read as it grows. A script that logs every batch
// writes hundreds of thousands of values per tag; like TensorBoard, which keeps a sample of 1000 per
// tag, we keep a bounded, evenly spaced subset (every value until MAX_POINTS, then every second,
// every fourth…) and always the latest value, so the curve reaches where the run is.
import { msg } from '../../text/message';
import { decodeEvent } from './eventProto';
import { type RecordDamage, TfRecordReader } from './tfRecord';

/** Values kept per tag, at most (plus the latest). */
export const MAX_POINTS = 2000;

/**
 * The shortest decimal that is the same 32-bit float: a loss logged as 0.2 is stored as
 * 0.20000000298023224 in a float, and shown as 0.2, as TensorBoard shows it. A number that is no
 * 32-bit float (a double) stays as it is. Costly (up to 8 tries): done only for the values kept.
 */
export function shortestFloat32(x: number): number {
  if (!Number.isFinite(x)) return x;
  for (let digits = 1; digits < 9; digits++) {
    const y = Number(x.toPrecision(digits));
    if (Math.fround(y) === x) return y;
  }
  return x;
}

/** Evenly thinned (step, value) pairs of one tag. */
class ThinnedCurve {
  private steps: number[] = [];
  private values: number[] = [];
  private stride = 1;
  private seen = 0;
  private last: [number, number] | undefined;

  add(step: number, value: number): void {
    if (this.seen++ % this.stride === 0) {
      this.steps.push(step);
      this.values.push(shortestFloat32(value));
      if (this.steps.length > MAX_POINTS) {
        this.steps = this.steps.filter((_, i) => i % 2 === 0);
        this.values = this.values.filter((_, i) => i % 2 === 0);
        this.stride *= 2;
      }
    }
    this.last = [step, value];
  }

  *points(): Generator<[number, number]> {
    for (let i = 0; i < this.steps.length; i++) yield [this.steps[i], this.values[i]];
    const n = this.steps.length;
    if (!this.last) return;
    const [step, value] = [this.last[0], shortestFloat32(this.last[1])];
    if (n === 0 || this.steps[n - 1] !== step || this.values[n - 1] !== value) yield [step, value];
  }
}

export class EventFileScalars {
  private readonly records = new TfRecordReader();
  private readonly curves = new Map<string, ThinnedCurve>();
  /** The plugin each tag's first metadata named: TensorFlow writes it once per tag. */
  private readonly plugins = new Map<string, string>();
  private undecodable: RecordDamage | undefined;
  /** Seconds since 1970 of the file's first event (its file_version record), if read. */
  firstWallTime: number | undefined;

  /** Takes more bytes of the file; returns whether any curve gained a value. */
  feed(bytes: Buffer): boolean {
    if (this.undecodable) return false;
    let changed = false;
    for (const data of this.records.feed(bytes)) {
      let event;
      try {
        event = decodeEvent(data);
      } catch (err) {
        this.undecodable = { offset: -1, reason: msg('a record is not a TensorBoard event ({0})', err instanceof Error ? err.message : String(err)) };
        break;
      }
      this.firstWallTime ??= event.wallTime;
      for (const v of event.values) {
        if (v.plugin) this.plugins.set(v.tag, v.plugin);
        const plugin = this.plugins.get(v.tag);
        if (v.value === undefined || !Number.isFinite(v.value) || (plugin !== undefined && plugin !== 'scalars')) continue;
        let curve = this.curves.get(v.tag);
        if (!curve) this.curves.set(v.tag, (curve = new ThinnedCurve()));
        curve.add(event.step, v.value);
        changed = true;
      }
    }
    return changed;
  }

  /** Where reading stopped because the file is damaged. */
  get damage(): RecordDamage | undefined {
    return this.records.damage ?? this.undecodable;
  }

  tags(): string[] {
    return [...this.curves.keys()];
  }

  /** Each tag's kept values as (step, value). */
  *values(): Generator<{ tag: string; step: number; value: number }> {
    for (const [tag, curve] of this.curves) for (const [step, value] of curve.points()) yield { tag, step, value };
  }
}
