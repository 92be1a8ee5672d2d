import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { engineSettingsFrom } from './engineSettings';

describe('engine settings from the client', () => {
  it('bounds inference threads to the cores of this machine', () => {
    // 512 threads took 23 s to load the model and 20,000 hung it (issue 14).
    const cores = os.availableParallelism();
    assert.equal(engineSettingsFrom({ threads: 512 }).threads, Math.min(512, cores));
    assert.equal(engineSettingsFrom({ threads: 20_000 }).threads, Math.min(20_000, cores));
    assert.equal(engineSettingsFrom({ threads: 1 }).threads, 1);
    assert.equal(engineSettingsFrom({ threads: 0 }).threads, 0, '0 still means all cores but one');
  });

  it('bounds the suggestion length', () => {
    assert.equal(engineSettingsFrom({ maxTokens: 100_000 }).maxTokens, 256);
    assert.equal(engineSettingsFrom({ maxTokens: 12 }).maxTokens, 12);
  });
});
