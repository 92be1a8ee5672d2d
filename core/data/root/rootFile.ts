// ROOT files through jsroot's I/O modules (never its drawing or treeDraw): keys, trees and their
// branches with types and sizes, and branch values for a range of entries as the expression
// evaluator's columns. Every read is a positioned read through our own FileProxy over a FileHandle
// (jsroot's own Node file class never closes its descriptor and ignores short reads).
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import type { TFileLike, TKey } from 'jsroot/io';
import { type Column, flat, jagged } from '../expression/columns';

export interface RootKey {
  readonly name: string;
  readonly cycle: number;
  readonly className: string;
  readonly title: string;
  /** Bytes of the object, uncompressed and as stored. */
  readonly bytes: number;
  readonly storedBytes: number;
}

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

export interface StoredAxis {
  readonly bins: number;
  readonly low: number;
  readonly high: number;
  readonly title: string;
  /** Variable bins: the bins + 1 edges. */
  readonly edges?: readonly number[];
}

export interface StoredHistogram {
  readonly name: string;
  readonly className: string;
  readonly title: string;
  readonly kind: '1d' | '2d';
  readonly x: StoredAxis;
  readonly y?: StoredAxis;
  /** 1-D: [underflow, bins…, overflow]; 2-D: (x.bins + 2) × (y.bins + 2), x fastest. */
  readonly sumw: readonly number[];
  readonly sumw2: readonly number[];
  readonly entries: number;
  readonly tsumw: number;
  readonly tsumwx: number;
  readonly tsumwx2: number;
  readonly tsumwy: number;
  readonly tsumwy2: number;
}

interface JsAxis {
  fNbins: number;
  fXmin: number;
  fXmax: number;
  fTitle?: string;
  fXbins?: ArrayLike<number>;
}
interface JsHistogram {
  _typename: string;
  fTitle?: string;
  fXaxis: JsAxis;
  fYaxis: JsAxis;
  fArray: ArrayLike<number>;
  fSumw2?: ArrayLike<number>;
  fBinEntries?: ArrayLike<number>;
  fEntries: number;
  fTsumw: number;
  fTsumwx: number;
  fTsumwx2: number;
  fTsumwy?: number;
  fTsumwy2?: number;
}

export interface RootTree {
  readonly name: string;
  readonly title: string;
  readonly entries: number;
  readonly bytes: number;
  readonly storedBytes: number;
  readonly branches: readonly RootBranch[];
}

/** Key classes read as tables of entries: TTrees and RNTuples (jsroot reads RNTuple from ROOT 6.34 on). */
export const TREE_CLASSES: ReadonlySet<string> = new Set(['TTree', 'TNtuple', 'TNtupleD', 'ROOT::RNTuple', 'ROOT::Experimental::RNTuple']);
const NTUPLE_CLASSES = new Set(['ROOT::RNTuple', 'ROOT::Experimental::RNTuple']);

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
const NUMERIC = /^(bool|char|unsigned char|short|unsigned short|int|unsigned int|long|unsigned long|long long|unsigned long long|float|double|Float16_t|Double32_t|U?Char_t|U?Short_t|U?Int_t|U?Long64_t|Float_t|Double_t|Bool_t|u?int(8|16|32|64)_t)$/;

interface JsBranch {
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
interface JsTree {
  fName: string;
  fTitle: string;
  fEntries: number;
  fTotBytes: number;
  fZipBytes: number;
  fBranches: { arr: JsBranch[] };
}

export class RootFile {
  private constructor(
    private readonly file: TFileLike,
    readonly path: string,
    readonly size: number,
  ) {}

  static async open(file: string): Promise<RootFile> {
    const { opened, size } = await openJsrootFile(file);
    return new RootFile(opened, file, size);
  }

  /** The keys of the top directory, or of a subdirectory by its path ("dir/sub"). */
  async keys(directory = ''): Promise<RootKey[]> {
    return this.guard(() => this.readKeys(directory));
  }

