// weight_matmuls.py, the two halves of a decode step that bench/decode.ts times apart (issue 18, item 4):
// the shipped file's weight products alone, and the decoder without them (--rest), a model folder the
// engine's decoder loads and steps like the model itself.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { readDecoderConfig } from '../../server/completion/modelConfig';
import { OnnxDecoder } from '../../server/completion/onnxDecoder';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3'; // Debian's: a pyenv python3 earlier on PATH cannot see python3-onnx
const SCRIPT = path.join(__dirname, 'weight_matmuls.py');
const SHIPPED = path.join(__dirname, '..', 'code-model');
const TINY_MODEL = path.join(__dirname, '..', '..', 'test', 'fixtures', 'tiny-code-model');

/** The op types of an ONNX file and how many nodes of each. */
async function opCounts(file: string): Promise<Record<string, number>> {
  const code = 'import collections, json, sys, onnx\nm = onnx.load(sys.argv[1])\nprint(json.dumps(collections.Counter(n.op_type for n in m.graph.node)))';
  return JSON.parse((await run(PYTHON, ['-c', code, file])).stdout) as Record<string, number>;
}

describe('weight_matmuls.py (a decode step in two halves)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-weight-matmuls-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the weight products alone, and the decoder without them, which the engine steps like the model', async () => {
    const out = path.join(dir, 'weights.onnx');
    const rest = path.join(dir, 'rest');
    const { stdout } = await run(PYTHON, [SCRIPT, '--model', path.join(SHIPPED, 'onnx', 'model_int8.onnx'), '--out', out, '--rest', rest]);
    const report = JSON.parse(stdout) as { matmuls: number; rest: string; rest_bytes: number; model_bytes: number };
    const shipped = await opCounts(path.join(SHIPPED, 'onnx', 'model_int8.onnx'));
    assert.equal(report.matmuls, shipped.MatMulNBits);
    assert.deepEqual(await opCounts(out), { MatMulNBits: shipped.MatMulNBits });
    const without = await opCounts(path.join(rest, 'onnx', 'model_int8.onnx'));
    assert.equal(without.MatMulNBits, undefined, 'no weight product left');
    assert.equal(without.Expand, (shipped.Expand ?? 0) + shipped.MatMulNBits);
    assert.ok(report.rest_bytes < report.model_bytes / 4, 'the weights are gone (the embedding table stays)');
    // Every other node is kept: the attention over the cache (DynamicQuantizeMatMul), the norms, the rotary embedding.
    for (const op of ['DynamicQuantizeMatMul', 'RotaryEmbedding', 'Softmax', 'MatMul']) assert.equal(without[op], shipped[op], op);
    const decoder = await OnnxDecoder.load(path.join(rest, 'onnx', 'model_int8.onnx'), readDecoderConfig(path.join(rest, 'config.json')), 1);
    try {
      const prompt = await decoder.forward(decoder.emptyState(), [40, 41, 42, 43]);
      const step = await decoder.forward(prompt.state, [44]);
      assert.equal(step.lastLogits.length, readDecoderConfig(path.join(SHIPPED, 'config.json')).vocabSize);
      assert.ok(step.lastLogits.every(Number.isFinite));
      assert.equal(step.state.tokens.length, 5);
    } finally {
      await decoder.dispose();
    }
  });

  it('refuses a file without weight products, saying what it needs', async () => {
    await assert.rejects(run(PYTHON, [SCRIPT, '--model', path.join(TINY_MODEL, 'onnx', 'model.onnx'), '--out', path.join(dir, 'tiny.onnx'), '--rest', path.join(dir, 'tiny-rest')]), (err: Error & { stderr?: string }) => {
      assert.match(err.stderr ?? '', /no MatMulNBits node: not an int8 export of models\/train\/export\.py/);
      return true;
    });
  });
});
