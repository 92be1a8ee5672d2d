// The scalar curves of one TensorBoard event file, read as it grows, each tag thinned (thinnedCurve.ts).
// Tags are capped too: a script that logs a norm per parameter writes thousands, which would fill
// memory and draw an unreadable chart; the first MAX_TAGS are kept and the rest counted.
import { msg } from '../../text/message';
import { decodeEvent } from './eventProto';
import { type RecordDamage, TfRecordReader } from './tfRecord';
import { ThinnedCurve } from './thinnedCurve';

/** Tags kept per file, at most. */
export const MAX_TAGS = 500;

export class EventFileScalars {
  private readonly records = new TfRecordReader();
  private readonly curves = new Map<string, ThinnedCurve>();
  /** The plugin each tag's first metadata named: TensorFlow writes it once per tag. */
  private readonly plugins = new Map<string, string>();
  private undecodable: RecordDamage | undefined;
  /** Tags past MAX_TAGS, not kept. */
  private readonly dropped = new Set<string>();

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
      for (const v of event.values) {
        if (v.plugin) this.plugins.set(v.tag, v.plugin);
        const plugin = this.plugins.get(v.tag);
        if (v.value === undefined || !Number.isFinite(v.value) || (plugin !== undefined && plugin !== 'scalars')) continue;
        let curve = this.curves.get(v.tag);
        if (!curve) {
          if (this.curves.size >= MAX_TAGS) {
            // Counted up to a bound too: the set of names must not grow without one either.
            if (this.dropped.size < 100_000) this.dropped.add(v.tag);
            continue;
          }
          this.curves.set(v.tag, (curve = new ThinnedCurve()));
        }
        curve.add(event.step, v.value);
        changed = true;
      }
    }
    return changed;
  }

  /** Where the file must be read again from before the next feed (tfRecord.ts), if anywhere. */
  takeRereadFrom(): number | undefined {
    return this.records.takeRereadFrom();
  }

  /** Where reading stopped because the file is damaged. */
  get damage(): RecordDamage | undefined {
    return this.records.damage ?? this.undecodable;
  }

  /** How many tags were left out (past MAX_TAGS). */
  get tagsLeftOut(): number {
    return this.dropped.size;
  }

  tags(): string[] {
    return [...this.curves.keys()];
  }

  /** Each tag's kept values as (step, value). */
  *values(): Generator<{ tag: string; step: number; value: number }> {
    for (const [tag, curve] of this.curves) for (const [step, value] of curve.points()) yield { tag, step, value };
  }
}
