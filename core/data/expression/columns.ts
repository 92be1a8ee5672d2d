// The values an expression works on, for a range of entries (events, rows) read together: one number
// per entry (a flat branch or column), a variable number per entry (a jagged branch: std::vector,
// a counted array, a parquet list), or one number for all entries (a literal). Booleans are 1 and
// 0; a comparison with NaN is 0.
//
// A flat or jagged column may lack some entries altogether (`present`): an element by its index,
// `Jet_Px[0]`, has no value in an event without jets, and neither has anything computed from it.
// Such entries are left out of a histogram and fail a cut, as ROOT's TTree::Draw skips them.
//
// A jagged column may also lack single elements (`elementPresent`): `Jet_pt[Muon_jetIdx]` has an
// element for each muon, but none for a muon matched to no jet (index -1). Such an element is left out
// of the histogram, fails an element cut and is skipped by reductions (awkward's None, which its
// reducers skip too); elements computed from it lack a value as well.

export type Column =
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'flat'; readonly values: Float64Array; readonly present?: Uint8Array }
  /** Entry i's elements are values[offsets[i]] … values[offsets[i + 1] - 1]; offsets has entries + 1 items, starting at 0. */
  | {
      readonly kind: 'jagged';
      readonly offsets: Uint32Array;
      readonly values: Float64Array;
      readonly present?: Uint8Array;
      /** 1 for each element (indexed as values) that has a value; absent when all have. */
      readonly elementPresent?: Uint8Array;
    };

export type Jagged = Extract<Column, { kind: 'jagged' }>;

export const constant = (value: number): Column => ({ kind: 'const', value });
/** `present`: 1 for each entry that has a value, 0 for one that has none; absent when all have. */
export const flat = (values: Float64Array, present?: Uint8Array): Column => (present ? { kind: 'flat', values, present } : { kind: 'flat', values });
export function jagged(offsets: Uint32Array, values: Float64Array, present?: Uint8Array, elementPresent?: Uint8Array): Column {
  return { kind: 'jagged', offsets, values, ...(present && { present }), ...(elementPresent && { elementPresent }) };
}

/** Which elements a column has (undefined: all of those of the entries it has). */
export function elementsPresentOf(c: Column): Uint8Array | undefined {
  return c.kind === 'jagged' ? c.elementPresent : undefined;
}

/** Which entries a column has (undefined: all of them). */
export function presentOf(c: Column): Uint8Array | undefined {
  return c.kind === 'const' ? undefined : c.present;
}

/** The entries both have: undefined when both have all. */
export function bothPresent(a: Uint8Array | undefined, b: Uint8Array | undefined): Uint8Array | undefined {
  if (!a || !b) return a ?? b;
  const out = new Uint8Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a[i] & b[i];
  return out;
}

/**
 * The elements that both jagged columns have, indexed as a's values: undefined when both have all.
 * Their counts must agree in every entry `present` keeps (the others are left at 0).
 */
export function elementsOfBoth(a: Jagged, b: Jagged, entries: number, present: Uint8Array | undefined): Uint8Array | undefined {
  if (!a.elementPresent && !b.elementPresent) return undefined;
  const out = new Uint8Array(a.values.length);
  for (let e = 0; e < entries; e++) {
    if (present && !present[e]) continue;
    for (let k = a.offsets[e], m = b.offsets[e]; k < a.offsets[e + 1]; k++, m++) out[k] = (a.elementPresent?.[k] ?? 1) & (b.elementPresent?.[m] ?? 1);
  }
  return out;
}

/** A jagged column from per-entry lists (tests, small tables). */
export function jaggedOf(lists: readonly (readonly number[])[]): Column {
  const offsets = new Uint32Array(lists.length + 1);
  lists.forEach((l, i) => (offsets[i + 1] = offsets[i] + l.length));
  return jagged(offsets, Float64Array.from(lists.flat()));
}

/**
 * The per-entry lists of a column over `entries` entries (a flat or constant one gives one-item lists;
 * an entry it lacks, none; an element it lacks, null).
 */
export function listsOf(column: Column, entries: number): (number | null)[][] {
  const present = presentOf(column);
  return Array.from({ length: entries }, (_, i) => {
    if (present && !present[i]) return [];
    if (column.kind === 'jagged') {
      const { offsets, values, elementPresent } = column;
      return Array.from({ length: offsets[i + 1] - offsets[i] }, (_, k) => (elementPresent && !elementPresent[offsets[i] + k] ? null : values[offsets[i] + k]));
    }
    return [column.kind === 'const' ? column.value : column.values[i]];
  });
}

/**
 * The first entry where two jagged columns' offsets give different element counts, or undefined if
 * none does; with `present`, only among the entries it has.
 */
export function firstCountMismatch(a: Uint32Array, b: Uint32Array, present?: Uint8Array): number | undefined {
  if (a === b) return undefined;
  const n = Math.min(a.length, b.length) - 1;
  for (let i = 0; i < n; i++) if (a[i + 1] - a[i] !== b[i + 1] - b[i] && (!present || present[i])) return i;
  return a.length === b.length ? undefined : n;
}
