import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunMetrics } from './runMetrics';

describe('a run’s metrics from its files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-run-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads weaver’s log as it grows, and prefers metrics.jsonl once it has points', async () => {
    const logPath = path.join(dir, 'output.log');
    const metricsPath = path.join(dir, 'metrics.jsonl');
    const run = new RunMetrics({ logPath, metricsPath, weaverLog: true });
    assert.equal(await run.update(), false, 'no files yet');
    writeFileSync(logPath, '[t] INFO: Epoch #0 training\n[t] INFO: Train AvgLoss: 0.50000, AvgAcc: 0.80000\n');
    assert.equal(await run.update(), true);
    assert.deepEqual(run.series().points, [{ x: 0, values: { train_loss: 0.5, train_acc: 0.8 } }]);
    appendFileSync(logPath, '[t] INFO: Epoch #0: Current validation metric: 0.81000 (best: 0.81000)\n');
    assert.equal(await run.update(), true);
    assert.equal(run.series().points[0].values.val_metric, 0.81);
    writeFileSync(metricsPath, '{"epoch": 1, "val_auc": 0.9}\n');
    await run.update();
    assert.deepEqual(run.series(), { axis: 'epoch', points: [{ x: 1, values: { val_auc: 0.9 } }] });
  });

  it('starts over when a metrics file is rewritten by a new run', async () => {
    const metricsPath = path.join(dir, 'metrics.jsonl');
    const run = new RunMetrics({ logPath: path.join(dir, 'none.log'), metricsPath, weaverLog: false });
    writeFileSync(metricsPath, '{"epoch": 1, "loss": 1.0}\n{"epoch": 2, "loss": 0.8}\n');
    await run.update();
    writeFileSync(metricsPath, '{"epoch": 1, "loss": 2.0}\n');
    assert.equal(await run.update(), true);
    assert.deepEqual(run.series().points, [{ x: 1, values: { loss: 2 } }]);
  });
});