  private async readKeys(directory: string): Promise<RootKey[]> {
    const dir = directory ? ((await this.file.readObject(directory, undefined, true)) as { fKeys: TKey[] } | null) : this.file;
    if (!dir) throw new RootError(`There is no directory "${directory}" in ${path.basename(this.path)}.`);
    return dir.fKeys
      .filter((k) => k.fClassName !== 'TList' || k.fName !== 'StreamerInfo')
      .map((k) => ({ name: k.fName, cycle: k.fCycle, className: k.fClassName, title: k.fTitle, bytes: k.fObjlen, storedBytes: k.fNbytes }));
  }

  /** A tree's description: its branches with types, entries and sizes (nothing of its baskets is read). */
  async tree(name: string): Promise<RootTree> {
    return this.guard(async () => (this.isNtuple(name) ? describeNtuple(name, (await this.readNtuple(name)).builder) : describeTree(await this.readTree(name))));
  }

  private isNtuple(name: string): boolean {
    return NTUPLE_CLASSES.has(this.file.fKeys.find((k) => k.fName === name)?.fClassName ?? '');
  }

  private ntuples = new Map<string, Promise<{ rn: unknown; builder: NtupleBuilder }>>();

  /** An RNTuple's anchor and its header and footer (field descriptions, clusters), read once. */
  private readNtuple(name: string): Promise<{ rn: unknown; builder: NtupleBuilder }> {
    let read = this.ntuples.get(name);
    if (!read) {
      read = (async () => {
        const rn = await this.file.readObject(name);
        const { readHeaderFooter } = await import('jsroot/rntuple');
        const builder = await readHeaderFooter(rn);
        if (!builder) throw new RootError(`The RNTuple "${name}" in ${path.basename(this.path)} could not be read (its header or footer is damaged, or its version is newer than this reader).`);
        return { rn, builder };
      })();
      this.ntuples.set(name, read);
      read.catch(() => this.ntuples.delete(name));
    }
    return read;
  }

  /**
   * Values of `names` (branches of `tree`) for entries [first, first + count), as columns. Only those
   * branches' baskets in that range are read. `onProgress` hears the portion done; returning false
   * from it stops the read (the promise then rejects with a cancellation).
   */
  async read(treeName: string, names: readonly string[], first: number, count: number, onProgress?: (portion: number) => boolean): Promise<Map<string, Column>> {
    const ntuple = this.isNtuple(treeName) ? await this.guard(() => this.readNtuple(treeName)) : undefined;
    const t = ntuple ? undefined : await this.guard(() => this.readTree(treeName));
    const description = ntuple ? describeNtuple(treeName, ntuple.builder) : describeTree(t!);
    const byName = new Map(description.branches.map((b) => [b.name, b]));
    for (const n of names) {
      const b = byName.get(n);
      if (!b) throw new RootError(`The tree ${treeName} has no branch "${n}".`);
      if (b.shape === 'unsupported') throw new RootError(`Branch ${n} holds ${b.type}, which the data explorer does not read (numbers and lists of numbers only).`);
    }
    // A counter read with the branch it counts must be added first (jsroot otherwise reads it as a
    // hidden helper of the counted branch and then refuses it).
    const counters = new Set(names.map((n) => byName.get(n)!.counter).filter((c): c is string => c !== undefined));
    const ordered = [...names].sort((a, b) => Number(counters.has(b)) - Number(counters.has(a)));
    const last = Math.min(first + count, description.entries);
    const n = Math.max(0, last - first);
    const { TSelector, treeProcess } = await import('jsroot/tree');
    const flatValues = new Map<string, Float64Array>();
    const lists = new Map<string, { offsets: Uint32Array; values: number[] }>();
    for (const name of ordered) {
      if (byName.get(name)!.shape === 'flat') flatValues.set(name, new Float64Array(n));
      else lists.set(name, { offsets: new Uint32Array(n + 1), values: [] });
    }
    let cancelled = false;
    class Collector extends TSelector {
      private i = 0;
      constructor() {
        super();
        ordered.forEach((name, k) => this.addBranch(name, `b${k}`));
      }
      override Process(): void {
        const i = this.i++;
        if (i >= n) return;
        ordered.forEach((name, k) => {
          const v = this.tgtobj[`b${k}`];
          const f = flatValues.get(name);
          if (f) f[i] = toNumber(v);
          else {
            const list = lists.get(name)!;
            const items = v as ArrayLike<number | boolean | bigint>;
            for (let e = 0; e < items.length; e++) list.values.push(toNumber(items[e]));
            list.offsets[i + 1] = list.values.length;
          }
        });
      }
      override ShowProgress(portion?: number): unknown {
        if (onProgress && portion !== undefined && !onProgress(portion)) {
          cancelled = true;
          return 'break';
        }
        return undefined;
      }
    }
    if (n > 0 && ordered.length > 0) {
      // RNTuples go through jsroot's own processing loop with the same selector.
      const processing = ntuple
        ? (await import('jsroot/rntuple')).rntupleProcess(ntuple.rn, new Collector(), { firstentry: first, numentries: n })
        : treeProcess(t, new Collector(), { firstentry: first, numentries: n });
      await processing.catch((err: unknown) => {
        throw asRootError(err, this.path);
      });
    }
    if (cancelled) throw new RootError('Reading was cancelled.');
    const out = new Map<string, Column>();
    for (const name of names) {
      const f = flatValues.get(name);
      const l = lists.get(name);
      out.set(name, f ? flat(f) : jagged(l!.offsets, Float64Array.from(l!.values)));
    }
    return out;
  }

