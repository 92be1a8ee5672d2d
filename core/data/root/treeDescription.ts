// What a TTree or RNTuple holds, from the objects jsroot reads: its branches (or top-level fields)
// with their types, shapes (one number per entry, a list, or not numbers), counters and sizes.
// Nothing of the baskets or pages is read here.

/** How a branch's values come out: one number per entry, several (a list per entry), or not readable as numbers. */
export type BranchShape = 'flat' | 'jagged' | 'unsupported';

export interface RootBranch {
  readonly name: string;
  /** The type as ROOT writes it: a leaf type ("float", "int32_t[NJet]") or a class ("vector<float>"). */
  readonly type: string;
  readonly shape: BranchShape;
  /** The branch holding each entry's element count, for counted arrays (Jet_Px[NJet]: NJet). */
  readonly counter?: string;
  readonly entries: number;
  readonly bytes: number;
  readonly storedBytes: number;
  readonly baskets: number;
}

export interface RootTree {
  readonly name: string;
  readonly title: string;
  readonly entries: number;
  readonly bytes: number;
  readonly storedBytes: number;
  readonly branches: readonly RootBranch[];
}

/** Leaf classes and the C++ types they hold; numbers all, but strings (TLeafC) and objects are not. */
const LEAF_TYPES: Readonly<Record<string, string>> = {
  TLeafO: 'bool',
  TLeafB: 'int8_t',
  TLeafS: 'int16_t',
  TLeafI: 'int32_t',
  TLeafL: 'int64_t',
  TLeafF: 'float',
  TLeafD: 'double',
  TLeafG: 'long',
  TLeafF16: 'Float16_t',
  TLeafD32: 'Double32_t',
};
export const NUMERIC = /^(bool|char|unsigned char|short|unsigned short|int|unsigned int|long|unsigned long|long long|unsigned long long|float|double|Float16_t|Double32_t|U?Char_t|U?Short_t|U?Int_t|U?Long64_t|Float_t|Double_t|Bool_t|u?int(8|16|32|64)_t)$/;

export interface JsBranch {
  _typename: string;
  fName: string;
  fTitle: string;
  fEntries: number;
  fTotBytes: number;
  fZipBytes: number;
  fWriteBasket: number;
  fBasketSeek?: ArrayLike<number>;
  fBasketBytes?: ArrayLike<number>;
  fBasketEntry?: ArrayLike<number>;
  fClassName?: string;
  fLeaves?: { arr: { _typename: string; fTitle: string; fLen: number; fLeafCount?: { fName: string } | null }[] };
  fBranches?: { arr: JsBranch[] };
}
export interface JsTree {
  fName: string;
  fTitle: string;
  fEntries: number;
  fTotBytes: number;
  fZipBytes: number;
  fBranches: { arr: JsBranch[] };
}

/** A tree's description from its object: split objects list their members as sub-branches, which hold the numbers. */
export function describeTree(t: JsTree): RootTree {
  const branches: RootBranch[] = [];
  const walk = (list: JsBranch[]): void => {
    for (const b of list) {
      const sub = b.fBranches?.arr ?? [];
      if (sub.length > 0 && b._typename === 'TBranchElement' && !b.fClassName?.startsWith('vector')) walk(sub);
      else branches.push(describeBranch(b));
    }
  };
  walk(t.fBranches.arr);
  return { name: t.fName, title: t.fTitle, entries: t.fEntries, bytes: t.fTotBytes, storedBytes: t.fZipBytes, branches };
}

export interface NtupleBuilder {
  fieldDescriptors: { fieldName: string; typeName: string; parentFieldId: number }[];
  clusterSummaries: { numEntries: number }[];
}

/** An RNTuple's top-level fields as branches: numbers flat, std::vector of numbers jagged. */
export function describeNtuple(name: string, builder: NtupleBuilder): RootTree {
  const entries = builder.clusterSummaries.reduce((a, c) => a + Number(c.numEntries), 0);
  const branches = builder.fieldDescriptors
    .filter((f, i) => f.parentFieldId === i)
    .map((f): RootBranch => {
      const type = f.typeName.replace(/std::/g, '');
      const inner = /^vector<\s*(.+?)\s*>$/.exec(type)?.[1];
      const shape: BranchShape = NUMERIC.test(type) ? 'flat' : inner && NUMERIC.test(inner) ? 'jagged' : 'unsupported';
      // RNTuple pages are not sized per field in the footer jsroot reads: sizes are left at 0.
      return { name: f.fieldName, type: f.typeName, shape, entries, bytes: 0, storedBytes: 0, baskets: 0 };
    });
  return { name, title: 'RNTuple', entries, bytes: 0, storedBytes: 0, branches };
}

