// The columns a data job reads, from any format the explorer opens: a ROOT tree, a parquet table, an
// HDF5 group, a NumPy array or archive, a checkpoint's or safetensors file's tensors. Every read is
// bounded before it is made (a forged shape or entry count is refused), and arrays that do not line up
// entry by entry are refused rather than paired.
import * as path from 'node:path';
import { type DataFormat, dataFormatOf, isTensorFormat } from '../dataFormats';
import type { Column } from '../expression/columns';
import { ExpressionError } from '../expression/syntax';
import { fileSource, npyArrayName, openNpy, type NpyArray } from '../npy/npyFile';
import { NpyError } from '../npy/npyHeader';
import { openNpz } from '../npy/npzFile';
import { MAX_READ_VALUES } from '../readLimits';
import { openTensorFile } from '../torch/tensorFile';
import { TensorNode } from '../torch/checkpointPickle';
import { Hdf5Error, Hdf5File } from '../hdf5/hdf5File';
import { ParquetFile } from '../parquet/parquetFile';
import { ReadTooLargeError, RootFile } from '../root/rootFile';
import { LocalizedError, msg } from '../../text/message';

/** A whole file that holds more than a part (wholeFileValues): the dataset describes and splits it. */
export class PartTooLargeError extends LocalizedError {
  /** `values` undefined: the read stopped at the part's bound (`limit`), the whole count is not known. */
  constructor(file: string, values: number | undefined, limit?: number) {
    super(values === undefined ? msg('{0} holds more than the {1} values one part reads: it is read in parts.', file, limit ?? 0) : msg('{0} holds {1} values, more than one part reads: it is read in parts.', file, values));
    this.name = 'PartTooLarge';
  }
}


/** Entries one read of arrays may hold (their row offsets take 4 bytes each). */
const MAX_READ_ENTRIES = 32 * 1024 * 1024;

/** Values by entries along the first axis: a NumPy array or a tensor. */
interface EntryArray {
  readonly shape: readonly number[];
  readonly entries: number;
  readonly perEntry: number;
  read(start: number, count: number): Promise<Float64Array>;
}

/**
 * The named columns for `count` entries from `first` (to the end without a count). Names that are not
 * columns are left out (they may be constants such as pi); `available` lists every column. With
 * `stepValues` (a step of a scan), fewer entries than `count` when their rows would hold more values
 * than that (one entry at least): `entries` says how many were read.
 */
