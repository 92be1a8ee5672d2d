// PyTorch checkpoints (.pt, .pth, .ckpt): the zip torch.save has written since PyTorch 1.6 —
// `<name>/data.pkl` describes the saved object, each storage is a member `<name>/data/<key>` stored
// uncompressed. A TorchScript archive (torch.jit.save) is the same zip with the model's TorchScript
// code beside (`<name>/code/`, `<name>/constants.pkl`); its data.pkl holds the module tree. The
// description is unpickled without running code (checkpointPickle.ts); a tensor's values are read by
// positioned reads of its storage member, only the entries asked for, as float64.
import { MAX_READ_VALUES } from '../readLimits';
import type { Readable } from 'node:stream';
import { endianness } from 'node:os';
import * as path from 'node:path';
import yauzl from 'yauzl';
import { fileSource } from '../npy/npyFile';
import { halfToFloat } from '../float16';
import { zipEntries } from '../zipEntries';
import { msg } from '../../text/message';
import { CheckpointError, DTYPE_BYTES, isLegacyCheckpoint, isTorchScriptClass, MAX_PICKLE_BYTES, TensorNode, type TorchDtype, unpickleCheckpoint, unpickleLegacy } from './checkpointPickle';
import { type CheckpointContent, checkpointContent } from './checkpointContent';

export interface TensorArray {
  readonly dtype: TorchDtype;
  readonly shape: readonly number[];
  /** Entries along the first axis (1 for a 0-d tensor); values per entry, the product of the other axes. */
  readonly entries: number;
  readonly perEntry: number;
  /** Values of entries [start, start + count), each entry's in C order. */
  read(start: number, count: number): Promise<Float64Array>;
}

export interface CheckpointFile extends CheckpointContent {
  /** Classes beyond torch's, NumPy's and Python's own that the pickle names: Python needs them (and weights_only=False) to load it. */
  readonly classes: readonly string[];
  /** A TorchScript archive's module classes (`__torch__.…`, defined by its own code): torch.jit.load loads it, not torch.load. */
  readonly torchScript?: readonly string[];
  /** The tensor's values; throws a CheckpointError for one this reader lists but cannot read. */
  tensor(node: TensorNode): TensorArray;
  close(): Promise<void>;
}

/** More members than a checkpoint has (one per storage): a zip of millions of entries is not read. */
const MAX_MEMBERS = 1_000_000;
/** Values of one tensor at most: the largest models' embeddings hold about a billion. */
const MAX_TENSOR_VALUES = 4_000_000_000;
/** A contiguous tensor is read in pieces of this many bytes at most (a multiple of every element size). */
const CHUNK_BYTES = 4 * 1024 * 1024;
/** A strided tensor's values are gathered from one read of the bytes they span, when that is at most this much. */
const MAX_SPAN_BYTES = 64 * 1024 * 1024;

