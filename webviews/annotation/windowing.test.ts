// Display windowing: the window maps values to the screen and never touches the samples; the
// automatic window ignores a few hot pixels; 8/16-bit tables and the per-value path agree.
import * as assert from 'node:assert/strict';
import { autoWindow, colourTable, frameStats, level, percentile, renderWindow } from './windowing';

const LINEAR = { low: 0, high: 1000, scale: 'linear', gamma: 1, colourMap: 'grey' } as const;

describe('display windowing', () => {
  it('maps the window’s ends to black and white and leaves the samples as they were', () => {
    const samples = new Uint16Array([0, 500, 1000, 65535]);
    const copy = Uint16Array.from(samples);
    const out = new Uint8ClampedArray(16);
    renderWindow({ width: 4, height: 1, channels: 1, samples, bitDepth: 16, sampleFormat: 'uint' }, LINEAR, out);
    assert.deepEqual([out[0], out[4], out[8], out[12]], [0, 128, 255, 255]);
    assert.deepEqual(Array.from(out.subarray(4, 8)), [128, 128, 128, 255]);
    assert.deepEqual(samples, copy);
  });

  it('draws float and 32-bit frames, NaN as black, through the same window', () => {
    const out = new Uint8ClampedArray(12);
    renderWindow({ width: 3, height: 1, channels: 1, samples: new Float32Array([NaN, 250, 2e9]), bitDepth: 32, sampleFormat: 'float' }, LINEAR, out);
    assert.deepEqual([out[0], out[4], out[8]], [0, 64, 255]);
  });

  it('brightens faint values with log and gamma below 1, monotonically', () => {
    const log = { ...LINEAR, scale: 'log' as const };
    const gamma = { ...LINEAR, scale: 'gamma' as const, gamma: 0.5 };
    assert.ok(level(10, log) > level(10, LINEAR) + 50);
    assert.equal(level(250, gamma), 128);
    let last = -1;
    for (let v = 0; v <= 1000; v += 7) {
      const l = level(v, log);
      assert.ok(l >= last);
      last = l;
    }
  });

  it('puts the automatic window inside the bulk of the frame, past a few hot pixels', () => {
    const samples = new Uint32Array(10000);
    for (let i = 0; i < samples.length; i++) samples[i] = 100 + (i % 200);
    samples[5] = 4294967295;
    samples[6] = 4294967295;
    const stats = frameStats({ width: 100, height: 100, channels: 1, samples });
    assert.equal(stats.max, 4294967295);
    const { low, high } = autoWindow(stats);
    assert.ok(low >= 100 && low <= 102 && high >= 298 && high <= 299, `${low}…${high}`);
    assert.equal(percentile(stats, 1), 4294967295);
  });

  it('has 256 colours in each map, dark to bright except the inverted one', () => {
    for (const map of ['grey', 'viridis', 'hot'] as const) {
      const t = colourTable(map);
      assert.equal(t.length, 768);
      assert.ok(t[0] + t[1] + t[2] < t[765] + t[766] + t[767], map);
    }
    const inv = colourTable('inverted');
    assert.deepEqual([inv[0], inv[765]], [255, 0]);
  });
});
