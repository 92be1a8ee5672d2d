// A TIFF's structure checked from its own bytes before geotiff reads it, because geotiff follows
// whatever the file says: it counts pages forever when a directory's next-directory offset points
// back, loops forever on tiles of 0 pixels, allocates a whole tile for an empty one whatever size it
// claims, and gives black rows for strips that are not listed or lie past the file's end. Here the
// chain of directories is walked once (each inside the file, none twice), and the page to decode is
// checked: its size against the editor's limits, its tiles' size, and every strip or tile it needs
// listed and inside the file. Only the few tags that say where the samples are are read.
import { msg } from '../../text/message';
import { checkSize, damaged, ImageError } from './imageError';

/**
 * More directories than this is a damaged chain or a stack to split: a file is read whole into
 * memory, so 65536 pages of any real frame is far past what the editor reads anyway.
 */
const MAX_PAGES = 65536;
/** Writers make tiles of 16 to 1024 pixels a side; 65536 is the most a SHORT tag holds. */
const MAX_TILE_SIDE = 65536;
/** 4096 × 4096 float32: four times the largest tile writers make (1024 × 1024 RGBA float32, 16 MiB). */
const MAX_TILE_BYTES = 64 * 2 ** 20;

/** The tags read: size, samples, and where the strips or tiles are. */
const TAGS = { width: 256, height: 257, bits: 258, photometric: 262, stripOffsets: 273, samples: 277, rowsPerStrip: 278, stripCounts: 279, planar: 284, tileWidth: 322, tileHeight: 323, tileOffsets: 324, tileCounts: 325 } as const;
const WANTED = new Set<number>(Object.values(TAGS));
/** Bytes of the unsigned integer types these tags come in: BYTE, SHORT, LONG, LONG8 (BigTIFF). */
const TYPE_BYTES: Readonly<Record<number, number>> = { 1: 1, 3: 2, 4: 4, 16: 8 };

export interface TiffLayout {
  readonly pages: number;
  /** Undefined when the page asked for is not one of `pages`. */
  readonly page?: { readonly width: number; readonly height: number };
}

/** Bytes one strip or tile decodes to: rows of `width` pixels, each padded to a whole byte. */
export function blockBytes(width: number, rows: number, bits: readonly number[], planar: number): number {
  const blockBits = planar === 2 ? bits.reduce((a, b) => Math.max(a, b), 0) : bits.reduce((a, b) => a + b, 0);
  return Math.ceil((width * blockBits) / 8) * rows;
}

/** BitsPerSample for each of `samples` (a file that gives one value for all means it for each). */
export function bitsOf(value: unknown, samples: number): number[] {
  const given = typeof value === 'number' ? [value] : Array.from((value ?? [1]) as ArrayLike<number>, Number);
  return Array.from({ length: Math.min(samples, 65535) }, (_, i) => given[Math.min(i, given.length - 1)] ?? 1);
}

interface Tag {
  readonly type: number;
  readonly count: number;
  /** Where its values start. */
  readonly at: number;
}