export async function openCheckpoint(file: string): Promise<CheckpointFile> {
  const source = await fileSource(file);
  let zip: yauzl.ZipFile | undefined;
  try {
    const head = new Uint8Array(16);
    await source.read(head, 0);
    if (isLegacyCheckpoint(head)) return await openLegacy(file, source);
    if (head[0] !== 0x50 || head[1] !== 0x4b) throw new CheckpointError(msg('{0} is not a PyTorch checkpoint: torch.save writes a zip archive, and this file is not one.', path.basename(file)));
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, z) => (err ? reject(asCheckpointError(err)) : resolve(z))),
    );
    const entries = await zipEntries(
      zip,
      MAX_MEMBERS,
      () => new CheckpointError(msg('The archive has more than {0} entries; it is not a checkpoint torch.save wrote.', MAX_MEMBERS)),
      asCheckpointError,
      (a, b) => new CheckpointError(msg('The archive\'s members {0} and {1} share their bytes, which torch.save never writes: the file is damaged or forged.', a, b)),
    );
    const pickle = entries.find((e) => /^[^/]+\/data\.pkl$/.test(e.fileName));
    if (!pickle) {
      const torchScript = entries.some((e) => /^[^/]+\/constants\.pkl$/.test(e.fileName));
      throw new CheckpointError(torchScript ? msg('{0} is a TorchScript archive without data.pkl; it is not read.', path.basename(file)) : msg('{0} is a zip archive but not a PyTorch checkpoint: it has no data.pkl.', path.basename(file)));
    }
    const prefix = pickle.fileName.slice(0, -'data.pkl'.length);
    const byteOrderEntry = entries.find((e) => e.fileName === `${prefix}byteorder`);
    const bigEndian = byteOrderEntry ? new TextDecoder().decode(await memberBytes(zip, byteOrderEntry, 16)).trim() === 'big' : false;
    if (pickle.uncompressedSize > MAX_PICKLE_BYTES) throw new CheckpointError(msg('The checkpoint\'s description (data.pkl) is {0} MiB; torch.save writes far less. The file is not read.', Math.round(pickle.uncompressedSize / 2 ** 20)));
    const { root, classes } = unpickleCheckpoint(await memberBytes(zip, pickle, undefined));
    const torchScript = entries.some((e) => e.fileName === `${prefix}constants.pkl` || e.fileName.startsWith(`${prefix}code/`));
    const storages = new Map(entries.filter((e) => e.fileName.startsWith(`${prefix}data/`)).map((e) => [e.fileName.slice(prefix.length + 'data/'.length), e]));
    const content = checkpointContent(root);
    const openZip = zip;
    // A storage's local header is read when its tensor is first read, not for every storage on open:
    // a describe needs none, a histogram one or two (588 of them took ~100 ms of waits on open).
    const spans = new Map<string, StorageSpan>();
    const spanOf = (key: string): StorageSpan | 'compressed' | undefined => {
      const entry = storages.get(key);
      if (!entry) return undefined;
      if (entry.compressionMethod !== 0) return 'compressed';
      let start: Promise<number> | undefined;
      const span: StorageSpan = spans.get(key) ?? {
        bytes: entry.uncompressedSize,
        // The local header's fixed 30 bytes and the name come before the data, at least.
        earliest: entry.relativeOffsetOfLocalHeader + 30 + entry.fileName.length,
        start: () => (start ??= new Promise<number>((resolve, reject) => openZip.readLocalFileHeader(entry, { minimal: true }, (err, h) => (err ? reject(asCheckpointError(err)) : resolve(h.fileDataStart))))),
      };
      spans.set(key, span);
      return span;
    };
    return {
      ...content,
      ...(torchScript ? { classes: classes.filter((c) => !isTorchScriptClass(c)), torchScript: classes.filter((c) => c.startsWith('__torch__.')) } : { classes }),
      tensor: (node) => tensorArray(node, spanOf(node.storage.key), source, bigEndian),
      close: async () => {
        openZip.close();
        await source.close();
      },
    };
  } catch (err) {
    zip?.close();
    await source.close();
    throw asCheckpointError(err);
  }
}

/** Bytes per element of the storages the legacy format may hold but this reader does not decode: needed to step over them. */
const OTHER_STORAGE_BYTES: Readonly<Record<string, number>> = { ComplexFloatStorage: 8, ComplexDoubleStorage: 16, QInt8Storage: 1, QUInt8Storage: 1, QInt32Storage: 4, QUInt4x2Storage: 1, QUInt2x4Storage: 1 };
/** The legacy format's pickles are read from the file's first bytes, this many at most. */
const LEGACY_HEAD_BYTES = MAX_PICKLE_BYTES;

/**
 * The legacy format: its pickles from the file's start, then the storages one after another (an
 * int64 count of elements, then their bytes) in the order the last pickle lists their keys.
 */
async function openLegacy(file: string, source: Source & { close(): Promise<void> }): Promise<CheckpointFile> {
  const head = new Uint8Array(Math.min(source.size, LEGACY_HEAD_BYTES));
  await source.read(head, 0);
  let legacy: ReturnType<typeof unpickleLegacy>;
  try {
    legacy = unpickleLegacy(head);
  } catch (err) {
    if (source.size > head.length) throw new CheckpointError(msg('{0} is in PyTorch\'s legacy format with a description longer than {1} MiB, which is not read. Load and save it again with a recent PyTorch: torch.save(torch.load(old), new).', path.basename(file), LEGACY_HEAD_BYTES / 2 ** 20));
    throw err;
  }
  const content = checkpointContent(legacy.root);
  const referenced = new Map<string, TensorNode['storage']>();
  for (const t of content.tensors) if (t.tensor instanceof TensorNode) referenced.set(t.tensor.storage.key, t.tensor.storage);
  const spans = new Map<string, StorageSpan>();
  let at = legacy.dataStart;
  const count = new Uint8Array(8);
  for (const key of legacy.keys) {
    const storage = referenced.get(key);
    const elementBytes = storage === undefined ? undefined : typeof storage.dtype === 'string' ? DTYPE_BYTES[storage.dtype] : OTHER_STORAGE_BYTES[storage.dtype.unsupported];
    // A storage of unknown element size cannot be stepped over: those after it are missing, and say so when read.
    if (elementBytes === undefined || storage === undefined || (await source.read(count, at)) < 8) break;
    // Its count is the numel the pickle gave it; anything else is a damaged (or forged) file, whose later storages cannot be found.
    const elements = new DataView(count.buffer).getBigInt64(0, legacy.littleEndian);
    if (elements !== BigInt(storage.numel)) break;
    const start = at + 8;
    spans.set(key, { bytes: storage.numel * elementBytes, earliest: start, start: () => Promise.resolve(start) });
    at += 8 + storage.numel * elementBytes;
  }
  return {
    ...content,
    classes: legacy.classes,
    tensor: (node) => tensorArray(node, spans.get(node.storage.key), source, !legacy.littleEndian),
    close: () => source.close(),
  };
}

