// HDF5 files with h5wasm (libhdf5 compiled to WebAssembly; its Node build reads the real file with
// random access, never a copy): groups, datasets (shape, dtype, chunks, filters), attributes, and
// hyperslab reads of a range of entries. A group's datasets share their first axis as entries, as in
// JetClass-style files (/particles/deta of shape (N, 128) beside /particles/n of shape (N,)): a group
// is one table, a 1-d numeric dataset one value per entry, an N-d one a fixed number per entry.
import { type FileHandle, open } from 'node:fs/promises';
import * as path from 'node:path';
import type { Dataset, File as H5File, Group } from 'h5wasm' with { 'resolution-mode': 'import' };
import { type Column, flat, jagged } from '../expression/columns';
import { halfToFloat } from '../float16';
import { guardFileSystem, markOpen, refused } from './fileAccess';
import { LocalizedError, type Message, msg } from '../../text/message';

export interface Hdf5Dataset {
  readonly name: string;
  /** NumPy-style dtype ("<f4", ">f8", "<i4", "|u1"), or what it is when not a number. */
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly shapeKind: 'flat' | 'jagged' | 'unsupported';
  readonly chunks?: readonly number[];
  readonly filters: readonly string[];
  readonly bytes: number;
  readonly attrs: Readonly<Record<string, string>>;
  /** Why its values cannot be read here, when they cannot (a plugin filter). */
  readonly unreadable?: Message;
}

export interface Hdf5Group {
  /** "/" for the file's root, "/particles" for a group. */
  readonly path: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly datasets: readonly Hdf5Dataset[];
}

export interface Hdf5Description {
  readonly groups: readonly Hdf5Group[];
  /** Objects not walked: links to other files or nowhere, or past the walk's bounds. */
  readonly skipped: readonly Message[];
}

export class Hdf5Error extends LocalizedError {
  constructor(message: string | Message) {
    super(message);
    this.name = 'Hdf5Error';
  }
}

/** A read that needed a file libhdf5 may not open (fileAccess.ts). */
class OutsideFileError extends Hdf5Error {
  constructor(
    readonly file: string,
    message: Message,
  ) {
    super(message);
  }
}

/** More objects than any sane file has: the walk stops there and says so. */
const MAX_OBJECTS = 10_000;
const MAX_DEPTH = 32;
const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

type H5 = typeof import('h5wasm', { with: { 'resolution-mode': 'import' } });
let module: Promise<H5> | undefined;

function h5wasm(): Promise<H5> {
  module ??= import('h5wasm/node').then(async (m) => {
    await m.ready;
    guardFileSystem(m.FS as unknown as Parameters<typeof guardFileSystem>[0]);
    return m as unknown as H5;
  });
  return module;
}

export class Hdf5File {
  private constructor(
    private readonly h5: H5,
    private readonly file: H5File,
    readonly path: string,
    private readonly markClosed: () => void,
  ) {}

  static async open(file: string): Promise<Hdf5File> {
    await checkSignature(file);
    // libhdf5 may open a cut file and fail later with words such as "name not defined!".
    const cut = await truncation(file);
    if (cut) {
      throw new Hdf5Error(msg('{0} is truncated: its HDF5 superblock says it ends at {1} bytes, but it has {2}. Copy or download it again.', path.basename(file), cut.declared, cut.size));
    }
    const h5 = await h5wasm();
    const markClosed = markOpen(file);
    try {
      return new Hdf5File(h5, new h5.File(path.resolve(file), 'r'), file, markClosed);
    } catch (err) {
      markClosed();
      throw new Hdf5Error(msg('{0} could not be opened as HDF5 ({1}): it may be truncated or damaged.', path.basename(file), err instanceof Error ? err.message : String(err)));
    }
  }

  describe(): Hdf5Description {
    const groups: Hdf5Group[] = [];
    const skipped: Message[] = [];
    let seen = 0;
    const walk = (group: Group, at: string, depth: number): void => {
      // Past the budget nothing more is listed: a group of 10 000 hard links to itself was listed 10 000 times (183 s).
      if (seen > MAX_OBJECTS) return;
      const listed = this.list(group, at, MAX_OBJECTS - seen);
      seen += listed.seen;
      skipped.push(...listed.skipped);
      if (listed.datasets.length) groups.push({ path: at, attrs: this.guard(() => attrsOf(group), at), datasets: listed.datasets });
      for (const [child, full] of listed.groups) {
        if (depth < MAX_DEPTH) walk(child, full, depth + 1);
        else skipped.push(msg('{0} (nested deeper than {1})', full, MAX_DEPTH));
      }
    };
    walk(this.file, '/', 0);
    return { groups, skipped };
  }

