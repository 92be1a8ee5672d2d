// Parquet files with hyparquet (+ hyparquet-compressors for GZIP, BROTLI, ZSTD, LZ4): the schema and
// row groups from the footer, then only the columns and row groups a request needs, by positioned
// reads on a FileHandle (hyparquet's AsyncBuffer). A numeric column is one value per row; a list of
// numbers (JetClass's part_* columns as parquet) is jagged; strings, structs, maps and nested lists
// are listed but not histogrammed.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { decompress as decompressZstd } from 'fzstd';
import type { AsyncBuffer, ColumnData, Compressors, FileMetaData, SchemaTree } from 'hyparquet' with { 'resolution-mode': 'import' };
import { type Column, flat, jagged } from '../expression/columns';
import { LocalizedError, type Message, msg } from '../../text/message';
import { JobStopped, throwIfStopAsked } from '../workers/jobStop';

export interface ParquetColumn {
  readonly name: string;
  /** The physical type (with the logical one where it says more), "list<FLOAT>" for a list. */
  readonly type: string;
  readonly shape: 'flat' | 'jagged' | 'unsupported';
  readonly bytes: number;
  readonly storedBytes: number;
  readonly codecs: readonly string[];
}

export interface ParquetDescription {
  readonly rows: number;
  readonly rowGroups: readonly { readonly rows: number; readonly bytes: number; readonly storedBytes: number }[];
  readonly columns: readonly ParquetColumn[];
  readonly createdBy?: string;
}

export class ParquetError extends LocalizedError {
  constructor(message: string | Message) {
    super(message);
    this.name = 'ParquetError';
  }
}

const NUMERIC = new Set(['BOOLEAN', 'INT32', 'INT64', 'FLOAT', 'DOUBLE']);
/** Converted types that make a number something else (a date, a decimal with a scale, text). */
const NOT_PLAIN = new Set(['UTF8', 'DECIMAL', 'DATE', 'TIME_MILLIS', 'TIME_MICROS', 'TIMESTAMP_MILLIS', 'TIMESTAMP_MICROS', 'INTERVAL', 'JSON', 'BSON', 'ENUM', 'MAP', 'MAP_KEY_VALUE']);
/**
 * Logical types that do the same where a writer sets no converted type (pyarrow's timestamp[ns], time
 * in nanoseconds): hyparquet reads them as Dates or scaled values, not the numbers stored.
 */
const NOT_PLAIN_LOGICAL = new Set(['DECIMAL', 'DATE', 'TIME', 'TIMESTAMP']);

let compressors: Promise<Compressors> | undefined;

export class ParquetFile {
  private constructor(
    private readonly handle: FileHandle,
    private readonly buffer: AsyncBuffer,
    readonly metadata: FileMetaData,
    private readonly schema: SchemaTree,
    readonly path: string,
  ) {}

