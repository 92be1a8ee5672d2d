// ROOT files through jsroot's I/O modules (never its drawing or treeDraw): keys, trees and their
// branches with types and sizes, and branch values for a range of entries as the expression
// evaluator's columns. Every read goes through our own FileProxy over a FileHandle (jsrootFile.ts:
// jsroot's own Node file class never closes its descriptor and ignores short reads).
import * as path from 'node:path';
import type { TFileLike, TKey } from 'jsroot/io';
import type { Column } from '../expression/columns';
import { FlatSink, JaggedSink, ValueBudget } from './branchSinks';
import { MAX_READ_VALUES } from '../readLimits';
import { checkNtuplePages, MAX_CLUSTER_BYTES, type NtuplePageList, type NtuplePagesCheck, watchPageList } from './ntuplePages';
import { MAX_OBJECT_BYTES } from './compressedKey';
import { asRootError, RootError } from './rootError';
import { openJsrootFile } from './jsrootFile';
import { type JsHistogram, type StoredHistogram, storedHistogramOf } from './storedHistogram';
import { GRAPH_CLASSES, type JsGraph, type StoredGraph, storedGraphOf } from './storedGraph';
import { type JsEfficiency, storedEfficiencyOf } from './storedEfficiency';
import { badBaskets, basketPlaces, describeNtuple, describeTree, type JsTree, type NtupleBuilder, type RootTree } from './treeDescription';
import { msg } from '../../text/message';
import { throwIfStopAsked } from '../workers/jobStop';

export { RootError } from './rootError';
export { openJsrootFile } from './jsrootFile';
export type { StoredAxis, StoredHistogram } from './storedHistogram';
export type { StoredGraph } from './storedGraph';
export type { BranchShape, RootBranch, RootTree } from './treeDescription';

export interface RootKey {
  readonly name: string;
  readonly cycle: number;
  readonly className: string;
  readonly title: string;
  /** Bytes of the object, uncompressed and as stored. */
  readonly bytes: number;
  readonly storedBytes: number;
}

/** Key classes read as tables of entries: TTrees and RNTuples (jsroot reads RNTuple from ROOT 6.34 on). */
export const TREE_CLASSES: ReadonlySet<string> = new Set(['TTree', 'TNtuple', 'TNtupleD', 'ROOT::RNTuple', 'ROOT::Experimental::RNTuple']);
const NTUPLE_CLASSES = new Set(['ROOT::RNTuple', 'ROOT::Experimental::RNTuple']);

export class RootFile {
  private constructor(
    private readonly file: TFileLike,
    readonly path: string,
    readonly size: number,
    /** The first damage found since the last call, which jsroot's tree reading swallows (openJsrootFile). */
    private readonly takeDamage: () => RootError | undefined,
    /** Says where a tree's baskets are, each a whole key (openJsrootFile). */
    private readonly expectBaskets: (places: Iterable<string>) => void,
    /** Says where compressed data outside keys is (an RNTuple's envelopes and pages), with its size unpacked (openJsrootFile). */
    private readonly expectCompressed: (places: Iterable<[string, number]>) => void,
  ) {}

  static async open(file: string): Promise<RootFile> {
    const { opened, size, takeDamage, expectBaskets, expectCompressed } = await openJsrootFile(file);
    return new RootFile(opened, file, size, takeDamage, expectBaskets, expectCompressed);
  }

  /** The keys of the top directory, or of a subdirectory by its path ("dir/sub"). */
  async keys(directory = ''): Promise<RootKey[]> {
    return this.guard(() => this.readKeys(directory));
  }

