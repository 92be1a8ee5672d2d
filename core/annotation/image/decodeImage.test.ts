// The image decoder on files written by Pillow and tifffile (test/fixtures/images, with the script
// that wrote them): every sample compared by SHA-256 against NumPy's own array (16-bit and 32-bit
// stay what they are; nothing is squashed to 8 bits), JPEG within a tolerance of Pillow's decode, and
// damaged files refused with a message that says what to do. Then hostile files made here byte by
// byte, each refused at once with what is wrong, before a decoder hangs or allocates what they claim.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { decodeImage, ImageError } from './decodeImage';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/images');
interface Expected {
  width: number;
  height: number;
  channels: number;
  bitDepth: number;
  sampleFormat: string;
  pages: number;
  sha256: string;
  first: number[];
}
const EXPECTED = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expected>;

function bytesOf(file: string): Buffer {
  return readFileSync(path.join(FIXTURES, file));
}

function sha256(data: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

/** A TIFF entry: tag, type (1 BYTE, 3 SHORT, 4 LONG), values; `atTail(n)` stands for byte n of `tail`. */
type Entry = [tag: number, type: 1 | 3 | 4, values: number[]];
const atTail = (n: number): number => -1 - n;
const TAIL = atTail(0);

/** A little-endian classic TIFF: the header, one directory at byte 8, its longer values, then `tail`. */
function tiff(entries: Entry[], options: { next?: number; tail?: Uint8Array } = {}): Buffer {
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  const size = { 1: 1, 3: 2, 4: 4 };
  const directory = Buffer.alloc(2 + sorted.length * 12 + 4);
  const longer = sorted.reduce((n, [, type, values]) => n + (values.length * size[type] > 4 ? values.length * size[type] : 0), 0);
  const tailAt = 8 + directory.length + longer;
  const extra: Buffer[] = [];
  let extraAt = 8 + directory.length;
  directory.writeUInt16LE(sorted.length, 0);
  sorted.forEach(([tag, type, values], i) => {
    const e = 2 + i * 12;
    const data = Buffer.alloc(values.length * size[type]);
    values.map((v) => (v < 0 ? tailAt - 1 - v : v)).forEach((v, j) => (type === 1 ? data.writeUInt8(v, j) : type === 3 ? data.writeUInt16LE(v, j * 2) : data.writeUInt32LE(v, j * 4)));
    directory.writeUInt16LE(tag, e);
    directory.writeUInt16LE(type, e + 2);
    directory.writeUInt32LE(values.length, e + 4);
    if (data.length <= 4) data.copy(directory, e + 8);
    else {
      directory.writeUInt32LE(extraAt, e + 8);
      extra.push(data);
      extraAt += data.length;
    }
  });
  directory.writeUInt32LE((options.next ?? 0) < 0 ? tailAt - 1 - options.next! : (options.next ?? 0), directory.length - 4);
  return Buffer.concat([Buffer.from('II*\0\x08\0\0\0', 'latin1'), directory, ...extra, options.tail ?? Buffer.alloc(0)]);
}

/** An 8-bit grey TIFF's tags, uncompressed unless `compression` says. */
function grey(width: number, height: number, compression = 1): Entry[] {
  return [[256, 3, [width]], [257, 3, [height]], [258, 3, [8]], [259, 3, [compression]], [262, 3, [1]], [277, 3, [1]]];
}

/** A PNG chunk with its CRC. */
function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function ihdr(width: number, height: number, depth = 8, colour = 0, interlace = 0): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt32BE(width, 0);
  b.writeUInt32BE(height, 4);
  b.set([depth, colour, 0, 0, interlace], 8);
  return chunk('IHDR', b);
}

function png(...chunks: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks, chunk('IEND', Buffer.alloc(0))]);
}

/** A baseline JPEG's header with a frame of `width` × `height` and `components`, and no image data. */
function jpegHeader(width: number, height: number, components: number): Buffer {
  const segment = (marker: number, body: number[]): number[] => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  const specs = Array.from({ length: components }, (_, i) => [i + 1, 0x11, 0]).flat();
  return Buffer.from([0xff, 0xd8, ...segment(0xdb, [0, ...Array<number>(64).fill(1)]), ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, components, ...specs]), 0xff, 0xd9]);
}

/** An ImageError whose message matches `pattern`. */
function refused(pattern: RegExp): (err: Error) => boolean {
  return (err) => {
    assert.ok(err instanceof ImageError, `${err.name}: ${err.message}`);
    assert.match(err.message, pattern);
    return true;
  };
}

