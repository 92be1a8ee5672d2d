// Where a branch's values go as jsroot's tree loop hands them over, entry by entry: typed buffers,
// so that reading a column costs no lookup and no boxed number per entry.
import { type Column, flat, jagged } from '../expression/columns';

/** One value per entry of a flat branch, as jsroot hands it (a number, a boolean, a 64-bit integer). */
export class FlatSink {
  private readonly values: Float64Array;
  constructor(entries: number) {
    this.values = new Float64Array(entries);
  }
  add(i: number, v: unknown): void {
    this.values[i] = typeof v === 'number' ? v : toNumber(v);
  }
  column(): Column {
    return flat(this.values);
  }
}

/**
 * Values the jagged branches of one read may still take, shared by their sinks. Typed arrays live
 * outside a worker's heap limit, and baskets that compress well unpack to far more elements than the
 * file's size suggests: without this bound one read grew to gigabytes in a worker limited to 64 MB.
 */
export class ValueBudget {
  /** Set once an entry would have passed the bound: its values, and all after it, are not kept. */
  exceeded = false;
  constructor(public left: number) {}
}

/** The elements of each entry of a jagged branch, in a buffer that doubles as it fills (a number[] then a copy cost a tenth of the read). */
export class JaggedSink {
  private readonly offsets: Uint32Array;
  private values = new Float64Array(1024);
  private used = 0;
  constructor(
    entries: number,
    private readonly budget: ValueBudget,
  ) {
    this.offsets = new Uint32Array(entries + 1);
  }
  add(i: number, v: unknown): void {
    const items = v as ArrayLike<number | boolean | bigint> | null | undefined;
    const length = typeof items?.length === 'number' ? items.length : 0;
    if (this.budget.exceeded || length > this.budget.left) {
      this.budget.exceeded = true;
      return;
    }
    this.budget.left -= length;
    const end = this.used + length;
    if (end > this.values.length) {
      // Doubling, but never past what the budget still allows this buffer to hold.
      const grown = new Float64Array(Math.max(end, Math.min(this.values.length * 2, this.used + length + this.budget.left)));
      grown.set(this.values.subarray(0, this.used));
      this.values = grown;
    }
    // A typed array of numbers (float[n], std::vector<int>…) in one copy; booleans and 64-bit integers one by one.
    if (ArrayBuffer.isView(items) && !(items instanceof BigInt64Array || items instanceof BigUint64Array)) this.values.set(items as unknown as ArrayLike<number>, this.used);
    else for (let e = this.used; e < end; e++) this.values[e] = toNumber(items![e - this.used]);
    this.used = end;
    this.offsets[i + 1] = end;
  }
  column(): Column {
    return jagged(this.offsets, this.values.length === this.used ? this.values : this.values.slice(0, this.used));
  }
}

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? Number(v) : NaN;
}
