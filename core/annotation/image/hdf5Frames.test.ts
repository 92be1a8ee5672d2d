// HDF5 frames on files written by h5py (test/fixtures/images/build_hdf5_frames.py): which datasets
// are listed as images and in what order (the NeXus default first), every sample of every frame
// compared by SHA-256 against the NumPy array written (each stored type, big-endian, colour, a user
// block, an external link as in an Eiger master file), the errors a person sees, and that a frame of
// a stack is read from its own chunk on disk and not from the whole dataset. Then the same through the
// image decoder's process: HDF5 told by its signature, a dataset asked for or the first one, the list.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { openSync, readSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { SampleArray } from '../raster';
import { ImageError } from './decodeImage';
import { defaultFrameSource, listFrameSources, readFrame, swapBytes } from './hdf5Frames';
import { ImageDecoder } from './imageDecoder';
import { english } from '../../text/message';
import { inChinese } from '../../testing/inChinese';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/images');
interface ExpectedFrame {
  width: number;
  height: number;
  channels: number;
  bitDepth: number;
  sampleFormat: string;
  pages: number;
  sha256: string;
  first: number[];
}
interface Chunk {
  frame: number;
  offset: number;
  size: number;
}
const EXPECTED = JSON.parse(readFileSync(path.join(FIXTURES, 'expected_hdf5.json'), 'utf8')) as { frames: Record<string, ExpectedFrame>; chunks: Record<string, Chunk[]> };
const STACK = path.join(FIXTURES, 'eiger_stack.h5');
const IMAGES = path.join(FIXTURES, 'images.h5');

