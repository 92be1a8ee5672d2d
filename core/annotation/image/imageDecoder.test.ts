// The image decoder process: an image comes back with its samples as typed arrays; a damaged file
// fails alone; a decoder process that dies (killed here, as a V8 abort on a damaged strip would end
// it) fails only the image it was decoding, and the next image decodes in a fresh process.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ImageDecoder } from './imageDecoder';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/images');
const SCRIPT = path.join(__dirname, 'imageDecoderProcess.ts');

describe('image decoder process', function () {
  this.timeout(30_000);
  let decoder: ImageDecoder;
  beforeEach(() => {
    decoder = new ImageDecoder({ script: SCRIPT, execArgv: ['--import', 'tsx'] });
  });
  afterEach(() => decoder.close());

  it('decodes in its own process and returns the samples as typed arrays', async () => {
    const image = await decoder.decode(path.join(FIXTURES, 'eiger32.tif'));
    assert.ok(image.raster.data instanceof Uint32Array);
    assert.equal(image.raster.data[0], 4294967295);
    const page = await decoder.decode(path.join(FIXTURES, 'stack16.tif'), 2);
    assert.deepEqual([page.page, page.pages, page.raster.data instanceof Uint16Array], [2, 3, true]);
  });

  it('fails a damaged or missing file alone and goes on with the next', async () => {
    const damaged = decoder.decode(path.join(FIXTURES, 'corrupt-lzw.tif'));
    const missing = decoder.decode(path.join(FIXTURES, 'no-such-frame.tif'));
    const good = decoder.decode(path.join(FIXTURES, 'grey16.png'));
    await assert.rejects(damaged, (err: Error) => err.name === 'ImageError' && /TIFF image is damaged/.test(err.message));
    await assert.rejects(missing, /the file no longer exists/);
    assert.equal((await good).raster.width, 11);
  });

  it('survives its process being killed: that image fails, the next decodes in a new process', async () => {
    const first = decoder.decode(path.join(FIXTURES, 'tiled16.tif'));
    // The child is started by decode(); kill it before it can answer.
    const child = (decoder as unknown as { child: { pid: number } }).child;
    process.kill(child.pid, 'SIGKILL');
    await assert.rejects(first, (err: Error) => /the decoder stopped on this file \(signal SIGKILL\).*other images are not affected/.test(err.message));
    const next = await decoder.decode(path.join(FIXTURES, 'tiled16.tif'));
    assert.equal(next.raster.width, 50);
  });

  it('stops a decode when cancelled', async () => {
    const controller = new AbortController();
    const decoding = decoder.decode(path.join(FIXTURES, 'float32.tif'), 0, controller.signal);
    controller.abort();
    await assert.rejects(decoding, /Cancelled/);
    assert.equal((await decoder.decode(path.join(FIXTURES, 'float32.tif'))).raster.sampleFormat, 'float');
  });
});