export async function readColumns(
  job: { readonly file: string; readonly tree?: string },
  names: readonly string[],
  first: number,
  count: number | undefined,
  wholeFileValues?: number,
  stepValues?: number,
): Promise<{ columns: Map<string, Column>; entries: number; available: string[]; total: number }> {
  const format = formatOf(job.file);
  /** The entries of a step, by the values an entry holds (known before reading, or at least for ROOT's jagged branches). */
  const stepped = (entries: number, perEntry: number): number => (stepValues === undefined || perEntry <= 0 ? entries : Math.min(entries, Math.max(1, Math.floor(stepValues / perEntry))));
  /**
   * Before anything is read: a whole file that holds more than a part (values, and entries, which
   * cost an offset each) is split by the dataset instead; any read past what one read takes (a forged
   * shape or entry count: 10^8 rows of nothing, 1000 rows of 200 000 values) is refused.
   */
  const checkWhole = (values: number, entries: number): void => {
    if (wholeFileValues !== undefined && Math.max(values, entries) > wholeFileValues) throw new PartTooLargeError(path.basename(job.file), Math.max(values, entries));
    if (entries > MAX_READ_ENTRIES || values > MAX_READ_VALUES) {
      throw new LocalizedError(msg('Reading {0} entries ({1} values) at once is more than a read takes ({2} entries, {3} values): the array\'s shape is damaged or forged.', entries, values, MAX_READ_ENTRIES, MAX_READ_VALUES));
    }
  };
  if (format === 'hdf5') {
    const f = await Hdf5File.open(job.file);
    try {
      // The group asked for alone (a whole-file walk for each part was the most of its time), else the first with datasets.
      const group = job.tree ? f.group(job.tree) : f.describe().groups[0];
      if (!group) throw new Hdf5Error(job.tree ? msg('There is no group {0} with datasets in {1}.', job.tree, path.basename(job.file)) : msg('{0} has no datasets.', path.basename(job.file)));
      const available = group.datasets.map((d) => d.name);
      const used = group.datasets.filter((d) => names.includes(d.name));
      // Datasets of different lengths do not line up entry by entry (as NumPy arrays in dataJobs' npz case).
      const other = used.findIndex((d) => (d.shape[0] ?? 1) !== (used[0].shape[0] ?? 1));
      if (other > 0) throw new Hdf5Error(msg('{0} has {1} entries along its first axis and {2} {3}: datasets read together must have the same length.', used[0].name, used[0].shape[0], used[other].name, used[other].shape[0]));
      const total = used.length ? (used[0].shape[0] ?? 1) : 0;
      const perEntry = used.reduce((a, d) => a + d.shape.slice(1).reduce((x, y) => x * y, 1), 0);
      const entries = stepped(Math.max(0, Math.min(count ?? total, total - first)), perEntry);
      checkWhole(entries * perEntry, entries);
      return { columns: f.read(group.path, used.map((d) => d.name), first, entries), entries, available, total };
    } finally {
      f.close();
    }
  }
  if (format === 'parquet') {
    const f = await ParquetFile.open(job.file);
    try {
      const d = f.describe();
      const available = d.columns.map((c) => c.name);
      // A column's uncompressed bytes over 4, for the share of rows read: about its values (lists' counts are known only once read).
      const perRow = d.columns.filter((c) => names.includes(c.name)).reduce((a, c) => a + c.bytes / 4, 0) / Math.max(1, d.rows);
      const entries = stepped(Math.max(0, Math.min(count ?? d.rows, d.rows - first)), perRow);
      checkWhole(Math.ceil(perRow * entries), entries);
      const columns = await f.read(names.filter((n) => available.includes(n)), first, entries);
      return { columns, entries, available, total: d.rows };
    } finally {
      await f.close();
    }
  }
  if (format === 'root') {
    if (!job.tree) throw new ExpressionError(msg('Choose a tree to histogram.'), 0);
    const f = await RootFile.open(job.file);
    try {
      const tree = await f.tree(job.tree);
      const available = tree.branches.map((b) => b.name);
      // A value per entry and branch at least (a jagged branch's counts are known only once read).
      const perEntry = names.filter((n) => available.includes(n)).length;
      const entries = stepped(Math.max(0, Math.min(count ?? tree.entries, tree.entries - first)), perEntry);
      checkWhole(entries * perEntry, entries);
      // A jagged branch's elements are counted as they are unpacked: the read stops at a part's values
      // (a whole file then goes back to the dataset to be split) or at what one read takes.
      const limit = Math.min(wholeFileValues ?? MAX_READ_VALUES, MAX_READ_VALUES);
      const columns = await f.read(job.tree, names.filter((n) => available.includes(n)), first, entries, undefined, limit).catch((err: unknown) => {
        throw err instanceof ReadTooLargeError && wholeFileValues !== undefined ? new PartTooLargeError(path.basename(job.file), undefined, limit) : err;
      });
      return { columns, entries, available, total: tree.entries };
    } finally {
      f.close();
    }
  }
  const arrays = new Map<string, EntryArray>();
  const closers: (() => Promise<void>)[] = [];
  const asEntries = (a: NpyArray): EntryArray => ({ shape: a.header.shape, entries: a.entries, perEntry: a.perEntry, read: (start, n) => a.read(start, n) });
  try {
    if (isTensorFormat(format)) {
      const f = await openTensorFile(format, job.file);
      closers.push(() => f.close());
      // One table's tensors (a checkpoint's "model", "optimizer"…); those that cannot be read are not columns.
      for (const t of f.tensors) if (t.table === (job.tree ?? '') && t.tensor instanceof TensorNode && typeof t.tensor.storage.dtype === 'string') arrays.set(t.name, f.tensor(t.tensor));
    } else if (format === 'npz') {
      const npz = await openNpz(job.file);
      closers.push(() => npz.close());
      for (const m of npz.members) arrays.set(m.name, asEntries(await m.open()));
    } else {
      const source = await fileSource(job.file);
      closers.push(() => source.close());
      arrays.set(npyArrayName(job.file), asEntries(await openNpy(source)));
    }
    const usedNames = names.filter((n) => arrays.has(n));
    const used = usedNames.map((n) => arrays.get(n)!);
    // Arrays of different lengths (flattened jets beside per-event counts, say) do not line up entry
    // by entry: combining them would silently pair unrelated values.
    const other = used.findIndex((a) => a.entries !== used[0].entries);
    if (other > 0) {
      throw new NpyError(
        msg('{0} has {1} entries along its first axis and {2} {3}: arrays read together must have the same length. Histogram them one at a time.', usedNames[0], used[0].entries, usedNames[other], used[other].entries),
      );
    }
    const total = used.length ? used[0].entries : 0;
    const entries = stepped(Math.max(0, Math.min(count ?? total, total - first)), used.reduce((a, u) => a + u.perEntry, 0));
    // What one read may hold (rows of an array, values as float64): the dataset splits real files well below it, so only a forged shape (10^15 rows of no values) reaches it.
    // A tensor's read says so itself, in words for tensors (an expanded view may be far larger than its file).
    const values = used.reduce((a, u) => a + entries * u.perEntry, 0);
    if (isTensorFormat(format)) {
      if (wholeFileValues !== undefined && Math.max(values, entries) > wholeFileValues) throw new PartTooLargeError(path.basename(job.file), Math.max(values, entries));
    } else checkWhole(values, entries);
    const columns = new Map<string, Column>();
    for (const n of names) {
      const a = arrays.get(n);
      if (!a) continue;
      const values = await a.read(first, entries);
      // An entry of an N-d array is its row: a fixed number of elements, read as a list.
      columns.set(n, a.shape.length <= 1 ? { kind: 'flat', values } : { kind: 'jagged', offsets: Uint32Array.from({ length: entries + 1 }, (_, i) => i * a.perEntry), values });
    }
    return { columns, entries, available: [...arrays.keys()], total };
  } finally {
    for (const close of closers) await close();
  }
}

export function formatOf(file: string): DataFormat {
  const format = dataFormatOf(file);
  if (format) return format;
  throw new LocalizedError(msg('{0}: files of this kind are not read yet.', path.basename(file)));
}