/** Where a storage's bytes are in the file: at `start()`, which is `earliest` or later. */
export interface StorageSpan {
  readonly bytes: number;
  readonly earliest: number;
  start(): Promise<number>;
}

type Source = { readonly size: number; read(into: Uint8Array, position: number): Promise<number> };

/** A tensor's values, read from its storage's span of the file (also used for safetensors files). */
export function tensorArray(node: TensorNode, span: StorageSpan | 'compressed' | undefined, source: Source, bigEndian: boolean): TensorArray {
  const { storage, shape, stride, offset } = node;
  if (typeof storage.dtype !== 'string') throw new CheckpointError(msg('This tensor\'s elements ({0}) are not numbers this explorer reads.', storage.dtype.unsupported));
  if (!span) throw new CheckpointError(msg('Storage {0} of this tensor is missing from the archive: the file is truncated or damaged.', storage.key));
  if (span === 'compressed') throw new CheckpointError(msg('Storage {0} is compressed inside the archive; torch.save stores storages uncompressed. Load and save the checkpoint again with torch.save.', storage.key));
  const dtype = storage.dtype;
  const size = DTYPE_BYTES[dtype];
  if (span.bytes < storage.numel * size || span.earliest + span.bytes > source.size) {
    throw new CheckpointError(msg('Storage {0} holds {1} bytes, fewer than its {2} elements of {3} bytes: the file is truncated or damaged.', storage.key, Math.max(0, Math.min(span.bytes, source.size - span.earliest)), storage.numel, size));
  }
  // An expanded view (stride 0) of more values than any model's tensor holds is a file to refuse, not hours of reading.
  const values = shape.reduce((a, d) => a * d, 1);
  if (values > MAX_TENSOR_VALUES) throw new CheckpointError(msg('This tensor is a view of {0} values, more than the {1} this explorer reads of one tensor.', values, MAX_TENSOR_VALUES));
  const empty = shape.some((d) => d === 0);
  const last = offset + shape.reduce((a, d, i) => a + (d - 1) * stride[i], 0);
  if (!empty && last >= storage.numel) throw new CheckpointError(msg('A tensor reaches element {0} of storage {1}, which has {2}: the file is damaged.', last, storage.key, storage.numel));
  const entries = shape.length === 0 ? 1 : shape[0];
  const perEntry = shape.slice(1).reduce((a, b) => a * b, 1);
  const rest = shape.slice(1);
  const restStride = stride.slice(1);
  const entryStride = shape.length === 0 ? 0 : stride[0];
  const contiguous = isContiguous(rest, restStride) && (entries <= 1 || entryStride === perEntry);
  const readBytes = async (start: number, firstElement: number, elements: number): Promise<DataView> => {
    const bytes = new Uint8Array(elements * size);
    const got = await source.read(bytes, start + firstElement * size);
    if (got < bytes.length) throw new CheckpointError(msg('Storage {0} ends early: the file is truncated.', storage.key));
    return new DataView(bytes.buffer);
  };
  const get = getter(dtype, !bigEndian);
  return {
    dtype,
    shape,
    entries,
    perEntry,
    async read(first, count) {
      if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > entries) {
        throw new RangeError(`entries ${first}…${first + count} are outside the tensor's ${entries}`);
      }
      // Rows of no values (a tensor of shape (N, 0)) still cost an offset each.
      if (count > MAX_READ_VALUES) throw new CheckpointError(msg('Reading {0} rows of this tensor at once is more than the {1} a read takes. Histogram fewer rows.', count, MAX_READ_VALUES));
      if (count * perEntry > MAX_READ_VALUES) {
        throw new CheckpointError(msg('Reading {0} values of this tensor at once is more than the {1} a read takes; its rows are {2} values each. Histogram fewer rows.', count * perEntry, MAX_READ_VALUES, perEntry));
      }
      const out = new Float64Array(count * perEntry);
      if (out.length === 0) return out;
      const base = offset + first * entryStride;
      const start = await span.start();
      if (contiguous) {
        // In chunks through one buffer: a fresh 64 MB buffer costs ~200 ms of page faults here, more than reading into it.
        const chunk = new Uint8Array(Math.min(out.length * size, CHUNK_BYTES));
        const view = new DataView(chunk.buffer);
        // The common case, a little-endian file on a little-endian machine: a loop over a typed array of the
        // dtype (16 M float32 in 35 ms here; a DataView getter per value took 700 ms, and Float64Array.set 600 ms).
        const typed = !bigEndian && LITTLE_ENDIAN_HOST ? typedView(dtype, chunk.buffer) : undefined;
        for (let done = 0; done < out.length; ) {
          const n = Math.min(out.length - done, chunk.length / size);
          const got = await source.read(n * size === chunk.length ? chunk : chunk.subarray(0, n * size), start + (base + done) * size);
          if (got < n * size) throw new CheckpointError(msg('Storage {0} ends early: the file is truncated.', storage.key));
          if (typed) for (let i = 0; i < n; i++) out[done + i] = typed[i];
          else for (let i = 0; i < n; i++) out[done + i] = get(view, i * size);
          done += n;
        }
        return out;
      }
      // Strided (a transposed or sliced view): gather from the bytes the entries span, an entry at a time when they span too much.
      const entrySpan = rest.reduce((a, d, i) => a + (d - 1) * restStride[i], 0) + 1;
      const spanned = (count - 1) * entryStride + entrySpan;
      const whole = spanned * size <= MAX_SPAN_BYTES ? await readBytes(start, base, spanned) : undefined;
      let o = 0;
      for (let e = 0; e < count; e++) {
        const view = whole ?? (await readBytes(start, base + e * entryStride, entrySpan));
        const at = whole ? e * entryStride : 0;
        forEachIndex(rest, restStride, (element) => (out[o++] = get(view, (at + element) * size)));
      }
      return out;
    },
  };
}

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** The bytes as a typed array of the dtype, where JavaScript has one that converts to float64 as the value (bool storages hold 0 or 1). */
function typedView(dtype: TorchDtype, buffer: ArrayBufferLike): ArrayLike<number> | undefined {
  switch (dtype) {
    case 'float64':
      return new Float64Array(buffer);
    case 'float32':
      return new Float32Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'int16':
      return new Int16Array(buffer);
    case 'int8':
      return new Int8Array(buffer);
    case 'uint8':
      return new Uint8Array(buffer);
    default:
      return undefined;
  }
}