function sha256(data: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

function imageError(pattern: RegExp): (err: Error) => boolean {
  return (err) => {
    assert.ok(err instanceof ImageError, `${err.name}: ${err.message}`);
    assert.match(err.message, pattern);
    return true;
  };
}

describe('HDF5 frames', function () {
  this.timeout(30_000);

  it('lists the image datasets of a NeXus file: the default signal first, then the largest; 1-D and tiny ones left out', async () => {
    const sources = await listFrameSources(STACK);
    assert.deepEqual(
      sources.map((s) => [s.path, s.shape, s.dtype, s.frames, s.width, s.height, s.channels, s.nexusDefault]),
      [
        ['/entry/data/data', [5, 37, 53], '<u4', 5, 53, 37, 1, true],
        ['/processing/background', [4, 50, 50], '<u2', 4, 50, 50, 1, false],
        ['/entry/instrument/detector/flatfield', [24, 32], '<f4', 1, 32, 24, 1, false],
      ],
    );
    assert.equal(english(sources[0].description), '5 frames of 53 × 37, uint32, deflate (NeXus default)');
    assert.equal(english(sources[2].description), '32 × 24, float32');
    assert.equal(inChinese(sources[0].description), '5 帧 53 × 37，uint32，deflate（NeXus 默认）');
    assert.ok(sources.every((s) => s.unreadable === undefined));
    assert.equal((await defaultFrameSource(STACK)).path, '/entry/data/data');
  });

  it('lists colour, big-endian and plugin-filtered datasets of a file with a user block, strings and 1-D left out', async () => {
    const sources = await listFrameSources(IMAGES);
    assert.deepEqual(sources.slice(0, 4).map((s) => [s.path, s.frames, s.width, s.height, s.channels, s.dtype]), [
      ['/colour', 1, 32, 24, 3, '|u1'],
      ['/float_be', 1, 29, 19, 1, '>f4'],
      ['/lzf', 2, 16, 16, 1, '<u2'],
      ['/rgba16', 1, 12, 10, 4, '<u2'],
    ]);
    assert.deepEqual(sources.slice(4).map((s) => s.path), ['f32', 'f64', 'i16', 'i32', 'i64', 'i8', 'u16', 'u32', 'u8'].map((n) => `/dtypes/${n}`));
    assert.deepEqual(sources.map((s) => english(s.description)).slice(0, 4), ['32 × 24 RGB, uint8', '29 × 19, float32 big-endian', '2 frames of 16 × 16, uint16, lzf — cannot be read here', '12 × 10 RGBA, uint16']);
    assert.match(sources[2].unreadable ?? '', /lzf \(filter 32000\).*h5repack/);
    assert.equal(english(sources.find((s) => s.path === '/dtypes/i64')!.description), '10 × 9, int64 (shown as float64)');
    assert.ok(!sources.some((s) => s.path === '/profile' || s.path === '/labels'));
    assert.equal((await defaultFrameSource(IMAGES)).path, '/colour');
  });

  for (const [key, want] of Object.entries(EXPECTED.frames)) {
    it(`reads ${key} sample for sample as NumPy holds it`, async () => {
      const [file, dataset, index] = key.split('#');
      const got = await readFrame(path.join(FIXTURES, file), dataset, Number(index));
      assert.deepEqual(
        { format: got.format, dataset: got.dataset, width: got.raster.width, height: got.raster.height, channels: got.raster.channels, bitDepth: got.raster.bitDepth, sampleFormat: got.raster.sampleFormat, page: got.page, pages: got.pages },
        { format: 'hdf5', dataset, width: want.width, height: want.height, channels: want.channels, bitDepth: want.bitDepth, sampleFormat: want.sampleFormat, page: Number(index), pages: want.pages },
      );
      assert.deepEqual(Array.from(got.raster.data.subarray(0, 4)), want.first);
      assert.equal(sha256(got.raster.data), want.sha256);
    });
  }

  it('keeps each stored type: 16-bit stays Uint16Array, a big-endian float32 is a Float32Array in the host’s order', async () => {
    const be = await readFrame(IMAGES, '/float_be', 0);
    assert.ok(be.raster.data instanceof Float32Array);
    assert.equal(be.raster.data[3 * 29 + 4], -1.5);
    assert.ok((await readFrame(IMAGES, '/rgba16', 0)).raster.data instanceof Uint16Array);
    assert.ok((await readFrame(IMAGES, '/dtypes/i8', 0)).raster.data instanceof Int8Array);
    const stack = await readFrame(STACK, '/entry/data/data', 3);
    assert.deepEqual([stack.raster.data instanceof Uint32Array, stack.raster.data[0], stack.raster.data[20 * 53 + 30]], [true, 4294967295, 123456]);
  });

  it('reads the frames of an Eiger master file through its external link to the data file', async () => {
    const master = path.join(FIXTURES, 'eiger_master.h5');
    const sources = await listFrameSources(master);
    assert.deepEqual(sources.map((s) => [s.path, s.frames]), [['/entry/data/data_000001', 5]]);
    const frame = await readFrame(master, '/entry/data/data_000001', 3);
    assert.equal(sha256(frame.raster.data), EXPECTED.frames['eiger_stack.h5#/entry/data/data#3'].sha256);
  });

  it('reads frame 3 of a stack from its own chunk on disk, none of the other frames’ chunks', async () => {
    // Every read libhdf5 makes of the file, through the fs module h5wasm's Node build calls (Emscripten's
    // NODERAWFS does fs.openSync and fs.readSync on the real file). The chunks' byte ranges come from
    // h5py (get_chunk_info), so this checks what touched the disk, not how the reader was called.
    const fs = createRequire(__filename)('node:fs') as { openSync: typeof openSync; readSync: typeof readSync };
    const realOpen = fs.openSync;
    const realRead = fs.readSync;
    const fds = new Set<number>();
    const reads: [number, number][] = [];
    fs.openSync = ((...args: Parameters<typeof openSync>) => {
      const fd = realOpen(...args);
      if (path.resolve(String(args[0])) === STACK) fds.add(fd);
      return fd;
    }) as typeof openSync;
    fs.readSync = ((fd: number, buffer: NodeJS.ArrayBufferView, ...rest: [number, number, number | bigint | null]) => {
      const n = realRead(fd, buffer, ...rest);
      if (fds.has(fd)) reads.push([Number(rest[2]), n]);
      return n;
    }) as typeof readSync;
    let frame;
    try {
      frame = await readFrame(STACK, '/entry/data/data', 3);
    } finally {
      fs.openSync = realOpen;
      fs.readSync = realRead;
    }
    assert.equal(sha256(frame.raster.data), EXPECTED.frames['eiger_stack.h5#/entry/data/data#3'].sha256);
    assert.ok(reads.length > 0, 'the reads of the file were seen');
    const overlap = (chunk: Chunk): number => reads.reduce((sum, [at, n]) => sum + Math.max(0, Math.min(at + n, chunk.offset + chunk.size) - Math.max(at, chunk.offset)), 0);
    const chunks = EXPECTED.chunks['eiger_stack.h5#/entry/data/data'];
    assert.deepEqual(chunks.map((c) => [c.frame, overlap(c)]), chunks.map((c) => [c.frame, c.frame === 3 ? c.size : 0]));
  });

  it('says which dataset is missing, and what the file has', async () => {
    await assert.rejects(readFrame(STACK, '/entry/data/nope', 0), imageError(/eiger_stack\.h5 has no dataset \/entry\/data\/nope \(it has \/entry\/data\/data, .*\); choose another dataset/));
    await assert.rejects(readFrame(STACK, '/entry', 0), imageError(/has no dataset \/entry /));
  });

  it('refuses datasets that are not images: 1-D, too small, strings', async () => {
    await assert.rejects(readFrame(IMAGES, '/profile', 0), imageError(/^\/profile is a 1-D dataset of 100 values, not an image: an image dataset is \(height, width\), \(frames, height, width\)/));
    await assert.rejects(readFrame(STACK, '/entry/instrument/detector/tiny', 0), imageError(/frames of 4 × 4, too small to be an image .* at least 8 × 8/));
    await assert.rejects(readFrame(IMAGES, '/labels', 0), imageError(/^\/labels holds string values, not numbers/));
  });

  it('refuses a plugin filter it cannot decode reliably, naming it and what to do', async () => {
    await assert.rejects(readFrame(IMAGES, '/lzf', 0), imageError(/^\/lzf: it is compressed with lzf \(filter 32000\), which this reader does not decode reliably\. Rewrite the file .*h5repack -f GZIP=4/));
  });

  it('refuses a frame within the pixel limit whose bytes are more than the editor opens, before reading it', async () => {
    // 16384 × 16384 float32 is 1 GiB of samples; its chunks were never written, so the file is 1.4 KB.
    const large = path.join(__dirname, '../../../test/fixtures/images/large_frame.h5');
    const [source] = await listFrameSources(large);
    assert.match(source.unreadable ?? '', /^the image is 16384 × 16384 pixels of 4 bytes each \(1024 MiB\), more than the editor opens \(512 MiB\); crop or bin it/);
    assert.match(english(source.description), /— cannot be read here$/);
    await assert.rejects(readFrame(large, '/frame', 0), imageError(/^\/frame: the image is 16384 × 16384 pixels of 4 bytes each \(1024 MiB\), more than the editor opens/));
  });

  it('refuses a frame past the end of the stack, before it or between frames', async () => {
    await assert.rejects(readFrame(STACK, '/entry/data/data', 5), imageError(/^\/entry\/data\/data has 5 frames; frame 6 does not exist$/));
    await assert.rejects(readFrame(STACK, '/entry/data/data', -1), imageError(/has 5 frames; frame 0 does not exist/));
    await assert.rejects(readFrame(STACK, '/entry/data/data', 1.5), imageError(/has 5 frames/));
    await assert.rejects(readFrame(IMAGES, '/colour', 1), imageError(/^\/colour has 1 frame; frame 2 does not exist$/));
  });

  it('says a file is not HDF5, missing, or holds no images', async () => {
    await assert.rejects(listFrameSources(path.join(FIXTURES, 'grey16.png')), imageError(/grey16\.png is not an HDF5 file/));
    await assert.rejects(readFrame(path.join(FIXTURES, 'no-such.h5'), '/data', 0), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
    const tables = path.join(FIXTURES, 'tables.h5');
    assert.deepEqual(await listFrameSources(tables), []);
    await assert.rejects(defaultFrameSource(tables), imageError(/tables\.h5 holds no image datasets .*; open it in the data explorer/));
  });

  it('swaps the bytes of every sample (for a big-endian host)', () => {
    const cases: [SampleArray, number[]][] = [
      [Uint16Array.of(0x0102, 0xa0b0), [0x0201, 0xb0a0]],
      [Uint32Array.of(0x01020304), [0x04030201]],
      [new Float64Array(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer), Array.from(new Float64Array(new Uint8Array([8, 7, 6, 5, 4, 3, 2, 1]).buffer))],
      [Int8Array.of(-1, 2), [-1, 2]],
    ];
    for (const [data, want] of cases) {
      swapBytes(data);
      assert.deepEqual(Array.from(data), want);
    }
  });
});

describe('HDF5 frames through the image decoder process', function () {
  this.timeout(30_000);
  let decoder: ImageDecoder;
  beforeEach(() => {
    decoder = new ImageDecoder({ script: path.join(__dirname, 'imageDecoderProcess.ts'), execArgv: ['--import', 'tsx'] });
  });
  afterEach(() => decoder.close());

  it('decodes a frame of the dataset asked for, and the first frame source when none is', async () => {
    const frame = await decoder.decode(STACK, 3, undefined, '/processing/background');
    assert.deepEqual([frame.format, frame.dataset, frame.page, frame.pages, frame.raster.data instanceof Uint16Array], ['hdf5', '/processing/background', 3, 4, true]);
    assert.equal(sha256(frame.raster.data), EXPECTED.frames['eiger_stack.h5#/processing/background#3'].sha256);
    const first = await decoder.decode(STACK, 4);
    assert.deepEqual([first.dataset, first.page, first.pages], ['/entry/data/data', 4, 5]);
    assert.equal(sha256(first.raster.data), EXPECTED.frames['eiger_stack.h5#/entry/data/data#4'].sha256);
    // A user block puts the signature at byte 512: still told as HDF5, whatever the name.
    const colour = await decoder.decode(IMAGES);
    assert.deepEqual([colour.dataset, colour.raster.channels], ['/colour', 3]);
  });

  it('lists the frame sources of an HDF5 file, and refuses to list an image', async () => {
    const sources = await decoder.listFrames(STACK);
    assert.deepEqual(sources.map((s) => s.path), ['/entry/data/data', '/processing/background', '/entry/instrument/detector/flatfield']);
    await assert.rejects(decoder.listFrames(path.join(FIXTURES, 'rgb8.png')), (err: Error) => err.name === 'ImageError' && /not HDF5/.test(err.message));
  });

  it('sends back the reader’s errors by name and goes on; PNG and TIFF decode as before', async () => {
    const lzf = decoder.decode(IMAGES, 0, undefined, '/lzf');
    const past = decoder.decode(STACK, 9, undefined, '/entry/data/data');
    const noImages = decoder.decode(path.join(FIXTURES, 'tables.h5'));
    const datasetOfPng = decoder.decode(path.join(FIXTURES, 'grey16.png'), 0, undefined, '/data');
    const png = decoder.decode(path.join(FIXTURES, 'grey16.png'));
    const tiff = decoder.decode(path.join(FIXTURES, 'stack16.tif'), 2);
    await assert.rejects(lzf, (err: Error) => err.name === 'ImageError' && /lzf \(filter 32000\)/.test(err.message));
    await assert.rejects(past, (err: Error) => err.name === 'ImageError' && /has 5 frames; frame 10 does not exist/.test(err.message));
    await assert.rejects(noImages, (err: Error) => err.name === 'ImageError' && /holds no image datasets/.test(err.message));
    await assert.rejects(datasetOfPng, (err: Error) => err.name === 'ImageError' && /not HDF5, so it has no dataset \/data/.test(err.message));
    assert.deepEqual([(await png).format, (await png).raster.width, (await png).dataset], ['png', 11, undefined]);
    assert.deepEqual([(await tiff).format, (await tiff).page, (await tiff).pages], ['tiff', 2, 3]);
  });
});
