// Reads a NumPy .npy array by positioned reads: the header first, then only the entries asked for.
// An array's first axis is its entries (events, rows); an entry of an N-d array is the fixed-size
// block of its remaining axes. Values come out as float64 (64-bit integers beyond 2^53 round).
import { open } from 'node:fs/promises';
import { halfToFloat } from '../float16';
import { NPY_PREFIX_BYTES, type NpyDtype, NpyError, type NpyHeader, npyHeaderSpan, parseNpyHeader } from './npyHeader';
import { msg } from '../../text/message';
import { throwIfStopAsked } from '../workers/jobStop';

/** Where the array's bytes are: a file on disk, at an offset (an .npz member stored without compression). */
export interface ByteSource {
  /** Fills `into` from `position` (relative to the array's start); returns how many bytes there were. */
  read(into: Uint8Array, position: number): Promise<number>;
  readonly size: number;
}

export interface NpyArray {
  readonly header: NpyHeader;
  /** Entries along the first axis (1 for a 0-d array). */
  readonly entries: number;
  /** Values per entry: the product of the other axes. */
  readonly perEntry: number;
  /** Values of entries [start, start + count), entry by entry, each entry's values in C order. */
  read(start: number, count: number): Promise<Float64Array>;
}

export async function openNpy(source: ByteSource): Promise<NpyArray> {
  const prefix = new Uint8Array(NPY_PREFIX_BYTES);
  await readFully(source, prefix, 0, 'header');
  const span = npyHeaderSpan(prefix);
  const headerBytes = new Uint8Array(span.length);
  await readFully(source, headerBytes, span.start, 'header');
  const header = parseNpyHeader(span.version, span.start, headerBytes);
  const { shape, dtype } = header;
  const entries = shape.length === 0 ? 1 : shape[0];
  const perEntry = shape.length === 0 ? 1 : shape.slice(1).reduce((a, b) => a * b, 1);
  const needed = header.dataOffset + header.elements * dtype.size;
  if (source.size < needed) {
    throw new NpyError(msg('The file is truncated: its header describes {0} values of {1} bytes ({2} bytes in all), but it has {3} bytes. Copy or download it again.', header.elements, dtype.size, needed, source.size));
  }
  const read = async (start: number, count: number): Promise<Float64Array> => {
    if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > entries) {
      throw new RangeError(`entries ${start}…${start + count} are outside the array's ${entries}`);
    }
    const out = new Float64Array(count * perEntry);
    if (count === 0 || perEntry === 0) return out;
    if (!header.fortranOrder || shape.length < 2) {
      // C order: the entries are one contiguous run of bytes.
      const bytes = new Uint8Array(count * perEntry * dtype.size);
      await readFully(source, bytes, header.dataOffset + start * perEntry * dtype.size, 'data');
      decodeInto(bytes, dtype, out, 0, 1);
      return out;
    }
    // Fortran order: the first axis varies fastest, so each of the entry's other positions is a run
    // of `entries` values; the rows asked for are one stretch of each run, placed back in C order.
    const bytes = new Uint8Array(count * dtype.size);
    for (let k = 0; k < perEntry; k++) {
      await readFully(source, bytes, header.dataOffset + (k * entries + start) * dtype.size, 'data');
      decodeInto(bytes, dtype, out, fortranToC(k, shape), perEntry);
    }
    return out;
  };
  return { header, entries, perEntry, read };
}

/** The column name of a lone .npy array, as np.load's users call it: the file name without ".npy". */
export function npyArrayName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.npy$/i, '');
}

/** A file on disk as a ByteSource; close() when done. */
export async function fileSource(file: string): Promise<ByteSource & { close(): Promise<void> }> {
  const handle = await open(file, 'r');
  const { size } = await handle.stat();
  return {
    size,
    read: async (into, position) => {
      throwIfStopAsked();
      return (await handle.read(into, 0, into.length, position)).bytesRead;
    },
    close: () => handle.close(),
  };
}

async function readFully(source: ByteSource, into: Uint8Array, position: number, part: 'header' | 'data'): Promise<void> {
  const got = await source.read(into, position);
  if (got < into.length) {
    const args = [into.length, position, got];
    throw new NpyError(part === 'header' ? msg('The file ends inside its header (wanted {0} bytes at {1}, got {2}); it is truncated. Copy or download it again.', ...args) : msg('The file ends inside its data (wanted {0} bytes at {1}, got {2}); it is truncated. Copy or download it again.', ...args));
  }
}

/**
 * The C-order index, within an entry, of the k-th value of the entry's other axes taken in Fortran
 * order (the second axis fastest).
 */
function fortranToC(k: number, shape: readonly number[]): number {
  const rest = shape.slice(1);
  let c = 0;
  let stride = 1;
  const strides = rest.map(() => 0);
  for (let a = rest.length - 1; a >= 0; a--) {
    strides[a] = stride;
    stride *= rest[a];
  }
  for (let a = 0; a < rest.length; a++) {
    const index = k % rest[a];
    k = Math.floor(k / rest[a]);
    c += index * strides[a];
  }
  return c;
}

/** Decodes the values in `bytes` into out[first], out[first + step], … as float64. */
function decodeInto(bytes: Uint8Array, dtype: NpyDtype, out: Float64Array, first: number, step: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length / dtype.size;
  const le = dtype.littleEndian;
  const get = getter(view, dtype, le);
  for (let i = 0, o = first; i < n; i++, o += step) out[o] = get(i * dtype.size);
}

function getter(view: DataView, dtype: NpyDtype, le: boolean): (offset: number) => number {
  switch (`${dtype.kind}${dtype.size}`) {
    case 'bool1':
      return (o) => (view.getUint8(o) !== 0 ? 1 : 0);
    case 'int1':
      return (o) => view.getInt8(o);
    case 'uint1':
      return (o) => view.getUint8(o);
    case 'int2':
      return (o) => view.getInt16(o, le);
    case 'uint2':
      return (o) => view.getUint16(o, le);
    case 'int4':
      return (o) => view.getInt32(o, le);
    case 'uint4':
      return (o) => view.getUint32(o, le);
    case 'int8':
      return (o) => Number(view.getBigInt64(o, le));
    case 'uint8':
      return (o) => Number(view.getBigUint64(o, le));
    case 'float2':
      return (o) => halfToFloat(view.getUint16(o, le));
    case 'float4':
      return (o) => view.getFloat32(o, le);
    default:
      return (o) => view.getFloat64(o, le);
  }
}