function isContiguous(shape: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && stride[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

/** Calls `visit` with the element offset of every index of `shape` in C order. */
function forEachIndex(shape: readonly number[], stride: readonly number[], visit: (element: number) => void): void {
  const index = shape.map(() => 0);
  const total = shape.reduce((a, b) => a * b, 1);
  let element = 0;
  for (let n = 0; n < total; n++) {
    visit(element);
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      index[axis]++;
      element += stride[axis];
      if (index[axis] < shape[axis]) break;
      element -= index[axis] * stride[axis];
      index[axis] = 0;
    }
  }
}

function getter(dtype: TorchDtype, le: boolean): (view: DataView, at: number) => number {
  switch (dtype) {
    case 'float64':
      return (v, o) => v.getFloat64(o, le);
    case 'float32':
      return (v, o) => v.getFloat32(o, le);
    case 'float16':
      return (v, o) => halfToFloat(v.getUint16(o, le));
    case 'bfloat16': {
      // bfloat16 is the upper half of a float32.
      const f = new DataView(new ArrayBuffer(4));
      return (v, o) => {
        f.setUint32(0, v.getUint16(o, le) << 16);
        return f.getFloat32(0);
      };
    }
    case 'int64':
      return (v, o) => Number(v.getBigInt64(o, le));
    case 'int32':
      return (v, o) => v.getInt32(o, le);
    case 'int16':
      return (v, o) => v.getInt16(o, le);
    case 'int8':
      return (v, o) => v.getInt8(o);
    case 'uint8':
      return (v, o) => v.getUint8(o);
    case 'bool':
      return (v, o) => (v.getUint8(o) ? 1 : 0);
  }
}

/** A small member's bytes (data.pkl, byteorder), refused beyond `cap` when one is given. */
async function memberBytes(zip: yauzl.ZipFile, entry: yauzl.Entry, cap: number | undefined): Promise<Uint8Array> {
  if (cap !== undefined && entry.uncompressedSize > cap) throw new CheckpointError(msg('{0} is {1} bytes, more than torch.save writes there: the file is damaged.', entry.fileName, entry.uncompressedSize));
  const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(asCheckpointError(err)) : resolve(s))));
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function asCheckpointError(err: unknown): Error {
  if (err instanceof CheckpointError || err instanceof RangeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CheckpointError(msg('This is not a readable PyTorch checkpoint ({0}); it may be truncated or damaged.', message));
}
