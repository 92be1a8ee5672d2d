// An image's width, height and samples per pixel from its header alone, for work over a whole
// folder (converting labels needs each image's size: YOLO coordinates are fractions of it) where
// decoding every frame would read gigabytes. Only the few bytes that hold the size are read, by
// positioned reads: PNG's IHDR, the JPEG frame header (SOF0–SOF15, found by skipping the segments
// before it by their lengths, so a large APP1 with EXIF or an embedded thumbnail is never read),
// and the first IFD of a TIFF (classic or BigTIFF, either byte order). The format is told by the
// first bytes, as decodeImage.ts does, not by the file's name.
import { open, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';

export interface ImageSize {
  readonly format: 'png' | 'jpeg' | 'tiff';
  readonly width: number;
  readonly height: number;
  /** Samples per pixel: 1 grey, 2 grey with alpha, 3 colour (a palette PNG too), 4 with alpha or CMYK. */
  readonly channels: number;
}

/** A file whose header does not give a size; the message names the file and what was found. */
export class ImageHeaderError extends Error {
  constructor(file: string, message: string) {
    super(`${path.basename(file)}: ${message}`);
    this.name = 'ImageHeaderError';
  }
}

/** Reads bytes at an offset; fewer than asked only at the file's end. */
export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

export async function imageSize(file: string): Promise<ImageSize> {
  const handle = await open(file, 'r');
  try {
    const readAt = (offset: number, length: number): Promise<Buffer> => readFully(handle, offset, length);
    const head = await readAt(0, 16);
    const fail = (message: string): never => {
      throw new ImageHeaderError(file, message);
    };
    if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return await pngSize(readAt, fail);
    if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return await jpegSize(readAt, fail);
    if (head.length >= 4 && ((head[0] === 0x49 && head[1] === 0x49) || (head[0] === 0x4d && head[1] === 0x4d))) return await tiffSize(readAt, head, fail);
    const shown = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return fail(`not a PNG, JPEG or TIFF image (it starts with ${shown || 'nothing: the file is empty'})`);
  } finally {
    await handle.close();
  }
}

async function readFully(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** PNG's colour types and their samples per pixel (a palette index stands for RGB). */
const PNG_CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 };

async function pngSize(readAt: ReadAt, fail: (m: string) => never): Promise<ImageSize> {
  // The IHDR chunk comes first: length, "IHDR", width, height, bit depth, colour type.
  const b = await readAt(8, 18);
  if (b.length < 18) fail('the PNG ends before its header (IHDR): the file is truncated');
  if (b.toString('latin1', 4, 8) !== 'IHDR') fail(`the PNG’s first chunk is "${b.toString('latin1', 4, 8)}", not its header IHDR`);
  const width = b.readUInt32BE(8);
  const height = b.readUInt32BE(12);
  const channels = PNG_CHANNELS[b[17]];
  if (channels === undefined) fail(`the PNG’s colour type ${b[17]} is not one PNG defines`);
  if (width === 0 || height === 0) fail(`the PNG’s header gives a size of ${width} × ${height}`);
  return { format: 'png', width, height, channels };
}

/** Markers with no length after them: TEM, RST0–7, SOI. */
const isStandalone = (m: number): boolean => m === 0x01 || (m >= 0xd0 && m <= 0xd8);
/** SOF0–SOF15: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isFrameHeader = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** No real file has this many segments before its frame header; a loop past it is a damaged file. */
const MAX_JPEG_SEGMENTS = 4096;

/** The size from a JPEG's frame header (decodeImage.ts checks it before decoding, over bytes in memory). */
export async function jpegSize(readAt: ReadAt, fail: (m: string) => never): Promise<ImageSize> {
  let at = 2;
  for (let n = 0; n < MAX_JPEG_SEGMENTS; n++) {
    const b = await readAt(at, 4);
    if (b.length < 2) fail('the JPEG ends before its frame header: the file is truncated');
    if (b[0] !== 0xff) fail(`the JPEG has no segment marker at byte ${at}: the file is damaged`);
    const marker = b[1];
    // Any number of 0xFF may pad before a marker.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (isStandalone(marker)) {
      at += 2;
      continue;
    }
    if (b.length < 4) fail('the JPEG ends inside a segment header: the file is truncated');
    const length = b.readUInt16BE(2);
    if (length < 2) fail(`the JPEG segment at byte ${at} has the length ${length}`);
    if (marker === 0xda || marker === 0xd9) fail('the JPEG has no frame header (SOF) before its image data');
    if (isFrameHeader(marker)) {
      // Length, sample precision, height, width, number of components.
      const f = await readAt(at + 4, 6);
      if (f.length < 6) fail('the JPEG ends inside its frame header: the file is truncated');
      const height = f.readUInt16BE(1);
      const width = f.readUInt16BE(3);
      const channels = f[5];
      if (height === 0) fail('the JPEG gives its height later, in a DNL segment, which is not supported');
      if (width === 0 || channels === 0) fail(`the JPEG’s frame header gives ${width} columns and ${channels} components`);
      return { format: 'jpeg', width, height, channels };
    }
    at += 2 + length;
  }
  return fail(`the JPEG has more than ${MAX_JPEG_SEGMENTS} segments before its frame header: the file is damaged`);
}

