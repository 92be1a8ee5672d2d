// The workspace cache's tables, counted with the tokenizer of the test model: each text counted once
// per version and model, whole lines only, stopped when the request goes stale, dropped when the
// model changes or the cache is turned off.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeTokenizer } from '../completion/codeTokenizer';
import { CacheTables, MAX_CACHE_TABLES } from './cacheTables';
import type { CacheEncoder } from './ngramCache';

const ROOT = path.resolve(__dirname, '..', '..');
const TINY = path.join(ROOT, 'test', 'fixtures', 'tiny-code-model');

describe('the workspace cache’s tables', () => {
  const tokenizer = CodeTokenizer.load(path.join(TINY, 'tokenizer.json'), path.join(TINY, 'tokenizer_config.json'));
  let encoded: string[] = [];
  const encoderKeyed = (key: string): CacheEncoder => ({
    key,
    vocab: 1 << 16,
    encode: (text) => {
      encoded.push(text);
      return tokenizer.encode(text);
    },
    isBlank: () => false,
  });
  const train = readFileSync(path.join(ROOT, 'demo', 'train.py'), 'utf8');
  const model = readFileSync(path.join(ROOT, 'demo', 'model.py'), 'utf8');

  beforeEach(() => (encoded = []));

  it('counts each text once per version, whole lines only, and gives the tables of the keys asked for', async () => {
    const cache = new CacheTables();
    cache.setEnabled(true);
    cache.setEncoder(encoderKeyed('m1'));
    // The document ends in a line being typed: it is not counted.
    const typing = `${train}for batch in lo`;
    await cache.count([{ key: 'doc', stamp: 'v1', text: typing }, { key: 'model.py', stamp: 'f1', text: model }], () => true);
    assert.equal(encoded.join(''), train + model);
    assert.equal(cache.tokens, tokenizer.encode(train).length + tokenizer.encode(model).length);
    assert.equal(cache.tablesOf(['model.py', 'doc', 'other']).length, 2);
    // The same versions again: nothing encoded; a new version of one text: only it.
    encoded = [];
    await cache.count([{ key: 'doc', stamp: 'v1', text: typing }, { key: 'model.py', stamp: 'f1', text: model }], () => true);
    assert.deepEqual(encoded, []);
    await cache.count([{ key: 'doc', stamp: 'v2', text: `${train}x = 1\n` }, { key: 'model.py', stamp: 'f1', text: model }], () => true);
    assert.equal(encoded.join(''), `${train}x = 1\n`);
  });

  it('stops when the request is stale, drops the counts of another model, and keeps none while off', async () => {
    const cache = new CacheTables();
    cache.setEnabled(true);
    cache.setEncoder(encoderKeyed('m1'));
    let current = true;
    const texts = Array.from({ length: MAX_CACHE_TABLES + 3 }, (_, i) => ({ key: `f${i}`, stamp: 's', text: `x${i} = ${i}\n` }));
    // Stale while the first text is being encoded: it is not kept, and the rest are not read.
    const counted = cache.count(texts, () => current);
    current = false;
    await counted;
    assert.deepEqual([cache.tablesOf(texts.map((t) => t.key)).length, encoded], [0, ['x0 = 0\n']]);
    current = true;
    await cache.count(texts, () => current);
    // At most MAX_CACHE_TABLES texts a request.
    assert.equal(cache.tablesOf(texts.map((t) => t.key)).length, MAX_CACHE_TABLES);
    assert.ok(!encoded.includes(`x${MAX_CACHE_TABLES} = ${MAX_CACHE_TABLES}\n`));
    // Another model: another vocabulary, every count dropped.
    cache.setEncoder(encoderKeyed('m2'));
    assert.deepEqual([cache.tokens, cache.tablesOf(['f0']).length], [0, 0]);
    await cache.count(texts.slice(0, 1), () => true);
    assert.equal(cache.tablesOf(['f0']).length, 1);
    cache.setEnabled(false);
    assert.deepEqual([cache.tokens, cache.tablesOf(['f0']).length], [0, 0]);
    await cache.count(texts.slice(0, 1), () => true);
    assert.equal(cache.tokens, 0);
  });
});