  /**
   * A stored histogram (TH1*, TH2*, TProfile) as plain data: its axes (variable bin edges kept), bin
   * contents with under- and overflow, sums of squared weights (the contents when ROOT kept none) and
   * the moment sums ROOT stored, from which its statistics box follows. A TProfile gives the mean of
   * each bin (content / entries), as ROOT draws it.
   */
  async histogram(name: string): Promise<StoredHistogram> {
    return this.guard(async () => {
      const h = (await this.file.readObject(name).catch((err: unknown) => {
        if (err instanceof Error && /Key not found/.test(err.message)) return null;
        throw err;
      })) as JsHistogram | null;
      if (!h || !h._typename) throw new RootError(`There is no object "${name}" in ${path.basename(this.path)}.`);
      const kind = /^TH2/.test(h._typename) ? '2d' : /^(TH1|TProfile$)/.test(h._typename) ? '1d' : undefined;
      if (!kind) throw new RootError(`"${name}" is a ${h._typename}: only 1-D and 2-D histograms and profiles are drawn.`);
      const axis = (a: JsAxis) => ({ bins: a.fNbins, low: a.fXmin, high: a.fXmax, title: a.fTitle ?? '', ...(a.fXbins?.length ? { edges: Array.from(a.fXbins) } : {}) });
      let contents = Array.from(h.fArray);
      if (h._typename === 'TProfile' && h.fBinEntries) {
        const n = h.fBinEntries;
        contents = contents.map((v, i) => (n[i] ? v / n[i] : 0));
      }
      const sumw2 = h.fSumw2?.length === contents.length && h._typename !== 'TProfile' ? Array.from(h.fSumw2) : contents.map((v) => Math.abs(v));
      return {
        name,
        className: h._typename,
        title: h.fTitle ?? '',
        kind,
        x: axis(h.fXaxis),
        y: kind === '2d' ? axis(h.fYaxis) : undefined,
        sumw: contents,
        sumw2,
        entries: h.fEntries,
        tsumw: h.fTsumw,
        tsumwx: h.fTsumwx,
        tsumwx2: h.fTsumwx2,
        tsumwy: h.fTsumwy ?? 0,
        tsumwy2: h.fTsumwy2 ?? 0,
      };
    });
  }

