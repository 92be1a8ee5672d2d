import * as assert from 'node:assert/strict';
import { coerceSetting, resolveSettingPath, SETTINGS } from './settings';

describe('coerceSetting', () => {
  it('passes values of the right type through', () => {
    assert.equal(coerceSetting('hai.server.trace', 'verbose'), 'verbose');
    assert.equal(coerceSetting('hai.data.maxFiles', 20), 20);
    assert.equal(coerceSetting('hai.data.include', '**/*.root'), '**/*.root');
  });
  it('falls back to the default for a missing, mistyped or out-of-range value', () => {
    assert.equal(coerceSetting('hai.server.trace', undefined), SETTINGS['hai.server.trace'].default);
    assert.equal(coerceSetting('hai.server.trace', 'loud'), 'off');
    assert.equal(coerceSetting('hai.data.maxFiles', '20'), 500);
    assert.equal(coerceSetting('hai.data.maxFiles', 0), 500);
    assert.equal(coerceSetting('hai.data.maxFiles', Number.NaN), 500);
    assert.equal(coerceSetting('hai.data.include', { glob: '*' }), SETTINGS['hai.data.include'].default);
  });
  it('holds costly numbers to their maximum: inference threads, suggestion length, log tail', () => {
    // 512 threads took 23 s to load the model and 20,000 hung it (issue 14).
    assert.equal(coerceSetting('hai.completion.threads', 20_000), 64);
    assert.equal(coerceSetting('hai.completion.threads', 512), 64);
    assert.equal(coerceSetting('hai.completion.maxTokens', 1_000_000), 256);
    assert.equal(coerceSetting('hai.jobs.logTailKB', 10_000_000), 16_384);
    assert.equal(coerceSetting('hai.completion.threads', 4), 4, 'a value in range is kept');
  });
  it('takes a count typed with a fraction as the whole number below it, then bounds it', () => {
    assert.equal(coerceSetting('hai.completion.threads', 2.5), 2);
    assert.equal(coerceSetting('hai.hub.maxConcurrentDownloads', 0.5), SETTINGS['hai.hub.maxConcurrentDownloads'].default, 'below the minimum once whole');
    assert.equal(coerceSetting('hai.completion.maxTokens', 300.7), 256);
    assert.equal(coerceSetting('hai.completion.topP', 0.95), 0.95, 'a fraction setting keeps its fraction');
  });
  it('has a maximum for every number setting, at or above its default', () => {
    for (const [key, spec] of Object.entries(SETTINGS)) {
      if (spec.type !== 'number' && spec.type !== 'integer') continue;
      assert.equal(typeof spec.maximum, 'number', `${key} has a maximum`);
      assert.ok((spec.default as number) <= spec.maximum!, `${key}: default within the maximum`);
      assert.equal(coerceSetting(key as keyof typeof SETTINGS, Number.MAX_VALUE), spec.maximum, `${key} is held to its maximum`);
    }
  });
});

describe('resolveSettingPath', () => {
  const base = { home: '/home/ada', base: '/work/project', baseTrusted: true, isAbsolute: (p: string) => p.startsWith('/') };

  it('keeps an empty value empty, an absolute path as it is, and expands ~ to the home folder', () => {
    assert.deepEqual(resolveSettingPath('  ', base), { path: '' });
    assert.deepEqual(resolveSettingPath('/opt/models/starcoder', base), { path: '/opt/models/starcoder' });
    assert.deepEqual(resolveSettingPath('~/models/x', base), { path: '/home/ada/models/x' });
    assert.deepEqual(resolveSettingPath('~', base), { path: '/home/ada' });
  });

  it('resolves a relative path against the stated base, the first workspace folder', () => {
    assert.deepEqual(resolveSettingPath('models/x', base), { path: '/work/project/models/x' });
  });

  it('refuses a relative path in an untrusted workspace or without a folder, and says which', () => {
    assert.deepEqual(resolveSettingPath('models/x', { ...base, baseTrusted: false }), { refused: 'untrusted', relative: 'models/x' });
    assert.deepEqual(resolveSettingPath('../x', { ...base, base: undefined }), { refused: 'no-folder', relative: '../x' });
  });
});