export function tiffLayout(bytes: Uint8Array, page: number): TiffLayout {
  const length = bytes.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const le = bytes[0] === 0x49;
  const big = view.getUint16(2, le) === 43;
  const u16 = (at: number): number => view.getUint16(at, le);
  const u32 = (at: number): number => view.getUint32(at, le);
  // A LONG8 past 2^53 loses precision, but is then far past the file's end, which is all that is asked.
  const u64 = (at: number): number => Number(view.getBigUint64(at, le));
  const offset = (at: number): number => (big ? u64(at) : u32(at));
  const header = big ? 16 : 8;
  const countBytes = big ? 8 : 2;
  const entryBytes = big ? 20 : 12;
  if (length < header) throw damaged('TIFF', msg('the file ends inside its header'));

  const directories: { at: number; count: number }[] = [];
  const seen = new Set<number>();
  let at = offset(big ? 8 : 4);
  do {
    if (seen.has(at)) throw damaged('TIFF', msg('its image directories loop: the one at byte {0} comes again', at));
    if (directories.length === MAX_PAGES) throw new ImageError(msg('the TIFF has more than {0} pages, more than the editor opens; split it into smaller files', MAX_PAGES));
    const count = at >= header && at + countBytes <= length ? (big ? u64(at) : u16(at)) : Infinity;
    const end = at + countBytes + count * entryBytes + (big ? 8 : 4);
    if (!(end <= length)) throw damaged('TIFF', msg('its image directory at byte {0} is not inside the file ({1} bytes)', at, length));
    seen.add(at);
    directories.push({ at, count });
    at = offset(end - (big ? 8 : 4));
  } while (at !== 0);
  const directory = directories[page];
  if (!Number.isInteger(page) || !directory) return { pages: directories.length };

  const tags = new Map<number, Tag>();
  for (let i = 0; i < directory.count; i++) {
    const e = directory.at + countBytes + i * entryBytes;
    const tag = u16(e);
    if (!WANTED.has(tag)) continue;
    const type = u16(e + 2);
    const size = TYPE_BYTES[type];
    if (!size) throw damaged('TIFF', msg('its tag {0} has the type {1}, not an unsigned integer', tag, type));
    const count = big ? u64(e + 4) : u32(e + 4);
    const values = e + (big ? 12 : 8);
    const start = count * size <= (big ? 8 : 4) ? values : offset(values);
    if (!(start + count * size <= length)) throw damaged('TIFF', msg('the values of its tag {0} run past the end of the file ({1} bytes)', tag, length));
    tags.set(tag, { type, count, at: start });
  }
  const value = (tag: number, i: number): number => {
    const t = tags.get(tag)!;
    const at = t.at + i * TYPE_BYTES[t.type];
    return t.type === 1 ? bytes[at] : t.type === 3 ? u16(at) : t.type === 4 ? u32(at) : u64(at);
  };
  const one = (tag: number, fallback: number): number => ((tags.get(tag)?.count ?? 0) > 0 ? value(tag, 0) : fallback);
  const width = one(TAGS.width, 0);
  const height = one(TAGS.height, 0);
  const samples = one(TAGS.samples, 1);
  const planar = one(TAGS.planar, 1);
  const bitsTag = tags.get(TAGS.bits);
  const bits = bitsOf(bitsTag ? Array.from({ length: Math.min(bitsTag.count, samples, 65535) }, (_, i) => value(TAGS.bits, i)) : undefined, samples);
  // Each sample as the raster holds it (8, 16, 32 or 64 bits); palette, YCbCr and CMYK become RGB.
  const sampleBytes = bits.reduce((a, b) => a + (b <= 8 ? 1 : b <= 16 ? 2 : b <= 32 ? 4 : 8), 0);
  checkSize(width, height, [3, 5, 6].includes(one(TAGS.photometric, 1)) ? Math.max(3, sampleBytes) : sampleBytes);

  // Tiled where there are no StripOffsets, as geotiff tells it; a strip is a tile as wide as the image.
  const tiled = !tags.has(TAGS.stripOffsets);
  const rowsPerStrip = one(TAGS.rowsPerStrip, 0);
  const blockWidth = tiled ? one(TAGS.tileWidth, 0) : width;
  const blockHeight = tiled ? one(TAGS.tileHeight, 0) : rowsPerStrip ? Math.min(rowsPerStrip, height) : height;
  if (tiled && !(blockWidth >= 1 && blockWidth <= MAX_TILE_SIDE && blockHeight >= 1 && blockHeight <= MAX_TILE_SIDE && blockBytes(blockWidth, blockHeight, bits, planar) <= MAX_TILE_BYTES)) {
    throw damaged('TIFF', msg('its tiles are {0} × {1} pixels; a tile is 1 to {2} pixels a side and at most {3} MiB', blockWidth, blockHeight, MAX_TILE_SIDE, MAX_TILE_BYTES / 2 ** 20));
  }
  const needed = Math.ceil(width / blockWidth) * Math.ceil(height / blockHeight) * (planar === 2 ? samples : 1);
  const [offsets, counts] = tiled ? [TAGS.tileOffsets, TAGS.tileCounts] : [TAGS.stripOffsets, TAGS.stripCounts];
  const listed = Math.min(tags.get(offsets)?.count ?? 0, tags.get(counts)?.count ?? 0);
  if (listed < needed) throw damaged('TIFF', tiled ? msg('it lists {0} of the {1} tiles its size needs', listed, needed) : msg('it lists {0} of the {1} strips its size needs', listed, needed));
  for (let i = 0; i < needed; i++) {
    // A byte count of 0 is a tile left empty on purpose (GDAL's sparse files): it reads as zeros.
    const end = value(offsets, i) + value(counts, i);
    if (value(counts, i) > 0 && end > length) throw damaged('TIFF', tiled ? msg('tile {0} runs to byte {1}, past the end of the file ({2} bytes)', i + 1, end, length) : msg('strip {0} runs to byte {1}, past the end of the file ({2} bytes)', i + 1, end, length));
  }
  return { pages: directories.length, page: { width, height } };
}
