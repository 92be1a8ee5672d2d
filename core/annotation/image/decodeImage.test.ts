// The image decoder on files written by Pillow and tifffile (test/fixtures/images, with the script
// that wrote them): every sample compared by SHA-256 against NumPy's own array (16-bit and 32-bit
// stay what they are; nothing is squashed to 8 bits), JPEG within a tolerance of Pillow's decode, and
// damaged files refused with a message that says what to do.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
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
    await assert.rejects(decodeImage(bytesOf('truncated.tif')), (err: Error) => err instanceof ImageError && /TIFF image is damaged/.test(err.message));
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
