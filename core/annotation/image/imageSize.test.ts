// Image sizes from headers alone: every fixture image (written by Pillow and tifffile) against the
// size NumPy gave (expected.json), and files made here byte by byte for what the fixtures lack: a
// JPEG with a 64 KB APP1 and fill bytes before a progressive frame header, BigTIFF in both byte
// orders, a TIFF whose size tags are LONG, and damaged or foreign files refused with a reason.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImageHeaderError, imageSize } from './imageSize';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/images');
const EXPECTED = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, { width: number; height: number; channels: number }>;

/** A JPEG's SOI, the given segments, a frame header, and EOI: enough for a header reader. */
function jpeg(segments: Buffer[], sof: number, width: number, height: number, components: number): Buffer {
  const frame = Buffer.from([0xff, sof, 0x00, 8 + 3 * components, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, components]);
  const specs = Buffer.alloc(3 * components, 0x11);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), ...segments, frame, specs, Buffer.from([0xff, 0xd9])]);
}

function segment(marker: number, payload: number): Buffer {
  const b = Buffer.alloc(4 + payload, 0xab);
  b[0] = 0xff;
  b[1] = marker;
  b.writeUInt16BE(payload + 2, 2);
  return b;
}

interface Entry {
  tag: number;
  type: number;
  value: number;
}

/** A one-directory TIFF (classic or BigTIFF, either byte order) with the given entries and no pixels. */
function tiff(le: boolean, big: boolean, entries: Entry[]): Buffer {
  const headerBytes = big ? 16 : 8;
  const entryBytes = big ? 20 : 12;
  const out = Buffer.alloc(headerBytes + (big ? 8 : 2) + entries.length * entryBytes + (big ? 8 : 4));
  const u16 = (v: number, at: number): number => (le ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at));
  const u32 = (v: number, at: number): number => (le ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at));
  const u64 = (v: number, at: number): number => (le ? out.writeBigUInt64LE(BigInt(v), at) : out.writeBigUInt64BE(BigInt(v), at));
  out.write(le ? 'II' : 'MM', 0, 'latin1');
  u16(big ? 43 : 42, 2);
  if (big) {
    u16(8, 4);
    u16(0, 6);
    u64(headerBytes, 8);
    u64(entries.length, headerBytes);
  } else {
    u32(headerBytes, 4);
    u16(entries.length, headerBytes);
  }
  entries.forEach((e, i) => {
    const at = headerBytes + (big ? 8 : 2) + i * entryBytes;
    u16(e.tag, at);
    u16(e.type, at + 2);
    if (big) u64(1, at + 4);
    else u32(1, at + 4);
    const value = at + (big ? 12 : 8);
    if (e.type === 3) u16(e.value, value);
    else if (e.type === 4) u32(e.value, value);
    else u64(e.value, value);
  });
  return out;
}

