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

