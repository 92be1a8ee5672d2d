import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunMetrics } from './runMetrics';
import { copyRunMetrics, metricsStartOf, ownMetricsFile } from './runMetricsFile';

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

  it('shows a run only the lines written after it was submitted: none for a run that wrote none', async () => {
    const metricsPath = path.join(dir, 'metrics.jsonl');
    const earlier = '{"epoch": 1, "loss": 1.0}\n{"epoch": 2, "loss": 0.8}\n';
    writeFileSync(metricsPath, earlier);
    const crashed = new RunMetrics({ logPath: path.join(dir, 'none.log'), metricsPath, metricsStart: await metricsStartOf(metricsPath), weaverLog: false });
    assert.equal(await crashed.update(), false);
    assert.deepEqual(crashed.series().points, [], 'the earlier run\'s epochs are not this run\'s');
    // A run that appends: only its own epochs.
    const appending = new RunMetrics({ logPath: path.join(dir, 'none.log'), metricsPath, metricsStart: await metricsStartOf(metricsPath), weaverLog: false });
    appendFileSync(metricsPath, '{"epoch": 3, "loss": 0.7}\n');
    assert.equal(await appending.update(), true);
    assert.deepEqual(appending.series().points, [{ x: 3, values: { loss: 0.7 } }]);
    // A run that rewrites the file with more bytes than it had between two looks: all of its lines.
    const rewriting = new RunMetrics({ logPath: path.join(dir, 'none.log'), metricsPath, metricsStart: await metricsStartOf(metricsPath), weaverLog: false });
    await rewriting.update();
    writeFileSync(metricsPath, Array.from({ length: 9 }, (_, i) => `{"epoch": ${i + 1}, "loss": ${(0.5 - i / 100).toFixed(2)}}\n`).join(''));
    assert.equal(await rewriting.update(), true);
    assert.equal(rewriting.series().points.length, 9);
    assert.deepEqual(rewriting.series().points[0], { x: 1, values: { loss: 0.5 } });
  });

  it('copies an ended run\'s lines into its job folder, which later runs leave alone', async () => {
    const metricsPath = path.join(dir, 'metrics.jsonl');
    writeFileSync(metricsPath, '{"epoch": 1, "loss": 9}\n');
    const start = await metricsStartOf(metricsPath);
    appendFileSync(metricsPath, '{"epoch": 2, "loss": 0.6}\n');
    const copy = await copyRunMetrics(metricsPath, start, path.join(dir, 'job-a'));
    assert.equal(copy, path.join(dir, 'job-a', 'metrics.jsonl'));
    writeFileSync(metricsPath, '{"epoch": 1, "loss": 5}\n');
    const ended = new RunMetrics({ logPath: path.join(dir, 'none.log'), metricsPath: copy, weaverLog: false });
    await ended.update();
    assert.deepEqual(ended.series().points, [{ x: 2, values: { loss: 0.6 } }]);
    // A second window that saw the end later, after the next run rewrote the file, leaves the copy as it is.
    assert.equal(await copyRunMetrics(metricsPath, start, path.join(dir, 'job-a')), copy);
    assert.equal(readFileSync(copy!, 'utf8'), '{"epoch": 2, "loss": 0.6}\n');
    // A job folder that is a link is not written through.
    symlinkSync(path.join(dir, 'job-a'), path.join(dir, 'job-link'));
    assert.equal(await copyRunMetrics(metricsPath, start, path.join(dir, 'job-link')), undefined);
    // A run that wrote nothing gets an empty copy: the next run's lines never become its own.
    const none = await copyRunMetrics(metricsPath, await metricsStartOf(metricsPath), path.join(dir, 'job-b'));
    writeFileSync(metricsPath, '{"epoch": 1, "loss": 4}\n');
    const empty = new RunMetrics({ logPath: path.join(dir, 'none.log'), metricsPath: none, weaverLog: false });
    await empty.update();
    assert.deepEqual(empty.series().points, []);
  });

  it('follows a run\'s own metrics file only as a real file in a real job folder, never through a link', async () => {
    const workdir = path.join(dir, 'w');
    const job = (id: string) => ({ id, workdir, jobDir: path.join(workdir, '.hai', 'jobs', id) });
    const own = job('own');
    mkdirSync(own.jobDir, { recursive: true });
    assert.equal(await ownMetricsFile(own), undefined, 'nothing written yet');
    writeFileSync(path.join(own.jobDir, 'metrics.jsonl'), '{"epoch": 1}\n');
    assert.equal(await ownMetricsFile(own), path.join(own.jobDir, 'metrics.jsonl'));
    // A job that links its file (or its folder) to another job's does not take that job's curves.
    const linkedFile = job('linked-file');
    mkdirSync(linkedFile.jobDir, { recursive: true });
    symlinkSync(path.join(own.jobDir, 'metrics.jsonl'), path.join(linkedFile.jobDir, 'metrics.jsonl'));
    assert.equal(await ownMetricsFile(linkedFile), undefined);
    const linkedFolder = job('linked-folder');
    symlinkSync(own.jobDir, linkedFolder.jobDir);
    assert.equal(await ownMetricsFile(linkedFolder), undefined);
    // A FIFO would block a read; a record naming another folder is not followed.
    const fifo = job('fifo');
    mkdirSync(fifo.jobDir, { recursive: true });
    execFileSync('mkfifo', [path.join(fifo.jobDir, 'metrics.jsonl')]);
    assert.equal(await ownMetricsFile(fifo), undefined);
    assert.equal(await ownMetricsFile({ ...own, jobDir: path.join(dir, 'elsewhere') }), undefined);
  });
  it('shows the scalars of the TensorBoard files the run wrote, unless its log is weaver’s or it wrote metrics.jsonl', async () => {
    const submittedAt = Date.parse('2026-12-01T10:00:00Z');
    const fixture = path.resolve(__dirname, '../../test/fixtures/tensorboard/torch/events.out.tfevents.1764583200.node1.4242.0');
    // Where PyTorch's SummaryWriter() writes by default: runs/<date>_<host>/.
    const events = path.join(dir, 'runs', 'Dec01_10-00-03_node1', `events.out.tfevents.${submittedAt / 1000 + 3}.node1.4242.0`);
    mkdirSync(path.dirname(events), { recursive: true });
    copyFileSync(fixture, events);
    const logPath = path.join(dir, 'output.log');
    const metricsPath = path.join(dir, 'metrics.jsonl');
    writeFileSync(logPath, 'epoch 1 done\n');
    const record = { logPath, metricsPath, weaverLog: true, workdir: dir, submittedAt };
    const run = new RunMetrics(record);
    assert.equal(await run.update(), true);
    let series = run.series();
    assert.equal(series.axis, 'step');
    assert.equal(series.points.length, 100);
    assert.equal(series.points[99].values['Loss/val'] !== undefined, true);

    // A spec naming another folder: nothing under runs/ is its run's.
    const elsewhere = new RunMetrics({ ...record, spec: { name: 'x', command: ['python', 'train.py'], metrics: { logdir: 'tb' } } });
    await elsewhere.update();
    assert.deepEqual(elsewhere.series().points, []);

    // weaver also writes TensorBoard files (per batch); once its log is recognised, its epochs are shown.
    appendFileSync(logPath, '[t] INFO: Epoch #0 training\n');
    await run.update();
    assert.deepEqual(run.series(), { axis: 'epoch', points: [] });
    appendFileSync(logPath, '[t] INFO: Train AvgLoss: 0.50000, AvgAcc: 0.80000\n');
    await run.update();
    assert.deepEqual(run.series().points, [{ x: 0, values: { train_loss: 0.5, train_acc: 0.8 } }]);

    const jsonl = new RunMetrics({ ...record, weaverLog: false });
    writeFileSync(metricsPath, '{"epoch": 1, "val_auc": 0.9}\n');
    await jsonl.update();
    series = jsonl.series();
    assert.deepEqual(series, { axis: 'epoch', points: [{ x: 1, values: { val_auc: 0.9 } }] });
  });
  it('finds Lightning’s TensorBoard files in lightning_logs/ too, with no folder named in the spec', async () => {
    const submittedAt = Date.parse('2026-12-01T10:00:00Z');
    const fixture = path.resolve(__dirname, '../../test/fixtures/tensorboard/keras/train/events.out.tfevents.1764583200.node1.77.0.v2');
    const events = path.join(dir, 'lightning_logs', 'version_3', `events.out.tfevents.${submittedAt / 1000 + 2}.node1.77.0`);
    mkdirSync(path.dirname(events), { recursive: true });
    copyFileSync(fixture, events);
    const run = new RunMetrics({ logPath: path.join(dir, 'output.log'), weaverLog: true, workdir: dir, submittedAt, endedAt: submittedAt + 60_000 });
    await run.update();
    assert.deepEqual(run.series().points.map((p) => p.values.epoch_loss), [1, 0.5, 0.33333334, 0.25, 0.2]);
  });
});