describe('image decoding', () => {
  const exact = Object.keys(EXPECTED).filter((k) => k !== 'photo.jpg');
  for (const key of exact) {
    it(`decodes ${key} sample for sample as NumPy holds it`, async () => {
      const [file, page] = key.split('#');
      const want = EXPECTED[key];
      const got = await decodeImage(bytesOf(file), page ? Number(page) : 0);
      assert.deepEqual(
        { width: got.raster.width, height: got.raster.height, channels: got.raster.channels, bitDepth: got.raster.bitDepth, sampleFormat: got.raster.sampleFormat, pages: got.pages },
        { width: want.width, height: want.height, channels: want.channels, bitDepth: want.bitDepth, sampleFormat: want.sampleFormat, pages: want.pages },
      );
      assert.deepEqual(Array.from(got.raster.data.subarray(0, 4)), want.first);
      assert.equal(sha256(got.raster.data), want.sha256);
    });
  }

  it('decodes a JPEG within two levels of Pillow’s decode', async () => {
    const want = EXPECTED['photo.jpg'];
    const got = await decodeImage(bytesOf('photo.jpg'));
    assert.equal(got.format, 'jpeg');
    assert.equal(got.raster.width * got.raster.height * 3, got.raster.data.length);
    assert.deepEqual([got.raster.width, got.raster.height], [want.width, want.height]);
    got.raster.data.subarray(0, 4).forEach((v, i) => assert.ok(Math.abs(v - want.first[i]) <= 2, `sample ${i}: ${v} vs ${want.first[i]}`));
  });

  it('tells the format by the first bytes, whatever the name says', async () => {
    const got = await decodeImage(bytesOf('grey16-lzw.tif'));
    assert.equal(got.format, 'tiff');
    await assert.rejects(decodeImage(bytesOf('not-an-image.png')), (err: Error) => err instanceof ImageError && /not a PNG, JPEG or TIFF image \(it starts with 74 68 69 73/.test(err.message));
    await assert.rejects(decodeImage(new Uint8Array(0)), /the file is empty/);
  });

  it('refuses a damaged LZW strip, a truncated TIFF and a missing page with what to do', async () => {
    await assert.rejects(decodeImage(bytesOf('corrupt-lzw.tif')), (err: Error) => err instanceof ImageError && /TIFF image is damaged.*LZW.*check it opens in another viewer/.test(err.message));
    await assert.rejects(decodeImage(bytesOf('truncated.tif')), (err: Error) => err instanceof ImageError && /TIFF image is truncated or damaged \(its image directory at byte \d+ is not inside the file \(\d+ bytes\)\)/.test(err.message));
    await assert.rejects(decodeImage(bytesOf('stack16.tif'), 3), /has 3 pages; page 4 does not exist/);
  });

  it('refuses an image whose header claims more pixels than the editor opens', async () => {
    // A valid PNG header whose size is 100000 × 100000: refused before anything is allocated.
    const png = Buffer.from(bytesOf('rgb8.png'));
    png.writeUInt32BE(100000, 16);
    png.writeUInt32BE(100000, 20);
    await assert.rejects(decodeImage(png), (err: Error) => err instanceof ImageError && /100000 × 100000 pixels, more than the editor opens.*crop or bin it/.test(err.message));
  });
});

describe('image decoding of hostile files', () => {
  const strip4x4 = (): Entry[] => [...grey(4, 4), [273, 4, [TAIL]], [278, 3, [4]], [279, 4, [16]]];

  it('refuses a TIFF whose directories loop back, instead of counting pages forever', async () => {
    await assert.rejects(decodeImage(tiff(strip4x4(), { next: 8, tail: Buffer.alloc(16, 7) })), refused(/^the TIFF image is truncated or damaged \(its image directories loop: the one at byte 8 comes again\); check it opens in another viewer/));
    // A second, empty directory after the pixels whose next offset points back at the first.
    const second = Buffer.alloc(16 + 6);
    second.writeUInt32LE(8, 18);
    await assert.rejects(decodeImage(tiff(strip4x4(), { next: atTail(16), tail: second })), refused(/its image directories loop: the one at byte 8 comes again/));
  });

  it('refuses a TIFF of more pages than the editor opens, and points past its end', async () => {
    // The image's directory, then 65536 empty ones chained one after the other.
    const chain = Buffer.alloc(65536 * 6);
    const first = tiff(strip4x4(), { tail: Buffer.alloc(16, 7) }).length;
    for (let i = 0; i < 65535; i++) chain.writeUInt32LE(first + (i + 1) * 6, i * 6 + 2);
    await assert.rejects(decodeImage(tiff(strip4x4(), { next: atTail(16), tail: Buffer.concat([Buffer.alloc(16, 7), chain]) })), refused(/^the TIFF has more than 65536 pages, more than the editor opens; split it into smaller files$/));
    await assert.rejects(decodeImage(tiff(strip4x4(), { next: 1_000_000, tail: Buffer.alloc(16, 7) })), refused(/its image directory at byte 1000000 is not inside the file \(\d+ bytes\)/));
    await assert.rejects(decodeImage(Buffer.from('II*\0\x08\0', 'latin1')), refused(/^the TIFF image is truncated or damaged \(the file ends inside its header\)/));
  });

  it('refuses a TIFF tag of the wrong type, or whose values lie past the end of the file', async () => {
    // Entries are sorted by tag, so ImageWidth (256) is the first, at byte 10; its type field at 12.
    const rational = tiff(strip4x4(), { tail: Buffer.alloc(16, 7) });
    rational.writeUInt16LE(5, 12);
    await assert.rejects(decodeImage(rational), refused(/\(its tag 256 has the type 5, not an unsigned integer\)/));
    // Two StripOffsets (8 bytes) are stored apart from their entry (the sixth), which points at them: moved past the end.
    const entries: Entry[] = [...grey(4, 8), [273, 4, [TAIL, atTail(16)]], [278, 3, [4]], [279, 4, [16, 16]]];
    const apart = tiff(entries, { tail: Buffer.alloc(32, 7) });
    apart.writeUInt32LE(1_000_000, 8 + 2 + 5 * 12 + 8);
    await assert.rejects(decodeImage(apart), refused(/\(the values of its tag 273 run past the end of the file \(\d+ bytes\)\)/));
  });

  it('refuses tiles of 0 pixels, and more tiles than the file lists, at once', async () => {
    const tiled = (w: number, h: number, tw: number, th: number): Buffer => tiff([...grey(w, h), [322, 4, [tw]], [323, 4, [th]], [324, 4, [TAIL]], [325, 4, [16]]], { tail: Buffer.alloc(16, 9) });
    await assert.rejects(decodeImage(tiled(4, 4, 4, 0)), refused(/^the TIFF image is truncated or damaged \(its tiles are 4 × 0 pixels; a tile is 1 to 65536 pixels a side and at most 64 MiB\)/));
    await assert.rejects(decodeImage(tiled(4, 4, 0, 4)), refused(/its tiles are 0 × 4 pixels/));
    // 16384 × 16384 of 1 × 1 tiles is 268 million tiles; the file lists one.
    await assert.rejects(decodeImage(tiled(16384, 16384, 1, 1)), refused(/it lists 1 of the 268435456 tiles its size needs/));
    // One empty tile of 32768 × 32768 for a 1 × 1 image: geotiff would allocate the whole tile.
    await assert.rejects(decodeImage(tiff([...grey(1, 1), [322, 4, [32768]], [323, 4, [32768]], [324, 4, [0]], [325, 4, [0]]])), refused(/its tiles are 32768 × 32768 pixels; .* at most 64 MiB/));
    await assert.rejects(decodeImage(tiff([...grey(4, 4), [322, 4, [16]], [323, 4, [16]], [324, 4, [TAIL]], [325, 4, [256]]], { tail: Buffer.alloc(16) })), refused(/\(tile 1 runs to byte \d+, past the end of the file \(\d+ bytes\)\)/));
    // An empty tile of a sane size is a sparse file's: it reads as zeros.
    const sparse = await decodeImage(tiff([...grey(4, 4), [322, 4, [16]], [323, 4, [16]], [324, 4, [0]], [325, 4, [0]]]));
    assert.deepEqual(Array.from(sparse.raster.data), Array<number>(16).fill(0));
  });

  it('refuses strips that are not listed or lie past the end of the file, instead of black rows', async () => {
    const pixels = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    const whole = await decodeImage(tiff([...grey(4, 8), [273, 4, [TAIL, atTail(16)]], [278, 3, [4]], [279, 4, [16, 16]]], { tail: pixels }));
    assert.deepEqual(Array.from(whole.raster.data), Array.from(pixels));
    await assert.rejects(decodeImage(tiff([...grey(4, 8), [273, 4, [TAIL]], [278, 3, [4]], [279, 4, [16]]], { tail: pixels })), refused(/^the TIFF image is truncated or damaged \(it lists 1 of the 2 strips its size needs\)/));
    await assert.rejects(decodeImage(tiff([...grey(4, 8), [273, 4, [TAIL, 1_000_000]], [278, 3, [4]], [279, 4, [16, 16]]], { tail: pixels })), refused(/\(strip 2 runs to byte 1000016, past the end of the file \(\d+ bytes\)\)/));
  });

  it('stops a deflate strip that inflates past what the strip holds', async () => {
    const strip = (data: Buffer): Buffer => tiff([...grey(4, 4, 8), [273, 4, [TAIL]], [278, 3, [4]], [279, 4, [data.length]]], { tail: data });
    const pixels = Buffer.from(Array.from({ length: 16 }, (_, i) => i * 3));
    assert.deepEqual(Array.from((await decodeImage(strip(deflateSync(pixels)))).raster.data), Array.from(pixels));
    // 8 KB that inflate to 8 MiB, for a strip of 16 bytes.
    await assert.rejects(decodeImage(strip(deflateSync(Buffer.alloc(8 * 2 ** 20)))), refused(/^the TIFF image is truncated or damaged \(a deflate-compressed strip or tile inflates to more than the 16 bytes it holds\)/));
  });

  it('refuses a frame within the pixel limit whose samples are more bytes than the editor opens', async () => {
    // 16384 × 16384 float32 (1 GiB) from a few hundred bytes: refused before any strip is read.
    const file = tiff([...grey(16384, 16384, 8).filter(([tag]) => tag !== 258), [258, 3, [32]], [339, 3, [3]], [273, 4, [TAIL]], [278, 4, [16384]], [279, 4, [4]]], { tail: Buffer.alloc(4) });
    await assert.rejects(decodeImage(file), refused(/^the image is 16384 × 16384 pixels of 4 bytes each \(1024 MiB\), more than the editor opens \(512 MiB\); crop or bin it/));
  });

  it('refuses a PNG with a second header, or image data far more than its size needs; reads an interlaced one', async () => {
    await assert.rejects(decodeImage(png(ihdr(8, 8), ihdr(4000, 4000), chunk('IDAT', deflateSync(Buffer.alloc(72))))), refused(/^the PNG image is truncated or damaged \(a second header chunk IHDR at byte 33\)/));
    // A 1 × 1 grey PNG (2 bytes of image data) whose 4 KB of data inflate to 4 MiB.
    await assert.rejects(decodeImage(png(ihdr(1, 1), chunk('IDAT', deflateSync(Buffer.alloc(4 * 2 ** 20))))), refused(/\(its image data inflates to more than the 2 bytes its size needs\)/));
    await assert.rejects(decodeImage(png(ihdr(1, 1, 3), chunk('IDAT', deflateSync(Buffer.alloc(2))))), refused(/\(its header chunk IHDR gives bit depth 3, colour type 0 and interlace method 0, which PNG does not define together\)/));
    await assert.rejects(decodeImage(png(chunk('IDAT', deflateSync(Buffer.alloc(2))), ihdr(1, 1))), refused(/\(its first chunk is "IDAT", not the header IHDR\)/));
    await assert.rejects(decodeImage(png(ihdr(1, 1)).subarray(0, 20)), refused(/\(the file ends inside its header chunk IHDR\)/));
    // Adam7 over 5 × 3: each pass's rows, a filter byte (none) and the pixels it holds, value x + 10 y.
    const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
    const rows: number[] = [];
    for (const [x0, y0, dx, dy] of passes) {
      for (let y = y0; y < 3; y += dy) if (x0 < 5) rows.push(0, ...Array.from({ length: Math.ceil((5 - x0) / dx) }, (_, i) => x0 + i * dx + 10 * y));
    }
    const interlaced = await decodeImage(png(ihdr(5, 3, 8, 0, 1), chunk('IDAT', deflateSync(Buffer.from(rows)))));
    assert.deepEqual(Array.from(interlaced.raster.data), [0, 1, 2, 3, 4, 10, 11, 12, 13, 14, 20, 21, 22, 23, 24]);
  });

  it('refuses a JPEG whose frame header claims more than its bytes can hold, or more than the decoder may use', async () => {
    await assert.rejects(decodeImage(jpegHeader(8192, 8192, 1)), refused(/^the JPEG image is truncated or damaged \(its frame header says 8192 × 8192 pixels, more than its \d+ bytes can hold\)/));
    const padded = Buffer.concat([jpegHeader(8000, 8000, 3), Buffer.alloc(8 * 2 ** 20)]);
    await assert.rejects(decodeImage(padded), refused(/^the JPEG is 8000 × 8000 pixels in 3 components; decoding it needs about \d+ MiB, more than the editor allows \(1024 MiB\); scale it down first$/));
  });
});
