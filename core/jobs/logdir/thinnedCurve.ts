// A curve kept within bounds however long a run logs: like TensorBoard, which keeps a sample of 1000
// values per tag, we keep an evenly spaced subset (every value until MAX_POINTS, then every second,
// every fourth…) and always the latest value, so the curve reaches where the run is.

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
export class ThinnedCurve {
  private steps: number[] = [];
  private values: number[] = [];
  private stride = 1;
  private seen = 0;
  private last: [number, number] | undefined;

  /** `float32`: the values are 32-bit floats, shown by their shortest decimal. */
  constructor(private readonly float32 = true) {}

  private shown(value: number): number {
    return this.float32 ? shortestFloat32(value) : value;
  }

  add(step: number, value: number): void {
    if (this.seen++ % this.stride === 0) {
      this.steps.push(step);
      this.values.push(this.shown(value));
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
    const [step, value] = [this.last[0], this.shown(this.last[1])];
    if (n === 0 || this.steps[n - 1] !== step || this.values[n - 1] !== value) yield [step, value];
  }
}