  /**
   * One group's datasets, as `describe` lists them, without walking the rest of the file: what a
   * histogram of that group reads needs (a file of 3 000 groups took 1.4 s to describe, for each part).
   * Undefined when there is no group there.
   */
  group(at: string): Hdf5Group | undefined {
    const group = this.guard(() => this.file.get(at), at);
    if (!(group instanceof this.h5.Group)) return undefined;
    return { path: at, attrs: this.guard(() => attrsOf(group), at), datasets: this.list(group, at, MAX_OBJECTS).datasets };
  }

  /** A group's members, `budget` of them at most: its datasets, its subgroups, and what is not listed and why. */
  private list(group: Group, at: string, budget: number): { datasets: Hdf5Dataset[]; groups: [Group, string][]; skipped: Message[]; seen: number } {
    const datasets: Hdf5Dataset[] = [];
    const groups: [Group, string][] = [];
    const skipped: Message[] = [];
    let seen = 0;
    for (const name of this.guard(() => group.keys(), at)) {
      const full = at === '/' ? `/${name}` : `${at}/${name}`;
      if (++seen > budget) {
        skipped.push(msg('{0} and later objects (more than {1})', full, MAX_OBJECTS));
        break;
      }
      let entity: ReturnType<Group['get']>;
      try {
        entity = this.guard(() => group.get(name), full);
      } catch (err) {
        if (!(err instanceof OutsideFileError)) throw err;
        skipped.push(msg('{0} (a link to {1}, which this reader does not open)', full, err.file));
        continue;
      }
      if (entity instanceof this.h5.Dataset) datasets.push(this.datasetInfo(entity, name));
      else if (entity instanceof this.h5.Group) groups.push([entity, full]);
      else skipped.push(msg('{0} (a link to another file or to nothing)', full));
    }
    return { datasets, groups, skipped, seen };
  }

  /** Values of the datasets `names` of group `group` for entries [first, first + count). */
  read(group: string, names: readonly string[], first: number, count: number): Map<string, Column> {
    const out = new Map<string, Column>();
    for (const name of names) {
      const full = group === '/' ? `/${name}` : `${group}/${name}`;
      const d = this.guard(() => this.file.get(full), full);
      if (!(d instanceof this.h5.Dataset)) throw new Hdf5Error(msg('There is no dataset {0} in {1}.', full, path.basename(this.path)));
      const info = this.datasetInfo(d, name);
      if (info.unreadable) throw new Hdf5Error(msg('{0}: {1}', full, info.unreadable));
      if (info.shapeKind === 'unsupported') throw new Hdf5Error(msg('{0} holds {1}, not numbers: it cannot be histogrammed.', full, info.dtype));
      const shape = info.shape;
      const entries = shape.length === 0 ? 1 : shape[0];
      const start = Math.max(0, Math.min(first, entries));
      const end = Math.max(start, Math.min(first + count, entries));
      const perEntry = shape.slice(1).reduce((a, b) => a * b, 1);
      const half = info.dtype.endsWith('f2');
      const source = half ? halfBits(d) : d;
      // A hyperslab: libhdf5 reads only the chunks that hold these entries.
      const raw = end > start ? this.guard(() => (shape.length === 0 ? source.value : source.slice([[start, end], ...shape.slice(1).map(() => [] as [])])), full) : new Float64Array(0);
      const values = half && raw instanceof Uint16Array ? Float64Array.from(raw, halfToFloat) : toFloat64(raw, full);
      const n = end - start;
      out.set(name, shape.length <= 1 ? flat(values) : jagged(Uint32Array.from({ length: n + 1 }, (_, i) => i * perEntry), values));
    }
    return out;
  }

  /** What `describe` says of one dataset, named by its full path ("/entry/data/data"); undefined when there is none there. */
  dataset(full: string): Hdf5Dataset | undefined {
    const d = this.guard(() => this.file.get(full), full);
    return d instanceof this.h5.Dataset ? this.datasetInfo(d, full) : undefined;
  }

