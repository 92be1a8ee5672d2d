// A model folder whose tokenizer.json or config.json would take the language server down: a
// pre-tokenizer pattern that backtracks without end (refused after the probe in a worker thread, while
// the server goes on), and a vocab_size far beyond the graph's logits (refused at the first step).
// The tokenizers real models ship pass the probe in milliseconds.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ModelLoadError } from './modelErrors';
import { loadModelFolder } from './modelLoader';
import { PROBE_MS, probeTokenizer } from './tokenizerSafety';

const ROOT = path.resolve(__dirname, '..', '..');
const TINY_MODEL = path.join(ROOT, 'test', 'fixtures', 'tiny-code-model');
const PUBLIC = path.join(ROOT, 'test', 'fixtures', 'public-tokenizers');

describe('tokenizers and configs that would freeze or crash the language server', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'hai-tokenizer-safety-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The shipped code model's tokenizer with its Split pattern replaced. */
  function withPattern(name: string, pattern: string): string {
    const json = JSON.parse(readFileSync(path.join(ROOT, 'models', 'code-model', 'tokenizer.json'), 'utf8'));
    json.pre_tokenizer.pretokenizers[0].pattern.Regex = pattern;
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(json));
    return file;
  }

  it('passes the tokenizers of the shipped model and of the public code models', async () => {
    await probeTokenizer(path.join(ROOT, 'models', 'code-model', 'tokenizer.json'), path.join(ROOT, 'models', 'code-model', 'tokenizer_config.json'));
    for (const family of ['qwen2.5-coder', 'deepseek-coder']) {
      await probeTokenizer(path.join(PUBLIC, family, 'tokenizer.json'), path.join(PUBLIC, family, 'tokenizer_config.json'));
    }
  });

  it('refuses patterns that backtrack without end on runs of spaces, with what to do, and stops the probe', async () => {
    for (const pattern of ['(?:\\s|\\s)*#|\\S+|\\s+', '(?:[\\s\\S]|[\\s\\S]|[\\s\\S])*Q|\\S+|\\s+']) {
      const file = withPattern('hostile', pattern);
      const started = performance.now();
      await assert.rejects(probeTokenizer(file, undefined), (err: Error) => {
        assert.ok(err instanceof ModelLoadError);
        assert.match(err.message, new RegExp(`hostile\\.json is refused: encoding runs of 64 spaces, letters or symbols took more than ${PROBE_MS} ms\\. Its pre-tokenizer's pattern would freeze completion`));
        assert.equal(err.hint, 'Use the tokenizer.json published with the model, or another model.');
        return true;
      });
      assert.ok(performance.now() - started < PROBE_MS + 15_000);
    }
  });

  it('refuses a model folder whose tokenizer would hang, before loading its graph', async () => {
    const model = path.join(dir, 'model-redos');
    cpSync(TINY_MODEL, model, { recursive: true });
    const json = JSON.parse(readFileSync(path.join(model, 'tokenizer.json'), 'utf8'));
    json.pre_tokenizer = { type: 'Sequence', pretokenizers: [{ type: 'Split', pattern: { Regex: '(?:\\s|\\s)*#|\\S+|\\s+' }, behavior: 'Isolated', invert: false }, json.pre_tokenizer].filter(Boolean) };
    writeFileSync(path.join(model, 'tokenizer.json'), JSON.stringify(json));
    await assert.rejects(loadModelFolder(model, { dtype: 'auto', threads: 1, fim: 'auto' }), /is refused: encoding runs of 64 spaces/);
  });

  it("refuses a config.json whose vocab_size is not the graph's (10^8 token texts would exhaust the server's memory)", async () => {
    const model = path.join(dir, 'model-vocab');
    cpSync(TINY_MODEL, model, { recursive: true });
    const config = JSON.parse(readFileSync(path.join(model, 'config.json'), 'utf8'));
    const real = config.vocab_size;
    config.vocab_size = 100_000_000;
    writeFileSync(path.join(model, 'config.json'), JSON.stringify(config));
    await assert.rejects(loadModelFolder(model, { dtype: 'auto', threads: 1, fim: 'auto' }), new RegExp(`model\\.onnx gives logits over ${real} tokens, but its config\\.json says vocab_size 100000000\\.`));
  });
});
