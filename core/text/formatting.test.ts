import * as assert from 'node:assert/strict';
import { formatBytes, formatDuration } from './formatting';

describe('formatDuration', () => {
  it('reads seconds, minutes, hours and days the way a person would', () => {
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(45_900), '45 s');
    assert.equal(formatDuration(185_000), '3 min 05 s');
    assert.equal(formatDuration((2 * 3600 + 7 * 60) * 1000), '2 h 07 min');
    assert.equal(formatDuration((3 * 86400 + 4 * 3600 + 59) * 1000), '3 d 4 h');
  });
  it('treats negative and non-finite durations as zero', () => {
    assert.equal(formatDuration(-5000), '0 s');
    assert.equal(formatDuration(Number.NaN), '0 s');
    assert.equal(formatDuration(Number.POSITIVE_INFINITY), '0 s');
  });
});

describe('formatBytes', () => {
  it('uses binary prefixes with one decimal', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(20 * 1024 * 1024), '20.0 MiB');
    assert.equal(formatBytes(3 * 1024 ** 4), '3.0 TiB');
  });
  it('shows a question mark for impossible sizes', () => {
    assert.equal(formatBytes(-1), '?');
    assert.equal(formatBytes(Number.NaN), '?');
  });
});
