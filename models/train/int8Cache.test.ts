// int8_cache.py, the rewrite that gives a slot-cache decoder int8 key/value slots (export.py applies it;
// groupedHeads.test.ts decodes such exports against PyTorch): a file rewritten already is left byte for
// byte as it is, and a graph of another signature is refused with what to do.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3'; // Debian's: a pyenv python3 earlier on PATH cannot see python3-onnx
const SCRIPT = path.join(__dirname, 'int8_cache.py');
const SHIPPED = path.join(__dirname, '..', 'code-model', 'onnx', 'model_int8.onnx');
// The tests' tiny model, in the Optimum layout (past_key_values in, present out).
const TINY_MODEL = path.join(__dirname, '..', '..', 'test', 'fixtures', 'tiny-code-model');

describe('int8_cache.py (int8 key/value slots)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-int8-cache-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the shipped file, rewritten already, as it is', async () => {
    const out = path.join(dir, 'again.onnx');
    await run(PYTHON, [SCRIPT, SHIPPED, '--out', out]);
    assert.ok(readFileSync(out).equals(readFileSync(SHIPPED)), 'the same bytes');
  });

  it('refuses a decoder without the slot signature, saying which export it needs', async () => {
    const optimum = path.join(TINY_MODEL, 'onnx', 'model.onnx');
    const out = path.join(dir, 'optimum.onnx');
    await assert.rejects(run(PYTHON, [SCRIPT, optimum, '--out', out]), (err: Error & { stderr?: string }) => {
      assert.match(err.stderr ?? '', /no cache_key\.0 input: not a slot-cache decoder \(export\.py --layout slots\)/);
      return true;
    });
  });
});