  /** The attributes of a group or dataset as `describe` shows them, or undefined when nothing is there. */
  attributes(full: string): Readonly<Record<string, string>> | undefined {
    const object = this.guard(() => this.file.get(full), full);
    return object instanceof this.h5.Group || object instanceof this.h5.Dataset ? this.guard(() => attrsOf(object), full) : undefined;
  }

  /**
   * One box of a dataset, [start, end) along each axis, as h5wasm returns it: a typed array of the
   * stored type in little-endian order (libhdf5 converts big-endian data). libhdf5 reads only the
   * chunks the box touches (the annotation editor's frames, core/annotation/image/hdf5Frames.ts).
   */
  slab(full: string, box: readonly (readonly [number, number])[]): unknown {
    const d = this.guard(() => this.file.get(full), full);
    if (!(d instanceof this.h5.Dataset)) throw new Hdf5Error(msg('There is no dataset {0} in {1}.', full, path.basename(this.path)));
    return this.guard(() => d.slice(box.map(([start, end]) => [start, end])), full);
  }

  close(): void {
    try {
      this.file.close();
    } finally {
      this.markClosed();
    }
  }

  private datasetInfo(d: Dataset, name: string): Hdf5Dataset {
    const m = d.metadata;
    const shape = m.shape ?? [];
    // h5wasm's type classes: 0 integer, 1 float (2 time, 3 string, 4 bitfield, 5 opaque, 6 compound, 7 reference, 8 enum, 9 vlen, 10 array).
    const numeric = (m.type === 0 || m.type === 1) && !m.vlen;
    const order = m.size === 1 ? '|' : m.littleEndian ? '<' : '>';
    const dtype = numeric ? `${order}${m.type === 1 ? 'f' : m.signed ? 'i' : 'u'}${m.size}` : (TYPE_NAMES[m.type] ?? `type ${m.type}`);
    const elements = shape.reduce((a, b) => a * b, 1);
    const filters = this.guard(() => d.filters, name);
    // libhdf5's own filters (deflate, shuffle, fletcher32, szip, nbit, scaleoffset: ids below 256) are
    // trusted; plugins are not: h5wasm's LZF gave wrong values for a partial last chunk (a test caught it).
    const plugins = filters.filter((f) => f.id >= 256);
    // Floats of 2 bytes are read through halfBits; other widths (long double's 10 or 16 bytes) are not.
    const oddFloat = m.type === 1 && !m.vlen && m.size !== 2 && m.size !== 4 && m.size !== 8;
    const unreadable = oddFloat
      ? msg('it holds floating-point numbers of {0} bytes, which this reader does not read. Convert it to float64 (in NumPy: .astype("f8")) or read it with h5py.', m.size)
      : plugins.length
      ? msg(
          'it is compressed with {0}, which this reader does not decode reliably. Rewrite the file with libhdf5\'s own compression (h5repack -f GZIP=4 in.h5 out.h5) or read it with h5py.',
          plugins.map((f) => `${f.name || 'a plugin'} (filter ${f.id})`).join(', '),
        )
      : undefined;
    return {
      name,
      dtype,
      shape,
      shapeKind: !numeric || unreadable ? 'unsupported' : shape.length <= 1 ? 'flat' : 'jagged',
      chunks: m.chunks ?? undefined,
      filters: filters.map((f) => f.name || `filter ${f.id}`),
      bytes: elements * m.size,
      attrs: this.guard(() => attrsOf(d), name),
      unreadable,
    };
  }

  /** libhdf5 errors on damaged metadata surface as thrown strings or errors: all of them name the object. */
  private guard<T>(work: () => T, object: string): T {
    const before = refused().count;
    try {
      const result = work();
      if (refused().count !== before) {
        throw new OutsideFileError(refused().file, msg('{0} in {1} keeps its data in another file, {2}, which this reader does not open: only HDF5 files in the same folder (as an Eiger master file links its frames) are read.', object, path.basename(this.path), refused().file));
      }
      return result;
    } catch (err) {
      if (err instanceof Hdf5Error) throw err;
      throw new Hdf5Error(msg('{0} in {1} could not be read ({2}): the file may be damaged, or it needs a filter this reader does not have.', object, path.basename(this.path), err instanceof Error ? err.message : String(err)));
    }
  }
}

const TYPE_NAMES: Readonly<Record<number, string>> = { 2: 'time', 3: 'string', 4: 'bitfield', 5: 'opaque', 6: 'compound', 7: 'reference', 8: 'enum', 9: 'variable-length', 10: 'array' };

