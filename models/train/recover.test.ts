// recover.py: the shipped int8 model read back into PyTorch weights that train.py --init accepts, so a
// lent GPU can train the default model further from a fresh checkout (its bf16 weights are not in git).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DEBIAN_TORCH_PYTHON = '/usr/bin/python3'; // Debian's: a pyenv python3 earlier on PATH cannot see python3-torch
const MODEL = path.join(__dirname, '..', 'code-model');
const RECOVER = path.join(__dirname, 'recover.py');
const LOG = path.join(__dirname, 'runs', 'h200-v2-2026-11-29', 'train-25m.log.jsonl');

interface Report {
  parameters: number;
  tokens: number;
  elapsed_s: number;
  check: { same_greedy: boolean; top20_mean_abs_diff: number }[];
}

describe('recover.py: the shipped model back as weights to train further', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-recover-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives weights whose model continues the reference prompts as the fp32 model before the export did', async () => {
    const out = path.join(dir, 'weights-25m.pt');
    const { stdout } = await run(DEBIAN_TORCH_PYTHON, [RECOVER, '--model', MODEL, '--log', LOG, '--out', out, '--check']);
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as Report;
    const check = JSON.parse(readFileSync(path.join(MODEL, 'export-check.json'), 'utf8')) as { checkpoint_tokens: number; cases: unknown[] };
    assert.equal(report.tokens, check.checkpoint_tokens, 'the tokens the model was trained on travel with its weights');
    assert.ok(report.elapsed_s > 60, `the training time comes from the run's log (${report.elapsed_s} s)`);
    assert.ok(report.parameters > 20e6 && report.parameters < 30e6, `${report.parameters} parameters: the 25m`);
    assert.equal(report.check.length, check.cases.length);
    for (const [i, c] of report.check.entries()) {
      assert.ok(c.same_greedy, `prompt ${i + 1}: the same 8 greedy tokens`);
      // int8 rounding of the weights alone; the engine's int8 run, which also rounds activations, is
      // held to 0.25 (models/codeModel.test.ts).
      assert.ok(c.top20_mean_abs_diff < 0.1, `prompt ${i + 1}: mean |recovered - fp32| over the top 20 logits ${c.top20_mean_abs_diff}`);
    }
    // What train.py --init checks before it trains: the file holds the 25m shape and loads into it.
    const probe = [
      'import sys, torch',
      `sys.path.insert(0, ${JSON.stringify(__dirname)})`,
      'from model import CodeModel, ModelConfig, shape_config',
      'w = torch.load(sys.argv[1], map_location="cpu", weights_only=False)',
      'assert ModelConfig(**w["config"]) == shape_config("25m"), w["config"]',
      'CodeModel(ModelConfig(**w["config"])).load_state_dict({k: v.float() for k, v in w["model"].items()})',
      'print(w["model"]["embed.weight"].dtype, w["tokens"])',
    ].join('\n');
    writeFileSync(path.join(dir, 'probe.py'), probe);
    const loaded = await run(DEBIAN_TORCH_PYTHON, [path.join(dir, 'probe.py'), out]);
    assert.equal(loaded.stdout.trim(), `torch.bfloat16 ${check.checkpoint_tokens}`);
  });

  it('refuses a log of another run, rather than counting the wrong training time', async () => {
    const other = path.join(__dirname, 'runs', 'h200-v2-2026-11-29', 'train-12m.log.jsonl');
    await assert.rejects(
      run(DEBIAN_TORCH_PYTHON, [RECOVER, '--model', MODEL, '--log', other, '--out', path.join(dir, 'x.pt')]),
      (err: { stderr?: string }) => /not the log of this model's run/.test(err.stderr ?? ''),
    );
  });

  it('says what is wrong with a folder that is not an export of model.py', async () => {
    const broken = path.join(dir, 'broken');
    cpSync(MODEL, broken, { recursive: true });
    const config = JSON.parse(readFileSync(path.join(broken, 'config.json'), 'utf8')) as Record<string, number>;
    writeFileSync(path.join(broken, 'config.json'), JSON.stringify({ ...config, num_hidden_layers: 6 }));
    await assert.rejects(
      run(DEBIAN_TORCH_PYTHON, [RECOVER, '--model', broken, '--out', path.join(dir, 'y.pt')]),
      (err: { stderr?: string }) => /int8 MatMuls where a 6-layer model has 25/.test(err.stderr ?? ''),
    );
  });
});