function describeBranch(b: JsBranch): RootBranch {
  const sizes = { entries: b.fEntries, bytes: b.fTotBytes, storedBytes: b.fZipBytes, baskets: b.fWriteBasket };
  const leaf = b.fLeaves?.arr[0];
  if (b._typename === 'TBranchElement' && b.fClassName) {
    const inner = /^vector<\s*(.+?)\s*>$/.exec(b.fClassName)?.[1];
    const shape: BranchShape = NUMERIC.test(b.fClassName) ? 'flat' : inner && NUMERIC.test(inner) ? 'jagged' : 'unsupported';
    return { name: b.fName, type: b.fClassName, shape, ...sizes };
  }
  if (leaf && (b.fLeaves?.arr.length ?? 0) === 1 && leaf._typename in LEAF_TYPES) {
    const base = LEAF_TYPES[leaf._typename];
    const counter = leaf.fLeafCount?.fName;
    if (counter) return { name: b.fName, type: `${base}[${counter}]`, shape: 'jagged', counter, ...sizes };
    if (leaf.fLen > 1) return { name: b.fName, type: `${base}[${leaf.fLen}]`, shape: 'jagged', ...sizes };
    return { name: b.fName, type: base, shape: 'flat', ...sizes };
  }
  return { name: b.fName, type: leaf?._typename === 'TLeafC' ? 'string' : (b.fClassName ?? b.fTitle ?? b._typename), shape: 'unsupported', ...sizes };
}


/**
 * The first branch whose list of baskets jsroot would read wrongly, and why: each branch's first
 * fWriteBasket baskets must start at increasing entries within the tree's, and no two baskets of the
 * tree may share bytes of the file (ROOT writes each basket once). One 64 MB basket listed ten times
 * under a tree claiming 160 M entries was otherwise read as ten (48 s, 2 GB).
 */
export function badBaskets(t: JsTree): { branch: string; reason: string } | undefined {
  const entries = Number(t.fEntries);
  if (!Number.isSafeInteger(entries) || entries < 0) return { branch: '-', reason: `the tree says it has ${t.fEntries} entries` };
  const spans: { at: number; end: number; branch: string }[] = [];
  const check = (b: JsBranch): string | undefined => {
    const n = b.fWriteBasket;
    if (n === 0 || n === undefined) return undefined;
    const seeks = b.fBasketSeek ?? [];
    const sizes = b.fBasketBytes ?? [];
    const firsts = b.fBasketEntry ?? [];
    if (!Number.isSafeInteger(n) || n < 0 || n > seeks.length || n > sizes.length || n > firsts.length) return `${n} baskets in lists of ${Math.min(seeks.length, sizes.length, firsts.length)}`;
    let previous = -1;
    for (let k = 0; k < n; k++) {
      const first = Number(firsts[k]);
      const at = Number(seeks[k]);
      const bytes = Number(sizes[k]);
      if (!Number.isSafeInteger(first) || first >= Math.max(1, entries)) return `basket ${k} starts at entry ${first} of ${entries}`;
      if (first <= previous) return `basket ${k} starts at entry ${first}, not after basket ${k - 1} at ${previous}`;
      if (!Number.isSafeInteger(at) || at <= 0 || !Number.isSafeInteger(bytes) || bytes <= 0) return `basket ${k} is at byte ${at}, ${bytes} bytes`;
      spans.push({ at, end: at + bytes, branch: b.fName });
      previous = first;
    }
    const next = n < firsts.length ? Number(firsts[n]) : undefined;
    if (next !== undefined && next !== 0 && (next < previous || next > entries)) return `its baskets end at entry ${next}, of ${entries}`;
    return undefined;
  };
  const walk = (list: readonly JsBranch[]): { branch: string; reason: string } | undefined => {
    for (const b of list) {
      const reason = check(b);
      if (reason) return { branch: b.fName, reason };
      const inner = walk(b.fBranches?.arr ?? []);
      if (inner) return inner;
    }
    return undefined;
  };
  const found = walk(t.fBranches.arr);
  if (found) return found;
  spans.sort((a, b) => a.at - b.at);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].at < spans[i - 1].end) return { branch: spans[i].branch, reason: `a basket at byte ${spans[i].at} overlaps one of ${spans[i - 1].branch}` };
  }
  return undefined;
}

/** Where each branch's written baskets are ("position:length", as jsroot reads them), once badBaskets passed. */
export function basketPlaces(t: JsTree): string[] {
  const places: string[] = [];
  const walk = (list: readonly JsBranch[]): void => {
    for (const b of list) {
      for (let k = 0; k < b.fWriteBasket; k++) places.push(`${Number(b.fBasketSeek![k])}:${Number(b.fBasketBytes![k])}`);
      walk(b.fBranches?.arr ?? []);
    }
  };
  walk(t.fBranches.arr);
  return places;
}
