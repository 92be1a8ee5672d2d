import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readDecoderConfig } from './modelConfig';
import { findModelFiles } from './modelFiles';
import { OnnxDecoder } from './onnxDecoder';
import { measureSpeed } from './speedProbe';

const TINY_MODEL = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'tiny-code-model');

describe('the speed probe at model load (tiny test model)', function () {
  this.timeout(20_000);
  let decoder: OnnxDecoder;

  before(async () => {
    const files = findModelFiles(TINY_MODEL, 'auto');
    decoder = await OnnxDecoder.load(files.onnx, readDecoderConfig(files.config), 1);
  });
  after(() => decoder?.dispose());

  it('measures a generated token and a prompt token, each a positive time, a prompt token cheaper than a step', async () => {
    const speed = await measureSpeed(decoder);
    assert.ok(speed.msPerToken > 0 && Number.isFinite(speed.msPerToken), String(speed.msPerToken));
    assert.ok(speed.prefillMsPerToken > 0 && Number.isFinite(speed.prefillMsPerToken), String(speed.prefillMsPerToken));
    // 64 tokens in one run cost far less than 64 one-token runs: that is what a prefill is.
    assert.ok(speed.prefillMsPerToken < speed.msPerToken, `${speed.prefillMsPerToken} vs ${speed.msPerToken} ms`);
  });

  it('stays within a short model’s positions: no chunk past them is run, and the prompt’s time stands in', async () => {
    // 100 positions: the 64-token prompt and 5 steps fit, a timed 64-token chunk after them does not.
    // The decoder, with each run's last position written down (a model exported with 100 positions
    // would fail past them; this one has 256).
    let furthest = 0;
    const watched = Object.create(decoder) as OnnxDecoder;
    watched.forward = (state, ids, wantAll) => {
      furthest = Math.max(furthest, state.tokens.length + ids.length);
      return decoder.forward(state, ids, wantAll);
    };
    const speed = await measureSpeed(watched, 100);
    assert.equal(furthest, 69);
    assert.ok(speed.prefillMsPerToken > 0 && Number.isFinite(speed.prefillMsPerToken));
    furthest = 0;
    await measureSpeed(watched);
    assert.equal(furthest, 69 + 2 * 64, 'with room, two chunks are timed');
  });
});
