// The scalar curves of one TensorBoard event file, read as it grows, each tag thinned (thinnedCurve.ts).
// Tags are capped too: a script that logs a norm per parameter writes thousands, which would fill
// memory and draw an unreadable chart; the first MAX_TAGS are kept and the rest counted.
import { msg } from '../../text/message';
import { decodeEvent } from './eventProto';
import { type RecordDamage, TfRecordReader } from './tfRecord';
import { ThinnedCurve } from './thinnedCurve';

/** Tags kept per file, at most. */
export const MAX_TAGS = 500;
/** Names remembered per file, at most, in each set of them (tags left out, tags of other plugins). */
export const MAX_NAMES = 100_000;

export class EventFileScalars {
  private readonly records = new TfRecordReader();
  private readonly curves = new Map<string, ThinnedCurve>();
  /**
   * Tags whose metadata named a plugin other than "scalars" (TensorFlow names it on a tag's first
   * value only), whose later values are not scalars. Only those that are kept or could still be:
   * once MAX_TAGS are kept, a new tag is left out whatever it is. Bounded too, as a file can name
   * millions before it has a single scalar; past the bound, such a tag's later values are taken
   * for scalars if they look like one (a one-element number).
   */
  private readonly otherPlugins = new Set<string>();
  private undecodable: RecordDamage | undefined;
  /** Tags past MAX_TAGS, not kept. */
  private readonly dropped = new Set<string>();
  private skippedValues = 0;

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
      this.skippedValues += event.valuesLeftOut;
      for (const v of event.values) {
        let curve = this.curves.get(v.tag);
        const keepable = curve !== undefined || this.curves.size < MAX_TAGS;
        if (v.plugin === 'scalars') this.otherPlugins.delete(v.tag);
        else if (v.plugin !== undefined) {
          if (keepable && (curve || this.otherPlugins.size < MAX_NAMES)) this.otherPlugins.add(v.tag);
          continue;
        }
        if (v.value === undefined || !Number.isFinite(v.value) || this.otherPlugins.has(v.tag)) continue;
        if (!curve) {
          if (!keepable) {
            // Counted up to a bound too: the set of names must not grow without one either.
            if (this.dropped.size < MAX_NAMES) this.dropped.add(v.tag);
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

  /** How many values were left out of events that hold more than MAX_VALUES_PER_EVENT (eventProto.ts). */
  get valuesLeftOut(): number {
    return this.skippedValues;
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