/** Where the signature stands: at 0, 512, 1024, 2048… (a user block may come first); undefined when nowhere. */
async function signatureAt(handle: FileHandle, size: number): Promise<number | undefined> {
  const probe = Buffer.alloc(8);
  for (let at = 0; at + 8 <= size && at <= 1 << 20; at = at === 0 ? 512 : at * 2) {
    await handle.read(probe, 0, 8, at);
    if (probe.equals(SIGNATURE)) return at;
  }
  return undefined;
}

/** Runs `work` on the file opened for reading, and closes it. */
async function withHandle<T>(file: string, work: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open(file, 'r');
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/** An HDF5 file starts with its signature at 0, 512, 1024, 2048… (a user block may come first). */
export function isHdf5File(file: string): Promise<boolean> {
  return withHandle(file, async (handle) => (await signatureAt(handle, (await handle.stat()).size)) !== undefined);
}

/**
 * Where the file should end, from its superblock's end-of-file address (counted from the file's
 * first byte, a user block included, as libhdf5 writes it), when the file is shorter than that: a
 * copy or download that stopped early. Undefined when it is not (or when the superblock is of a
 * version this does not know).
 */
export function truncation(file: string): Promise<{ readonly declared: number; readonly size: number } | undefined> {
  return withHandle(file, async (handle) => {
    const size = (await handle.stat()).size;
    const at = await signatureAt(handle, size);
    if (at === undefined) return undefined;
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, 64, at);
    const version = head[8];
    // Versions 0 and 1: sizes at 13 and 14, addresses (base, free space, end of file) from 24 (28 in v1).
    // (A user block before the superblock is within the end-of-file address: images.h5 of the tests.)
    // Versions 2 and 3: the size of offsets at 9, addresses (base, extension, end of file) from 12.
    const offsets = version <= 1 ? head[13] : head[9];
    const first = version === 0 ? 24 : version === 1 ? 28 : 12;
    if (version > 3 || ![2, 4, 8].includes(offsets)) return undefined;
    const from = first + 2 * offsets;
    if (from + offsets > bytesRead) return undefined;
    let declared = 0;
    for (let i = offsets - 1; i >= 0; i--) declared = declared * 256 + head[from + i];
    // All bits set: an undefined address.
    if (declared === 2 ** (8 * offsets) - 1) return undefined;
    return declared > size ? { declared, size } : undefined;
  });
}

async function checkSignature(file: string): Promise<void> {
  if (!(await isHdf5File(file))) throw new Hdf5Error(msg('{0} is not an HDF5 file (no HDF5 signature).', path.basename(file)));
}

/** Attributes as short text, for tooltips: numbers and strings shown, anything long cut. */
function attrsOf(object: { attrs: Record<string, { value: unknown }> }): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const key of Object.keys(object.attrs)) {
    if (++n > 32) break;
    let text: string;
    try {
      const v = object.attrs[key].value;
      text = typeof v === 'bigint' ? v.toString() : ArrayBuffer.isView(v) ? `[${Array.from(v as unknown as ArrayLike<number>).slice(0, 8).join(', ')}${(v as unknown as ArrayLike<number>).length > 8 ? ', …' : ''}]` : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
    } catch {
      text = '(unreadable)';
    }
    out[key] = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  }
  return out;
}

/**
 * The dataset as h5wasm reads 16-bit unsigned integers: it throws "Float16 not supported" for half
 * floats, and libhdf5 hands their bits over in native (little-endian) order whatever the file's,
 * so they are read as integers and decoded by halfToFloat, as NumPy reads float16.
 */
function halfBits(d: Dataset): Dataset {
  return Object.create(d, { metadata: { value: { ...d.metadata, type: 0, signed: false } } }) as Dataset;
}

function toFloat64(raw: unknown, object: string): Float64Array {
  if (raw instanceof Float64Array) return raw;
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) return Float64Array.from(raw, (v) => Number(v));
  if (ArrayBuffer.isView(raw)) return Float64Array.from(raw as unknown as ArrayLike<number>);
  if (typeof raw === 'number') return Float64Array.of(raw);
  if (typeof raw === 'bigint') return Float64Array.of(Number(raw));
  throw new Hdf5Error(msg('{0} did not read as numbers.', object));
}