const TAG_WIDTH = 256;
const TAG_LENGTH = 257;
const TAG_SAMPLES = 277;
/** More entries than any writer puts in an IFD: a damaged count, not a header to read. */
const MAX_IFD_ENTRIES = 4096;

async function tiffSize(readAt: ReadAt, head: Buffer, fail: (m: string) => never): Promise<ImageSize> {
  const le = head[0] === 0x49;
  const u16 = (b: Buffer, at: number): number => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number): number => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const u64 = (b: Buffer, at: number): number => {
    const v = le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`the TIFF has an offset or size of ${v}, beyond what can be read`);
    return Number(v);
  };
  const version = u16(head, 2);
  if (version !== 42 && version !== 43) fail(`the file starts like a TIFF but its version is ${version}, neither 42 (TIFF) nor 43 (BigTIFF)`);
  const big = version === 43;
  // The length first: a header of 4 to 7 bytes has no room for what is read next.
  if (head.length < (big ? 16 : 8)) fail('the TIFF ends inside its header: the file is truncated');
  if (big && (u16(head, 4) !== 8 || u16(head, 6) !== 0)) fail('the BigTIFF header does not give 8-byte offsets');
  const ifd = big ? u64(head, 8) : u32(head, 4);
  if (ifd < (big ? 16 : 8)) fail(`the TIFF’s first image directory is at byte ${ifd}, inside its header`);
  const countBytes = big ? 8 : 2;
  const entryBytes = big ? 20 : 12;
  const c = await readAt(ifd, countBytes);
  if (c.length < countBytes) fail('the TIFF ends before its first image directory: the file is truncated');
  const count = big ? u64(c, 0) : u16(c, 0);
  if (count === 0 || count > MAX_IFD_ENTRIES) fail(`the TIFF’s first image directory has ${count} entries`);
  const entries = await readAt(ifd + countBytes, count * entryBytes);
  if (entries.length < count * entryBytes) fail('the TIFF ends inside its first image directory: the file is truncated');
  const found = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const e = i * entryBytes;
    const tag = u16(entries, e);
    if (tag !== TAG_WIDTH && tag !== TAG_LENGTH && tag !== TAG_SAMPLES) continue;
    const type = u16(entries, e + 2);
    // A single value sits left-justified in the entry's value field, whatever the byte order.
    const value = e + (big ? 12 : 8);
    if (type === 3) found.set(tag, u16(entries, value));
    else if (type === 4) found.set(tag, u32(entries, value));
    else if (type === 16 && big) found.set(tag, u64(entries, value));
    else if (type === 1) found.set(tag, entries[value]);
    else fail(`the TIFF’s tag ${tag} has the type ${type}, not an unsigned integer`);
  }
  const width = found.get(TAG_WIDTH);
  const height = found.get(TAG_LENGTH);
  if (width === undefined || height === undefined) fail('the TIFF’s first image directory has no ImageWidth or ImageLength');
  if (width === 0 || height === 0) fail(`the TIFF’s first image directory gives a size of ${width} × ${height}`);
  // SamplesPerPixel is 1 where the directory does not say (TIFF 6.0).
  return { format: 'tiff', width, height, channels: found.get(TAG_SAMPLES) ?? 1 };
}
