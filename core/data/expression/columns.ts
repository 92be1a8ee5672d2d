// The values an expression works on, for a range of entries (events, rows) read together: one number
// per entry (a flat branch or column), a variable number per entry (a jagged branch: std::vector,
// a counted array, a parquet list), or one number for all entries (a literal). Booleans are 1 and
// 0; a comparison with NaN is 0.

export type Column =
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'flat'; readonly values: Float64Array }
  /** Entry i's elements are values[offsets[i]] … values[offsets[i + 1] - 1]; offsets has entries + 1 items, starting at 0. */
  | { readonly kind: 'jagged'; readonly offsets: Uint32Array; readonly values: Float64Array };

export const constant = (value: number): Column => ({ kind: 'const', value });
export const flat = (values: Float64Array): Column => ({ kind: 'flat', values });
export const jagged = (offsets: Uint32Array, values: Float64Array): Column => ({ kind: 'jagged', offsets, values });

/** A jagged column from per-entry lists (tests, small tables). */
export function jaggedOf(lists: readonly (readonly number[])[]): Column {
  const offsets = new Uint32Array(lists.length + 1);
  lists.forEach((l, i) => (offsets[i + 1] = offsets[i] + l.length));
  return jagged(offsets, Float64Array.from(lists.flat()));
}

/** The per-entry lists of a column over `entries` entries (a flat or constant one gives one-item lists). */
export function listsOf(column: Column, entries: number): number[][] {
  if (column.kind === 'jagged') {
    return Array.from({ length: entries }, (_, i) => Array.from(column.values.subarray(column.offsets[i], column.offsets[i + 1])));
  }
  return Array.from({ length: entries }, (_, i) => [column.kind === 'const' ? column.value : column.values[i]]);
}

/** The first entry where two jagged columns' offsets give different element counts, or undefined if none does. */
export function firstCountMismatch(a: Uint32Array, b: Uint32Array): number | undefined {
  if (a === b) return undefined;
  const n = Math.min(a.length, b.length) - 1;
  for (let i = 0; i < n; i++) if (a[i + 1] - a[i] !== b[i + 1] - b[i]) return i;
  return a.length === b.length ? undefined : n;
}
