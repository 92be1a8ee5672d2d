import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findOutputs } from './jobOutputs';

describe('job outputs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-out-'));
    for (const f of ['jet_tagger.pt', 'metrics.jsonl', 'train.py', 'logs/a.log', 'logs/b.log', 'training/JetClass/run1/net_best_epoch_state.pt', '.hai/jobs/x/output.log']) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), f);
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the files the globs name, folders included, and skips our own job folder', async () => {
    const found = await findOutputs(dir, ['*.pt', 'metrics.jsonl', 'logs/', 'training/JetClass/**', '**/output.log']);
    assert.deepEqual(found.map((f) => f.relative).sort(), ['jet_tagger.pt', 'logs/a.log', 'logs/b.log', 'metrics.jsonl', 'training/JetClass/run1/net_best_epoch_state.pt']);
  });

  it('keeps only files written since the job started, and stops at the limit', async () => {
    const old = path.join(dir, 'jet_tagger.pt');
    utimesSync(old, new Date(2000, 0, 1), new Date(2000, 0, 1));
    const since = Date.now() - 60_000;
    assert.deepEqual((await findOutputs(dir, ['*.pt', '*.jsonl'], { since })).map((f) => f.relative), ['metrics.jsonl']);
    assert.equal((await findOutputs(dir, ['**'], { maxFiles: 2 })).length, 2);
  });
});