  private async readKeys(directory: string): Promise<RootKey[]> {
    const dir = directory ? ((await this.file.readObject(directory, undefined, true)) as { fKeys: TKey[] } | null) : this.file;
    if (!dir) throw new RootError(msg('There is no directory "{0}" in {1}.', directory, path.basename(this.path)));
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
        const rn = (await this.file.readObject(name)) as NtupleAnchor;
        const base = path.basename(this.path);
        // The header and footer: unpacked to the sizes the anchor gives them, checked as a key's data is.
        const envelopes: [number, number, number][] = [
          [Number(rn.fSeekHeader), Number(rn.fNBytesHeader), Number(rn.fLenHeader)],
          [Number(rn.fSeekFooter), Number(rn.fNBytesFooter), Number(rn.fLenFooter)],
        ];
        for (const [, , unpacked] of envelopes) {
          if (!(unpacked <= MAX_OBJECT_BYTES)) throw new RootError(msg('The RNTuple "{0}" in {1} declares a header or footer of {2} bytes, more than the {3} bytes this reader unpacks: the file is damaged.', name, base, unpacked, MAX_OBJECT_BYTES));
        }
        this.expectCompressed(envelopes.filter(([, stored, unpacked]) => stored !== unpacked).map(([at, stored, unpacked]) => [`${at}:${stored}`, unpacked]));
        const pageList = watchPageList(rn, (place, unpacked) => this.expectCompressed([[place, unpacked]]));
        const { readHeaderFooter } = await import('jsroot/rntuple');
        const builder = await readHeaderFooter(rn);
        if (pageList.refused !== undefined) throw new RootError(msg('The RNTuple "{0}" in {1} declares a page list of {2} bytes, more than the {3} bytes this reader unpacks: the file is damaged.', name, base, pageList.refused, MAX_OBJECT_BYTES));
        // jsroot logs what failed and gives null: damage the file proxy found says more.
        if (!builder) throw this.takeDamage() ?? new RootError(msg('The RNTuple "{0}" in {1} could not be read (its header or footer is damaged, or its version is newer than this reader).', name, base));
        const pages = checkNtuplePages(builder as NtuplePageList);
        if (!pages.ok) throw pagesRefused(pages, name, base);
        this.expectCompressed(pages.compressed);
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
   * from it stops the read (the promise then rejects with a cancellation). The values gathered, flat
   * and jagged together, are at most `maxValues`: past it the read stops and rejects with a
   * ReadTooLargeError (a jagged branch's elements are known only once its baskets are unpacked).
   */
  async read(treeName: string, names: readonly string[], first: number, count: number, onProgress?: (portion: number) => boolean, maxValues = MAX_READ_VALUES): Promise<Map<string, Column>> {
    const ntuple = this.isNtuple(treeName) ? await this.guard(() => this.readNtuple(treeName)) : undefined;
    const t = ntuple ? undefined : await this.guard(() => this.readTree(treeName));
    const description = ntuple ? describeNtuple(treeName, ntuple.builder) : describeTree(t!);
    const byName = new Map(description.branches.map((b) => [b.name, b]));
    for (const n of names) {
      const b = byName.get(n);
      if (!b) throw new RootError(msg('The tree {0} has no branch "{1}".', treeName, n));
      if (b.shape === 'unsupported') throw new RootError(msg('Branch {0} holds {1}, which the data explorer does not read (numbers and lists of numbers only).', n, b.type));
    }
    // A counter read with the branch it counts must be added first (jsroot otherwise reads it as a
    // hidden helper of the counted branch and then refuses it).
    const counters = new Set(names.map((n) => byName.get(n)!.counter).filter((c): c is string => c !== undefined));
    const ordered = [...names].sort((a, b) => Number(counters.has(b)) - Number(counters.has(a)));
    const last = Math.min(first + count, description.entries);
    const n = Math.max(0, last - first);
    const { TSelector, treeProcess } = await import('jsroot/tree');
    // Where each branch's values go, in `ordered`'s order (no lookups per entry: a tree's loop calls Process once per entry).
    const flatCount = ordered.filter((name) => byName.get(name)!.shape === 'flat').length;
    const budget = new ValueBudget(Math.max(0, maxValues - flatCount * n));
    if (flatCount * n > maxValues) budget.exceeded = true;
    const sinks = budget.exceeded ? [] : ordered.map((name) => (byName.get(name)!.shape === 'flat' ? new FlatSink(n) : new JaggedSink(n, budget)));
    const tooLarge = (): RootError => new ReadTooLargeError(msg('Entries {0} to {1} of the tree {2} in {3} hold more than {4} values, more than one read takes. Histogram a shorter entry range; if the tree should not hold that many, the file is damaged.', first, first + n - 1, treeName, path.basename(this.path), maxValues));
    if (budget.exceeded) throw tooLarge();
    let cancelled = false;
    let processed = 0;
    class Collector extends TSelector {
      private i = 0;
      constructor() {
        super();
        ordered.forEach((name, k) => this.addBranch(name, `b${k}`));
      }
      override Process(): void {
        const i = this.i++;
        processed = this.i;
        if (i >= n || budget.exceeded) return;
        for (let k = 0; k < sinks.length; k++) sinks[k].add(i, this.tgtobj[`b${k}`]);
        if (budget.exceeded) {
          // A tree's loop stops at its next baskets; an RNTuple's loop checks no flag, but passes on what Process throws.
          this.Abort();
          if (ntuple) throw tooLarge();
        }
      }
      override ShowProgress(portion?: number): unknown {
        if (onProgress && portion !== undefined && !onProgress(portion)) {
          cancelled = true;
          return 'break';
        }
        return undefined;
      }
    }
    this.takeDamage();
    if (n > 0 && ordered.length > 0) {
      // RNTuples go through jsroot's own processing loop with the same selector.
      const processing = ntuple
        ? (await import('jsroot/rntuple')).rntupleProcess(ntuple.rn, new Collector(), { firstentry: first, numentries: n })
        : treeProcess(t, new Collector(), { firstentry: first, numentries: n });
      await processing.catch((err: unknown) => {
        if (!budget.exceeded) throw asRootError(err, this.path);
      });
    }
    if (budget.exceeded) throw tooLarge();
    if (cancelled) throw new RootError(msg('Reading was cancelled.'));
    // A read refused for a stop the pool asked (jobStop.ts) also ends jsroot's loop early: not damage.
    throwIfStopAsked();
    // jsroot ends a tree's loop early, without an error, when a basket cannot be read or unpacked.
    const damage = this.takeDamage();
    if (damage) throw damage;
    if (ordered.length > 0 && processed < n) throw new RootError(msg('Reading {0} stopped after {1} of {2} entries: a basket could not be read or unpacked, so the file is damaged. Copy or download it again.', path.basename(this.path), processed, n));
    return new Map(names.map((name) => [name, sinks[ordered.indexOf(name)].column()]));
  }

  /**
   * A stored histogram (TH1*, TH2*, TProfile) as plain data (storedHistogram.ts): its axes, bin
   * contents with under- and overflow, and the moment sums ROOT stored; or a stored graph (TGraph and
   * its kin, storedGraph.ts): its points and their errors; or a TEfficiency as the graph ROOT draws
   * of it (storedEfficiency.ts).
   */
  async object(name: string): Promise<StoredHistogram | StoredGraph> {
    return this.guard(async () => {
      const h = (await this.file.readObject(name).catch((err: unknown) => {
        if (err instanceof Error && /Key not found/.test(err.message)) return null;
        throw err;
      })) as (JsHistogram & JsGraph & JsEfficiency) | null;
      if (!h || !h._typename) throw new RootError(msg('There is no object "{0}" in {1}.', name, path.basename(this.path)));
      if (h._typename === 'TEfficiency') return storedEfficiencyOf(name, h);
      return GRAPH_CLASSES.has(h._typename) ? storedGraphOf(name, h) : storedHistogramOf(name, h);
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
    if (!t || !t.fBranches) throw new RootError(msg('There is no tree "{0}" in {1}.', name, path.basename(this.path)));
    // jsroot reads what the baskets' list says: one basket listed ten times is read as ten.
    const bad = badBaskets(t);
    if (bad) throw new RootError(msg('The branch {0} of the tree {1} in {2} lists its baskets wrongly ({3}): the file is damaged.', bad.branch, name, path.basename(this.path), bad.reason));
    this.expectBaskets(basketPlaces(t));
    return t;
  }
}

/** A read whose values passed its bound (RootFile.read's `maxValues`). */
export class ReadTooLargeError extends RootError {
  constructor(message: ConstructorParameters<typeof RootError>[0]) {
    super(message);
    this.name = 'ReadTooLarge';
  }
}

function pagesRefused(pages: Extract<NtuplePagesCheck, { ok: false }>, name: string, base: string): RootError {
  switch (pages.reason) {
    case 'too large':
      return new RootError(msg('The RNTuple "{0}" in {1} declares a page of {2} bytes (column {3}, cluster {4}), more than the {5} bytes this reader unpacks: the file is damaged.', name, base, pages.bytes, pages.column, pages.cluster, MAX_OBJECT_BYTES));
    case 'cluster too large':
      return new RootError(msg('The RNTuple "{0}" in {1} declares pages of {2} bytes in all in cluster {3}, more than ROOT writes in a cluster ({4} bytes): the file is damaged.', name, base, pages.bytes, pages.cluster, MAX_CLUSTER_BYTES));
    case 'shared':
      return new RootError(msg('The RNTuple "{0}" in {1} lists one page for two columns of different sizes (column {2}, cluster {3}): the file is damaged.', name, base, pages.column, pages.cluster));
  }
}

/** An RNTuple's anchor (the key's object): where its header and footer are, stored and unpacked. */
interface NtupleAnchor {
  readonly fSeekHeader: number | bigint;
  readonly fNBytesHeader: number | bigint;
  readonly fLenHeader: number | bigint;
  readonly fSeekFooter: number | bigint;
  readonly fNBytesFooter: number | bigint;
  readonly fLenFooter: number | bigint;
}