  close(): void {
    this.file.delete();
  }

  /** Damaged metadata can make jsroot fail anywhere (a TypeError on a field that is not there): all of it is the file's damage. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw asRootError(err, this.path);
    }
  }

  /** Tree objects read so far: describing a tree and reading its branches share one read of its metadata. */
  private readonly trees = new Map<string, Promise<JsTree>>();

  private readTree(name: string): Promise<JsTree> {
    let tree = this.trees.get(name);
    if (!tree) {
      tree = this.readTreeObject(name);
      this.trees.set(name, tree);
      // A failed read is not kept: the next call says again what is wrong.
      tree.catch(() => this.trees.delete(name));
    }
    return tree;
  }

  private async readTreeObject(name: string): Promise<JsTree> {
    const t = (await this.file.readObject(name).catch((err: unknown) => {
      if (err instanceof Error && /Key not found/.test(err.message)) return null;
      throw asRootError(err, this.path);
    })) as JsTree | null;
    if (!t || !t.fBranches) throw new RootError(`There is no tree "${name}" in ${path.basename(this.path)}.`);
    return t;
  }
}

/**
 * A ROOT file opened by jsroot over our FileProxy: positioned reads on a FileHandle, short reads and
 * reads past the end refused, the descriptor closed when jsroot's file is deleted. RootFile's way in;
 * the data benchmark's baselines use it too, so that they read exactly as the explorer does.
 */
export async function openJsrootFile(file: string): Promise<{ opened: TFileLike; size: number }> {
  const { FileProxy, openFile } = await import('jsroot/io');
  const handle = await open(file, 'r');
  const size = (await handle.stat()).size;
  class HandleProxy extends FileProxy {
    private fh: FileHandle | undefined = handle;
    override async openFile(): Promise<boolean> {
      return true;
    }
    override getFileName(): string {
      return path.basename(file);
    }
    override getFileSize(): number {
      return size;
    }
    override async readBuffer(pos: number, length: number): Promise<DataView> {
      if (!this.fh) throw new Error(`${path.basename(file)} is closed`);
      if (pos < 0 || length < 0 || pos + length > size) throw new RootError(`The file points past its end (${length} bytes at ${pos} of ${size}): it is truncated or damaged.`);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await this.fh.read(buffer, 0, length, pos);
      if (bytesRead !== length) throw new RootError(`The file ended early (${bytesRead} of ${length} bytes at ${pos}): it is truncated.`);
      return new DataView(buffer.buffer, buffer.byteOffset, length);
    }
    override closeFile(): void {
      void this.fh?.close();
      this.fh = undefined;
    }
  }
  let opened: TFileLike;
  try {
    opened = await openFile(new HandleProxy());
  } catch (err) {
    await handle.close();
    throw asRootError(err, file);
  }
  if (!opened) {
    await handle.close();
    throw new RootError(`${path.basename(file)} is not a ROOT file (no ROOT header).`);
  }
  return { opened, size };
}

export class RootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RootError';
  }
}

/** A tree's description from its object: split objects list their members as sub-branches, which hold the numbers. */
function describeTree(t: JsTree): RootTree {
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

interface NtupleBuilder {
  fieldDescriptors: { fieldName: string; typeName: string; parentFieldId: number }[];
  clusterSummaries: { numEntries: number }[];
}

/** An RNTuple's top-level fields as branches: numbers flat, std::vector of numbers jagged. */
function describeNtuple(name: string, builder: NtupleBuilder): RootTree {
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

function toNumber(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'bigint' ? Number(v) : NaN;
}

function asRootError(err: unknown, file: string): Error {
  if (err instanceof RootError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RootError(`${path.basename(file)} could not be read: ${message}. It may be truncated, damaged or not a ROOT file.`);
}