  static async open(file: string): Promise<ParquetFile> {
    const { parquetMetadataAsync, parquetSchema } = await import('hyparquet');
    const handle = await open(file, 'r');
    try {
      const size = (await handle.stat()).size;
      const buffer: AsyncBuffer = {
        byteLength: size,
        slice: async (start: number, end = size) => {
          throwIfStopAsked();
          if (start < 0 || end > size || end < start) throw new ParquetError(msg('The file points past its end ({0}–{1} of {2} bytes): it is truncated or damaged. Copy or download it again.', start, end, size));
          const out = new Uint8Array(end - start);
          const { bytesRead } = await handle.read(out, 0, out.length, start);
          if (bytesRead !== out.length) throw new ParquetError(msg('The file ended early ({0} of {1} bytes at {2}): it is truncated. Copy or download it again.', bytesRead, out.length, start));
          return out.buffer;
        },
      };
      let metadata: FileMetaData;
      try {
        metadata = await parquetMetadataAsync(buffer);
      } catch (err) {
        throw asParquetError(err, file);
      }
      checkRows(metadata, file);
      let schema: SchemaTree;
      try {
        schema = parquetSchema(metadata);
      } catch (err) {
        throw asParquetError(err, file);
      }
      return new ParquetFile(handle, buffer, metadata, schema, file);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  describe(): ParquetDescription {
    const sizes = new Map<string, { bytes: number; storedBytes: number; codecs: Set<string> }>();
    for (const group of this.metadata.row_groups) {
      for (const chunk of group.columns) {
        const meta = chunk.meta_data;
        if (!meta) continue;
        const top = meta.path_in_schema[0];
        const s = sizes.get(top) ?? { bytes: 0, storedBytes: 0, codecs: new Set<string>() };
        s.bytes += Number(meta.total_uncompressed_size);
        s.storedBytes += Number(meta.total_compressed_size);
        s.codecs.add(meta.codec);
        sizes.set(top, s);
      }
    }
    return {
      rows: Number(this.metadata.num_rows),
      rowGroups: this.metadata.row_groups.map((g) => ({
        rows: Number(g.num_rows),
        bytes: g.columns.reduce((a, c) => a + Number(c.meta_data?.total_uncompressed_size ?? 0), 0),
        storedBytes: g.columns.reduce((a, c) => a + Number(c.meta_data?.total_compressed_size ?? 0), 0),
      })),
      columns: this.schema.children.map((child) => {
        const s = sizes.get(child.element.name);
        return { name: child.element.name, ...kindOf(child), bytes: s?.bytes ?? 0, storedBytes: s?.storedBytes ?? 0, codecs: [...(s?.codecs ?? [])] };
      }),
      createdBy: this.metadata.created_by,
    };
  }

  /** Values of `names` for rows [first, first + count), as columns; only the row groups holding them are read. */
  async read(names: readonly string[], first: number, count: number): Promise<Map<string, Column>> {
    const { parquetRead } = await import('hyparquet');
    const columns = this.describe().columns;
    for (const name of names) {
      const c = columns.find((x) => x.name === name);
      if (!c) throw new ParquetError(msg('There is no column "{0}" in {1}.', name, path.basename(this.path)));
      if (c.shape === 'unsupported') throw new ParquetError(msg('The column "{0}" holds {1}, not numbers or lists of numbers: it cannot be histogrammed.', name, c.type));
    }
    const rows = Number(this.metadata.num_rows);
    const start = Math.max(0, Math.min(first, rows));
    const end = Math.max(start, Math.min(first + count, rows));
    const chunks = new Map<string, ColumnData[]>(names.map((n) => [n, []]));
    if (end > start && names.length > 0) {
      try {
        await parquetRead({
          file: this.buffer,
          metadata: this.metadata,
          columns: [...names],
          rowStart: start,
          rowEnd: end,
          compressors: await loadCompressors(),
          utf8: false,
          onChunk: (chunk) => chunks.get(chunk.columnName)?.push(chunk),
        });
      } catch (err) {
        throw asParquetError(err, this.path);
      }
    }
    const out = new Map<string, Column>();
    for (const name of names) {
      const shape = columns.find((x) => x.name === name)!.shape;
      out.set(name, assemble(chunks.get(name)!, start, end, shape === 'jagged'));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/**
 * A page holds at most this many bytes uncompressed: writers cut pages at about 1 MiB (a dictionary
 * page at a row group's distinct values). A page header may say anything: without this, a 16 KB file
 * whose ZSTD frames declare 2 GiB each is inflated in full.
 */
const MAX_PAGE_BYTES = 256 * 1024 * 1024;

/** The codecs, each refusing a page larger than MAX_PAGE_BYTES and writing no more than the page header's size. */
function loadCompressors(): Promise<Compressors> {
  compressors ??= import('hyparquet-compressors').then((m) => {
    const bounded: Compressors = {};
    for (const [codec, decompress] of Object.entries(m.compressors as Compressors)) {
      if (!decompress) continue;
      bounded[codec as keyof Compressors] = (input: Uint8Array, outputLength: number) => {
        if (!Number.isSafeInteger(outputLength) || outputLength < 0 || outputLength > MAX_PAGE_BYTES) {
          throw new ParquetError(msg('A page says it holds {0} bytes uncompressed, more than the {1} a parquet writer puts in a page: the file is damaged.', outputLength, MAX_PAGE_BYTES));
        }
        // hyparquet-compressors lets fzstd size its output from the frame's own header; given a buffer it
        // writes only that, and returns the whole buffer however much it filled: the frame must say the page's size.
        if (codec !== 'ZSTD') return decompress(input, outputLength);
        const content = zstdContentSize(input);
        if (content !== outputLength) {
          throw new ParquetError(msg('A ZSTD page says it holds {0} bytes, but its frame says {1}: the file is damaged.', outputLength, content ?? '?'));
        }
        return decompressZstd(input, new Uint8Array(outputLength));
      };
    }
    return bounded;
  });
  return compressors;
}

/** A ZSTD frame's Frame_Content_Size (RFC 8878 3.1.1.1), when its header gives one. */
function zstdContentSize(frame: Uint8Array): number | undefined {
  if (frame.length < 6 || frame[0] !== 0x28 || frame[1] !== 0xb5 || frame[2] !== 0x2f || frame[3] !== 0xfd) return undefined;
  const descriptor = frame[4];
  const singleSegment = (descriptor >> 5) & 1;
  const sizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6];
  const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3];
  if (sizeBytes === 0 || at + sizeBytes > frame.length) return undefined;
  const view = new DataView(frame.buffer, frame.byteOffset + at, sizeBytes);
  if (sizeBytes === 1) return view.getUint8(0);
  if (sizeBytes === 2) return view.getUint16(0, true) + 256;
  if (sizeBytes === 4) return view.getUint32(0, true);
  const size = view.getBigUint64(0, true);
  return size <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(size) : Number.MAX_SAFE_INTEGER;
}

/** The footer's row count is the sum of its row groups' (forged, it would size every read). */
function checkRows(metadata: FileMetaData, file: string): void {
  const groups = metadata.row_groups.reduce((a, g) => a + Number(g.num_rows), 0);
  if (Number(metadata.num_rows) !== groups || metadata.row_groups.some((g) => !(Number(g.num_rows) >= 0))) {
    throw new ParquetError(msg('{0} says it has {1} rows, but its row groups hold {2}: the file is damaged.', path.basename(file), Number(metadata.num_rows), groups));
  }
}

/** What a top-level field is: a number per row, a list of numbers per row, or something else. */
function kindOf(node: SchemaTree): { type: string; shape: ParquetColumn['shape'] } {
  const e = node.element;
  if (node.children.length === 0) {
    const type = e.logical_type?.type && e.logical_type.type !== 'INTEGER' ? `${e.type} (${e.logical_type.type})` : e.converted_type ? `${e.type} (${e.converted_type})` : (e.type ?? 'unknown');
    const plain = !(e.converted_type && NOT_PLAIN.has(e.converted_type)) && !(e.logical_type && NOT_PLAIN_LOGICAL.has(e.logical_type.type));
    const numeric = e.type !== undefined && NUMERIC.has(e.type) && plain && e.repetition_type !== 'REPEATED';
    // Half floats are stored as two bytes and read as numbers.
    const float16 = e.type === 'FIXED_LEN_BYTE_ARRAY' && e.logical_type?.type === 'FLOAT16';
    return { type, shape: numeric || float16 ? 'flat' : 'unsupported' };
  }
  // A LIST: the group, one repeated group, one element (the three-level layout every writer uses).
  const isList = e.converted_type === 'LIST' || e.logical_type?.type === 'LIST';
  const repeated = node.children.length === 1 ? node.children[0] : undefined;
  const element = repeated && repeated.children.length === 1 ? repeated.children[0] : repeated && repeated.children.length === 0 ? repeated : undefined;
  if (isList && element && element.children.length === 0) {
    const inner = kindOf(element);
    return { type: `list<${inner.type}>`, shape: inner.shape === 'flat' ? 'jagged' : 'unsupported' };
  }
  return { type: isList ? 'list<…>' : 'struct', shape: 'unsupported' };
}

/** Chunks (which may run past the requested rows) into one column for rows [start, end). */
function assemble(chunks: readonly ColumnData[], start: number, end: number, isList: boolean): Column {
  const n = end - start;
  const ordered = [...chunks].sort((a, b) => a.rowStart - b.rowStart);
  if (!isList) {
    const values = new Float64Array(n);
    for (const c of ordered) {
      for (let r = Math.max(start, c.rowStart); r < Math.min(end, c.rowEnd); r++) values[r - start] = toNumber(c.columnData[r - c.rowStart]);
    }
    return flat(values);
  }
  const lists: ArrayLike<unknown>[] = new Array(n);
  for (const c of ordered) {
    for (let r = Math.max(start, c.rowStart); r < Math.min(end, c.rowEnd); r++) lists[r - start] = (c.columnData[r - c.rowStart] as ArrayLike<unknown> | null) ?? [];
  }
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + (lists[i]?.length ?? 0);
  const values = new Float64Array(offsets[n]);
  for (let i = 0; i < n; i++) {
    const l = lists[i] ?? [];
    for (let k = 0; k < l.length; k++) values[offsets[i] + k] = toNumber(l[k]);
  }
  return jagged(offsets, values);
}

/** A parquet value as a number: bigint (INT64) converted, booleans 0/1, nulls NaN (not filled). */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return NaN;
}

function asParquetError(err: unknown, file: string): Error {
  if (err instanceof ParquetError || err instanceof JobStopped) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ParquetError(msg('{0} could not be read as parquet ({1}): it may be damaged or truncated.', path.basename(file), message));
}
