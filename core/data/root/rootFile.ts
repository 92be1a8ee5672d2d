// ROOT files through jsroot's I/O modules (never its drawing or treeDraw): keys, trees and their
// branches with types and sizes, and branch values for a range of entries as the expression
// evaluator's columns. Every read is a positioned read through our own FileProxy over a FileHandle
// (jsroot's own Node file class never closes its descriptor and ignores short reads).
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import type { TFileLike, TKey } from 'jsroot/io';
import { type Column, flat, jagged } from '../expression/columns';
import { boundedZstd, compressedKey, damagedBlock, damagedBlocks, MAX_OBJECT_BYTES } from './compressedKey';
import { checkNtuplePages, MAX_CLUSTER_BYTES, type NtuplePageList, type NtuplePagesCheck, watchPageList } from './ntuplePages';
import { RootError } from './rootError';
import { type JsHistogram, type StoredHistogram, storedHistogramOf } from './storedHistogram';
import { badBaskets, basketPlaces, describeNtuple, describeTree, type JsTree, type NtupleBuilder, type RootTree } from './treeDescription';
import { msg } from '../../text/message';

export { RootError } from './rootError';
export type { StoredAxis, StoredHistogram } from './storedHistogram';
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
   * from it stops the read (the promise then rejects with a cancellation).
   */
  async read(treeName: string, names: readonly string[], first: number, count: number, onProgress?: (portion: number) => boolean): Promise<Map<string, Column>> {
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
    const sinks = ordered.map((name) => (byName.get(name)!.shape === 'flat' ? new FlatSink(n) : new JaggedSink(n)));
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
        if (i >= n) return;
        for (let k = 0; k < sinks.length; k++) sinks[k].add(i, this.tgtobj[`b${k}`]);
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
        throw asRootError(err, this.path);
      });
    }
    if (cancelled) throw new RootError(msg('Reading was cancelled.'));
    // jsroot ends a tree's loop early, without an error, when a basket cannot be read or unpacked.
    const damage = this.takeDamage();
    if (damage) throw damage;
    if (ordered.length > 0 && processed < n) throw new RootError(msg('Reading {0} stopped after {1} of {2} entries: a basket could not be read or unpacked, so the file is damaged. Copy or download it again.', path.basename(this.path), processed, n));
    return new Map(names.map((name) => [name, sinks[ordered.indexOf(name)].column()]));
  }

  /**
   * A stored histogram (TH1*, TH2*, TProfile) as plain data (storedHistogram.ts): its axes, bin
   * contents with under- and overflow, and the moment sums ROOT stored.
   */
  async histogram(name: string): Promise<StoredHistogram> {
    return this.guard(async () => {
      const h = (await this.file.readObject(name).catch((err: unknown) => {
        if (err instanceof Error && /Key not found/.test(err.message)) return null;
        throw err;
      })) as JsHistogram | null;
      if (!h || !h._typename) throw new RootError(msg('There is no object "{0}" in {1}.', name, path.basename(this.path)));
      return storedHistogramOf(name, h);
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

/**
 * A ROOT file opened by jsroot over our FileProxy: positioned reads on a FileHandle, short reads and
 * reads past the end refused, the descriptor closed when jsroot's file is deleted. RootFile's way in;
 * the data benchmark's baselines use it too, so that they read exactly as the explorer does.
 */
/** Files up to this size are read whole at their first read (HandleProxy.bytes). */
const WHOLE_FILE_BYTES = 4 * 1024 * 1024;

export async function openJsrootFile(
  file: string,
): Promise<{
  opened: TFileLike;
  size: number;
  takeDamage: () => RootError | undefined;
  expectBaskets: (places: Iterable<string>) => void;
  expectCompressed: (places: Iterable<[string, number]>) => void;
}> {
  const [{ FileProxy, openFile }, { internals }] = await Promise.all([import('jsroot/io'), import('jsroot/core')]);
  // jsroot's zstd decoder, bounded (compressedKey.ts); io.mjs loads its own only when none is set.
  internals._ZstdStream = boundedZstd;
  const handle = await open(file, 'r');
  const size = (await handle.stat()).size;
  // Said first: jsroot reads a 400-byte header, and a short file that is not ROOT would read as a truncated one.
  const magic = Buffer.alloc(4);
  if ((await handle.read(magic, 0, 4, 0)).bytesRead < 4 || magic.toString('latin1') !== 'root') {
    await handle.close();
    throw new RootError(msg('{0} is not a ROOT file (no ROOT header).', path.basename(file)));
  }
  let damage: RootError | undefined;
  // The objects being read apart from their key's header (readObjBuffer below): "position:length" of their data, and their length uncompressed.
  const objects = new Map<string, number>();
  // Where baskets are ("position:length", from their branches): each must be one whole key, else its
  // header's sizes, unchecked, would size what jsroot inflates.
  const baskets = new Set<string>();
  const tooLarge = (objlen: number, at: number): RootError =>
    new RootError(msg('{0} declares an object of {1} bytes at byte {2}, more than the {3} bytes this reader unpacks: the file is damaged.', path.basename(file), objlen, at, MAX_OBJECT_BYTES));
  class HandleProxy extends FileProxy {
    private fh: FileHandle | undefined = handle;
    private whole: Promise<Buffer> | undefined;
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
      if (pos < 0 || length < 0 || pos + length > size) throw new RootError(msg('The file points past its end ({0} bytes at {1} of {2}): it is truncated or damaged. Copy or download it again.', length, pos, size));
      const { buffer, bytesRead } = await this.bytes(pos, length);
      if (bytesRead !== length) throw new RootError(msg('The file ended early ({0} of {1} bytes at {2}): it is truncated. Copy or download it again.', bytesRead, length, pos));
      // jsroot's inflate does not check zlib's checksum: damaged data would be read as numbers.
      const objlen = objects.get(`${pos}:${length}`);
      const keyBytes = length >= 4 ? buffer.readInt32BE(0) : 0;
      const basket = baskets.has(`${pos}:${length}`);
      const damaged =
        objlen !== undefined
          ? await damagedBlocks(buffer, 0, objlen)
          : basket && keyBytes !== length
            ? { at: 0, reason: `a basket whose key says ${keyBytes} bytes where its branch says ${length}` }
            : await damagedBlock(buffer);
      // jsroot reads the streamer list whole on opening, then its data again apart (before readObjBuffer
      // below is wrapped): that second read is known by its place, to be checked and unpacked as well.
      const key = !basket && objlen === undefined ? compressedKey(buffer) : undefined;
      if (key) objects.set(`${pos + key.keylen}:${length - key.keylen}`, key.objlen);
      if (damaged?.tooLarge !== undefined) {
        damage ??= tooLarge(damaged.tooLarge, pos);
        throw damage;
      }
      if (damaged) {
        damage ??= new RootError(msg('{0} is damaged: the compressed data at byte {1} does not check out ({2}). Copy or download the file again.', path.basename(file), pos + damaged.at, damaged.reason));
        throw damage;
      }
      return new DataView(buffer.buffer, buffer.byteOffset, length);
    }
    override closeFile(): void {
      void this.fh?.close();
      this.fh = undefined;
      this.whole = undefined;
    }
    /**
     * `length` bytes at `pos`, in a buffer of their own (they are checked and relabelled in place). A
     * small file is read whole on its first read and served from memory: a file of a few hundred kB
     * took a dozen reads, each a trip through the thread pool, a quarter of its time (a dataset of
     * thousands of small files, from a grid job, reads them one after another).
     */
    private async bytes(pos: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
      if (size <= WHOLE_FILE_BYTES) {
        const fh = this.fh!;
        this.whole ??= (async () => {
          const all = Buffer.alloc(size);
          const { bytesRead } = await fh.read(all, 0, size, 0);
          // A file cut short since it was opened: what is past its new end reads as "ended early".
          return all.subarray(0, bytesRead);
        })();
        const whole = await this.whole;
        return { buffer: Buffer.from(whole.subarray(pos, pos + length)), bytesRead: Math.max(0, Math.min(length, whole.length - pos)) };
      }
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await this.fh!.read(buffer, 0, length, pos);
      return { buffer, bytesRead };
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
    throw new RootError(msg('{0} is not a ROOT file (no ROOT header).', path.basename(file)));
  }
  // jsroot reads an object (a tree, a histogram, a directory) as its data apart from its key's header:
  // its size is checked before, its blocks as they are read (HandleProxy.readBuffer).
  const readObjBuffer = opened.readObjBuffer.bind(opened);
  opened.readObjBuffer = async (key) => {
    const stored = key.fNbytes - key.fKeylen;
    if (key.fObjlen <= stored) return readObjBuffer(key);
    if (key.fObjlen > MAX_OBJECT_BYTES) throw tooLarge(key.fObjlen, key.fSeekKey);
    const where = `${key.fSeekKey + key.fKeylen}:${stored}`;
    objects.set(where, key.fObjlen);
    try {
      return await readObjBuffer(key);
    } finally {
      objects.delete(where);
    }
  };
  const takeDamage = (): RootError | undefined => {
    const found = damage;
    damage = undefined;
    return found;
  };
  const expectBaskets = (places: Iterable<string>): void => {
    for (const place of places) baskets.add(place);
  };
  // Compressed data that is not a key (an RNTuple's pages): checked on every read, as a key's data is while it is read.
  const expectCompressed = (places: Iterable<[string, number]>): void => {
    for (const [place, unpacked] of places) objects.set(place, unpacked);
  };
  return { opened, size, takeDamage, expectBaskets, expectCompressed };
}


/** Why an RNTuple's page list is refused (checkNtuplePages), in words. */
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

/** One value per entry of a flat branch, as jsroot hands it (a number, a boolean, a 64-bit integer). */
class FlatSink {
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

/** The elements of each entry of a jagged branch, in a buffer that doubles as it fills (a number[] then a copy cost a tenth of the read). */
class JaggedSink {
  private readonly offsets: Uint32Array;
  private values = new Float64Array(1024);
  private used = 0;
  constructor(entries: number) {
    this.offsets = new Uint32Array(entries + 1);
  }
  add(i: number, v: unknown): void {
    const items = v as ArrayLike<number | boolean | bigint> | null | undefined;
    const end = this.used + (typeof items?.length === 'number' ? items.length : 0);
    if (end > this.values.length) {
      const grown = new Float64Array(Math.max(end, this.values.length * 2));
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

function asRootError(err: unknown, file: string): Error {
  if (err instanceof RootError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RootError(msg('{0} could not be read: {1}. It may be truncated, damaged or not a ROOT file.', path.basename(file), message));
}