describe('image size from the header', () => {
  let dir: string;
  const put = async (name: string, data: Buffer): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, data);
    return file;
  };
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hai-imagesize-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const fixtures = [...new Set(Object.keys(EXPECTED).map((k) => k.split('#')[0]))];
  for (const name of fixtures) {
    it(`gives ${name} the size NumPy found`, async () => {
      const want = EXPECTED[name] ?? EXPECTED[`${name}#0`];
      const got = await imageSize(path.join(FIXTURES, name));
      assert.deepEqual({ width: got.width, height: got.height, channels: got.channels }, { width: want.width, height: want.height, channels: want.channels });
    });
  }

  it('tells the format by the first bytes', async () => {
    assert.equal((await imageSize(path.join(FIXTURES, 'photo.jpg'))).format, 'jpeg');
    assert.equal((await imageSize(path.join(FIXTURES, 'bigendian16.tif'))).format, 'tiff');
    const renamed = await put('really-a-png.tif', readFileSync(path.join(FIXTURES, 'rgba8.png')));
    assert.deepEqual(await imageSize(renamed), { format: 'png', width: 6, height: 4, channels: 4 });
  });

  it('skips a 64 KB APP1 and fill bytes to reach a progressive frame header', async () => {
    const file = await put('exif.jpg', jpeg([segment(0xe0, 14), segment(0xe1, 65_000), Buffer.from([0xff, 0xff]), segment(0xdb, 67)], 0xc2, 4000, 3000, 3));
    assert.deepEqual(await imageSize(file), { format: 'jpeg', width: 4000, height: 3000, channels: 3 });
  });

  it('reads a grey baseline JPEG and a 12-bit extended one', async () => {
    assert.deepEqual(await imageSize(await put('grey.jpg', jpeg([segment(0xdb, 67)], 0xc0, 640, 480, 1))), { format: 'jpeg', width: 640, height: 480, channels: 1 });
    assert.deepEqual(await imageSize(await put('ext.jpg', jpeg([segment(0xc4, 30)], 0xc1, 17, 9, 4))), { format: 'jpeg', width: 17, height: 9, channels: 4 });
  });

  it('refuses a JPEG whose image data comes before any frame header', async () => {
    const file = await put('nosof.jpg', Buffer.concat([Buffer.from([0xff, 0xd8]), segment(0xe0, 14), segment(0xda, 10)]));
    await assert.rejects(imageSize(file), /nosof\.jpg: the JPEG has no frame header/);
  });

  it('refuses a JPEG cut off before its frame header', async () => {
    const whole = jpeg([segment(0xe1, 2000)], 0xc0, 8, 8, 3);
    const file = await put('cut.jpg', whole.subarray(0, 1000));
    await assert.rejects(imageSize(file), /truncated/);
  });

  for (const le of [true, false]) {
    it(`reads a BigTIFF, ${le ? 'little' : 'big'} endian, with 8-byte sizes`, async () => {
      const file = await put(`big-${le ? 'le' : 'be'}.tif`, tiff(le, true, [{ tag: 256, type: 16, value: 70_000 }, { tag: 257, type: 4, value: 5 }, { tag: 277, type: 3, value: 3 }]));
      assert.deepEqual(await imageSize(file), { format: 'tiff', width: 70_000, height: 5, channels: 3 });
    });
  }

  it('reads the directories of BigTIFFs tifffile wrote, in both byte orders', async () => {
    // The header and first directory of tifffile.imwrite(..., bigtiff=True) files (pixel data cut
    // off: the header is all that is read): 53 × 37 RGB little endian, and 70001 × 21 grey big
    // endian with byteorder='>'.
    const le = 'SUkrAAgAAAAQAAAAAAAAAA8AAAAAAAAAAAEEAAEAAAAAAAAANQAAAAAAAAABAQQAAQAAAAAAAAAlAAAAAAAAAAIBAwADAAAAAAAAAAgACAAIAAAAAwEDAAEAAAAAAAAAAQAAAAAAAAAGAQMAAQAAAAAAAAACAAAAAAAAAA4BAgAXAAAAAAAAAEwBAAAAAAAAEQEQAAEAAAAAAAAAgAEAAAAAAAAVAQMAAQAAAAAAAAADAAAAAAAAABYBBAABAAAAAAAAACUAAAAAAAAAFwEQAAEAAAAAAAAA+xYAAAAAAAAaAQUAAQAAAAAAAAABAAAAAQAAABsBBQABAAAAAAAAAAEAAAABAAAAHAEDAAEAAAAAAAAAAQAAAAAAAAAoAQMAAQAAAAAAAAABAAAAAAAAADEBAgAMAAAAAAAAAHQBAAAAAAAAAAAAAAAAAAA=';
    const be = 'TU0AKwAIAAAAAAAAAAAAEAAAAAAAAAAOAQAABAAAAAAAAAABAAERcQAAAAABAQAEAAAAAAAAAAEAAAAVAAAAAAECAAMAAAAAAAAAAQAQAAAAAAAAAQMAAwAAAAAAAAABAAEAAAAAAAABBgADAAAAAAAAAAEAAQAAAAAAAAEOAAIAAAAAAAAAFwAAAAAAAAE4AREAEAAAAAAAAAABAAAAAAAAAXABFQADAAAAAAAAAAEAAQAAAAAAAAEWAAQAAAAAAAAAAQAAABUAAAAAARcAEAAAAAAAAAABAAAAAAAs3IoBGgAFAAAAAAAAAAEAAAABAAAAAQEbAAUAAAAAAAAAAQAAAAEAAAABASgAAwAAAAAAAAABAAEAAAAAAAABMQACAAAAAAAAAAwAAAAAAAABYAAAAAAAAAAA';
    assert.deepEqual(await imageSize(await put('tifffile-le.tif', Buffer.from(le, 'base64'))), { format: 'tiff', width: 53, height: 37, channels: 3 });
    assert.deepEqual(await imageSize(await put('tifffile-be.tif', Buffer.from(be, 'base64'))), { format: 'tiff', width: 70_001, height: 21, channels: 1 });
  });

  it('reads LONG size tags and takes one sample where the directory does not say', async () => {
    const file = await put('long.tif', tiff(false, false, [{ tag: 256, type: 4, value: 100_000 }, { tag: 257, type: 4, value: 2 }]));
    assert.deepEqual(await imageSize(file), { format: 'tiff', width: 100_000, height: 2, channels: 1 });
  });

  it('refuses text, an empty file and a TIFF without its size tags, naming the file', async () => {
    await assert.rejects(imageSize(path.join(FIXTURES, 'not-an-image.png')), (err: Error) => err instanceof ImageHeaderError && /^not-an-image\.png: not a PNG, JPEG or TIFF image \(it starts with 74 68 69 73/.test(err.message));
    await assert.rejects(imageSize(await put('empty.png', Buffer.alloc(0))), /empty\.png: .*the file is empty/);
    await assert.rejects(imageSize(await put('nosize.tif', tiff(true, false, [{ tag: 277, type: 3, value: 1 }]))), /no ImageWidth or ImageLength/);
    await assert.rejects(imageSize(await put('short.tif', Buffer.from('II*\0\x08\0\0\0', 'latin1'))), /truncated/);
  });

  it('refuses a TIFF header cut off after 4 to 7 bytes, BigTIFF or classic, either byte order', async () => {
    for (const [name, bytes] of [['big4.tif', [0x49, 0x49, 0x2b, 0]], ['big6.tif', [0x49, 0x49, 0x2b, 0, 8, 0]], ['mm5.tif', [0x4d, 0x4d, 0, 0x2b, 0]], ['classic7.tif', [0x4d, 0x4d, 0, 0x2a, 0, 0, 0]]] as const) {
      const file = await put(name, Buffer.from(bytes));
      await assert.rejects(imageSize(file), (err: Error) => err instanceof ImageHeaderError && err.message === `${name}: the TIFF ends inside its header: the file is truncated`);
    }
  });

  it('refuses a file that is missing', async () => {
    await assert.rejects(imageSize(path.join(dir, 'gone.png')), { code: 'ENOENT' });
  });
});
