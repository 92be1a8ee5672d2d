import * as assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { english } from '../../text/message';
import { findLogFiles, findLogRuns, isJobsRun } from './logFiles';
import { MAX_VALUES_PER_EVENT } from './eventProto';
import { EventFileScalars, MAX_TAGS } from './eventScalars';
import { LOOK_EVERY_MS, LogdirRun } from './logdirRun';
import { TAIL_RETRIES, TfRecordReader } from './tfRecord';
import { framedRecord } from '../../testing/tfRecords';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/tensorboard');
const TORCH = path.join(FIXTURES, 'torch/events.out.tfevents.1764583200.node1.4242.0');

/** An event file of one event with `n` scalar tags, framed as TFRecord (protobuf written by hand: tag 1 string, field 2 float). */
function manyTagsFile(n: number): Buffer {
  const values = Array.from({ length: n }, (_, i) => {
    const tag = Buffer.from(`layer${i}/grad_norm`);
    const value = Buffer.concat([Buffer.from([0x0a, tag.length]), tag, Buffer.from([0x15]), Buffer.from(new Float32Array([0.5]).buffer)]);
    return Buffer.concat([Buffer.from([0x0a]), varint(value.length), value]);
  });
  const summary = Buffer.concat(values);
  const event = Buffer.concat([Buffer.from([0x10, 0x01, 0x2a]), varint(summary.length), summary]);
  return framedRecord(event);
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  bytes.push(n);
  return Buffer.from(bytes);
}

/** Where a writer that started at `ms` puts its file: `<dir>/<folder>/events.out.tfevents.<seconds>.<host>.<pid>.0`. */
function eventFile(dir: string, folder: string, ms: number, source = TORCH): string {
  const file = path.join(dir, folder, `events.out.tfevents.${Math.floor(ms / 1000)}.node1.${process.pid}.0`);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(source, file);
  return file;
}

describe('a run’s TensorBoard files', () => {
  let dir: string;
  const submitted = Date.parse('2026-12-01T10:00:00Z');
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-tb-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are the event files created while it ran: not an earlier run’s, not a later one’s, not through a link', async () => {
    const earlier = eventFile(dir, 'Nov30_09-00-00_node1', submitted - 86_400_000);
    const own = eventFile(dir, 'Dec01_10-00-05_node1', submitted + 5000);
    const deep = eventFile(dir, 'fit/20261201-100007/train', submitted + 7000);
    const later = eventFile(dir, 'Dec01_12-00-00_node1', submitted + 2 * 3_600_000);
    writeFileSync(path.join(dir, 'Dec01_10-00-05_node1', 'notes.txt'), 'not an event file');
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'hai-tb-other-'));
    try {
      eventFile(elsewhere, 'x', submitted + 9000);
      symlinkSync(path.join(elsewhere, 'x'), path.join(dir, 'linked'));
      const window = { from: submitted, to: submitted + 3_600_000 };
      assert.deepEqual(await findLogFiles(dir, window), [own, deep].sort());
      assert.deepEqual(await findLogFiles(dir, { from: submitted }), [own, later, deep].sort(), 'still running: every later file');
      assert.ok(!(await findLogFiles(dir, window)).includes(earlier));
      assert.deepEqual(await findLogFiles(path.join(dir, 'missing'), window), []);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('shows one writer’s tags as written, and each folder’s tags under its name when there are several', async () => {
    const one = LogdirRun.ofJob([dir], { from: submitted });
    eventFile(dir, 'Dec01_10-00-05_node1', submitted + 5000);
    assert.equal(await one.update(), true);
    const series = one.series();
    assert.equal(series.axis, 'step');
    assert.equal(series.points.length, 100);
    assert.deepEqual(Object.keys(series.points[9].values).sort(), ['Accuracy/train', 'Loss/train', 'Loss/val']);

    const keras = path.join(dir, 'keras');
    eventFile(keras, 'fit/20261201-100007/train', submitted + 7000, path.join(FIXTURES, 'keras/train/events.out.tfevents.1764583200.node1.77.0.v2'));
    eventFile(keras, 'fit/20261201-100007/validation', submitted + 7000, path.join(FIXTURES, 'keras/validation/events.out.tfevents.1764583200.node1.77.1.v2'));
    const two = LogdirRun.ofJob([keras], { from: submitted });
    await two.update();
    assert.deepEqual(two.series().points[4], { x: 4, values: { 'train/epoch_loss': 0.2, 'validation/epoch_loss': 0.2 } });
  });

  it('follows a file as the writer appends to it, and a writer that starts later', async () => {
    let now = submitted + 1000;
    const run = LogdirRun.ofJob([dir], { from: submitted }, () => now);
    const bytes = readFileSync(TORCH);
    const file = path.join(dir, 'Dec01_10-00-01_node1', `events.out.tfevents.${Math.floor(submitted / 1000) + 1}.node1.1.0`);
    mkdirSync(path.dirname(file));
    writeFileSync(file, bytes.subarray(0, 2000));
    await run.update();
    const first = run.series().points.length;
    assert.ok(first > 0 && first < 100, `${first} steps so far`);
    appendFileSync(file, bytes.subarray(2000));
    assert.equal(await run.update(), true);
    assert.equal(run.series().points.length, 100);
    assert.equal(await run.update(), false, 'nothing new');

    eventFile(dir, 'Dec01_10-10-00_node1', submitted + 600_000, path.join(FIXTURES, 'batches/events.out.tfevents.1764583200.node1.99.0'));
    await run.update();
    assert.deepEqual(run.files(), ['Dec01_10-00-01_node1/' + path.basename(file)], 'not looked for again yet');
    now += LOOK_EVERY_MS;
    assert.equal(await run.update(), true);
    assert.equal(run.files().length, 2);
  });

  it('says which file is damaged and where, and shows its curves up to there', async () => {
    const file = eventFile(dir, 'Dec01_10-00-05_node1', submitted + 5000);
    const bytes = readFileSync(file);
    bytes[3000] ^= 0xff;
    writeFileSync(file, bytes);
    const run = LogdirRun.ofJob([dir], { from: submitted, to: submitted + 60_000 });
    await run.update();
    const steps = run.series().points.length;
    assert.ok(steps > 10 && steps < 100, `${steps} steps before the damage`);
    const [problem, ...more] = run.problems().map(english);
    assert.equal(more.length, 0);
    assert.match(problem, /^Dec01_10-00-05_node1\/events\.out\.tfevents\.\d+\.node1\.\d+\.0 is damaged in its record at byte \d+: the data of a record does not match its checksum\. Its curves end there\.$/);
  });
  it('lists the folders of a log folder that hold event files as runs, and reads each folder’s own files', async () => {
    const t = Date.parse('2025-12-01T10:00:00Z');
    eventFile(dir, 'A', t);
    eventFile(dir, 'B/train', t + 1000, path.join(FIXTURES, 'keras/train/events.out.tfevents.1764583200.node1.77.0.v2'));
    eventFile(dir, 'B/validation', t + 2000, path.join(FIXTURES, 'keras/validation/events.out.tfevents.1764583200.node1.77.1.v2'));
    writeFileSync(path.join(dir, 'B', 'config.yaml'), 'lr: 0.1\n');
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'hai-tb-other-'));
    try {
      eventFile(elsewhere, 'C', t);
      symlinkSync(path.join(elsewhere, 'C'), path.join(dir, 'C'));
      const runs = await findLogRuns(dir);
      assert.deepEqual(
        runs.map((r) => [r.name, r.newest]),
        [
          ['A', t],
          ['B/train', t + 1000],
          ['B/validation', t + 2000],
        ],
      );
      // A job that wrote into B while it ran owns B's folders; A, written before it, stays a run of its own.
      const job = { logdirs: [path.join(dir, 'B')], window: { from: t + 500, to: t + 2500 } };
      assert.deepEqual(runs.filter((r) => isJobsRun(r, job)).map((r) => r.name), ['B/train', 'B/validation']);
      // Written half a minute before the job's submission: within a compute node's clock slack.
      assert.deepEqual(runs.filter((r) => isJobsRun(r, { logdirs: [dir], window: { from: t + 30_000 } })).map((r) => r.name), ['A', 'B/train', 'B/validation']);
      assert.deepEqual(runs.filter((r) => isJobsRun(r, { logdirs: [path.join(dir, 'B')], window: { from: t + 3_600_000 } })), []);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    assert.deepEqual(
      (await findLogRuns(path.join(dir, 'A'))).map((r) => r.name),
      ['.'],
    );

    let now = t;
    const b = LogdirRun.ofFolder(path.join(dir, 'B'), () => now);
    await b.update();
    assert.deepEqual(b.series().points, [], 'B itself holds no event file; its subfolders are runs of their own');
    const train = LogdirRun.ofFolder(path.join(dir, 'B', 'train'), () => now);
    await train.update();
    assert.deepEqual(Object.keys(train.series().points[0].values), ['epoch_loss']);
    // A writer that starts again in the same folder (a resumed run) adds its file.
    eventFile(dir, 'B/train', t + 3_600_000);
    now += LOOK_EVERY_MS;
    await train.update();
    assert.equal(train.files().length, 2);
    assert.ok('Loss/train' in train.series().points.at(-1)!.values);
  });
  it('reads Ultralytics’ results.csv of the run’s own folder, not an earlier run’s, and prefers event files beside it', async () => {
    const csv = path.resolve(__dirname, '../../../test/fixtures/csv-logs/ultralytics/results.csv');
    const earlier = path.join(dir, 'detect', 'train', 'results.csv');
    const own = path.join(dir, 'detect', 'train2', 'results.csv');
    for (const file of [earlier, own]) {
      mkdirSync(path.dirname(file), { recursive: true });
      copyFileSync(csv, file);
    }
    // The earlier run last wrote its results a day before this one was submitted.
    const day = new Date(submitted - 86_400_000);
    utimesSync(earlier, day, day);
    const ownTime = new Date(submitted + 30_000);
    utimesSync(own, ownTime, ownTime);
    assert.deepEqual(await findLogFiles(dir, { from: submitted }), [own]);
    const run = LogdirRun.ofJob([dir], { from: submitted });
    await run.update();
    const series = run.series();
    assert.equal(series.axis, 'epoch');
    assert.equal(series.points.length, 10);
    assert.equal(series.points[0].values['metrics/mAP50(B)'], 0.2);

    // With TensorBoard installed, Ultralytics writes event files there too: they are what is shown.
    eventFile(dir, 'detect/train2', submitted + 20_000);
    const both = LogdirRun.ofJob([dir], { from: submitted });
    await both.update();
    assert.equal(both.series().axis, 'step');
    assert.ok('Loss/train' in both.series().points[0].values);

    assert.deepEqual(
      (await findLogRuns(dir)).map((r) => r.name),
      ['detect/train', 'detect/train2'],
    );
  });
  it('starts a CSV log over when the writer rewrites it with a longer header (Lightning, at a name’s first value)', async () => {
    const file = path.join(dir, 'version_0', 'metrics.csv');
    mkdirSync(path.dirname(file));
    writeFileSync(file, 'train_loss,epoch,step\n0.9,0,9\n0.8,0,19\n');
    const run = LogdirRun.ofFolder(path.dirname(file));
    await run.update();
    assert.deepEqual(Object.keys(run.series().points[1].values), ['train_loss']);
    // The first validation: the whole file again, longer, with val_loss in its header.
    writeFileSync(file, 'train_loss,epoch,step,val_loss\n0.9,0,9,\n0.8,0,19,\n,0,19,0.85\n');
    assert.equal(await run.update(), true);
    assert.deepEqual(run.series().points[1], { x: 19, values: { train_loss: 0.8, val_loss: 0.85 } });
  });

  it('reads a file larger than one read in pieces, to the same curves, and says when a file has too many tags', async () => {
    const batches = readFileSync(path.join(FIXTURES, 'batches/events.out.tfevents.1764583200.node1.99.0'));
    const [head] = [...new TfRecordReader().feed(batches)];
    const events = batches.subarray(16 + head.length);
    // About 3 MB: more than one 2 MiB read.
    const big = Buffer.concat([batches, ...Array.from({ length: 12 }, () => events)]);
    assert.ok(big.length > 2 * 1024 * 1024);
    const file = path.join(dir, 'big', 'events.out.tfevents.1764583200.node1.1.0');
    mkdirSync(path.dirname(file));
    writeFileSync(file, big);
    const run = LogdirRun.ofFolder(path.dirname(file));
    await run.update();
    const whole = new EventFileScalars();
    whole.feed(big);
    // The copies repeat steps 0–4999: the series has one point per step, the last value read for it.
    const byStep = new Map<number, number>();
    for (const v of whole.values()) byStep.set(v.step, v.value);
    assert.deepEqual(
      run.series().points.map((p) => [p.x, p.values['Loss/train']]),
      [...byStep.entries()].sort((a, b) => a[0] - b[0]),
    );

    // 600 tags in one event: the first 500 are kept, the rest counted and said.
    const many = path.join(dir, 'many', 'events.out.tfevents.1764583200.node1.2.0');
    mkdirSync(path.dirname(many));
    writeFileSync(many, manyTagsFile(600));
    const wide = LogdirRun.ofFolder(path.dirname(many));
    await wide.update();
    assert.equal(Object.keys(wide.series().points[0].values).length, MAX_TAGS);
    assert.deepEqual(wide.problems().map(english), [`${path.basename(many)}: only the first 500 tags are shown; tags left out: 100.`]);

    // More values in one event than are read: the first ones, and the rest counted and said.
    const crowded = path.join(dir, 'crowded', 'events.out.tfevents.1764583200.node1.3.0');
    mkdirSync(path.dirname(crowded));
    writeFileSync(crowded, manyTagsFile(MAX_VALUES_PER_EVENT + 5));
    const full = LogdirRun.ofFolder(path.dirname(crowded));
    await full.update();
    assert.deepEqual(full.problems().map(english), [
      `${path.basename(crowded)}: only the first ${MAX_VALUES_PER_EVENT} values of an event are read; values left out: 5.`,
      `${path.basename(crowded)}: only the first 500 tags are shown; tags left out: ${MAX_VALUES_PER_EVENT - MAX_TAGS}.`,
    ]);
  });

  // A sparse file: as large as any, on no disk. Read to its end, it would take minutes.
  const HUGE = 16 * 1024 ** 3;

  it('reads a damaged file no further, however large, until it is rewritten', async () => {
    const file = path.join(dir, 'events.out.tfevents.1764583200.node1.4.0');
    const name = path.basename(file);
    const torch = readFileSync(TORCH);
    const damagedAt = (at: number): string[] => [`${name} is damaged in its record at byte ${at}: the length of a record does not match its checksum. Its curves end there.`];
    writeFileSync(file, 'not the header of a record');
    truncateSync(file, HUGE);
    const run = LogdirRun.ofFolder(dir);
    await run.update();
    assert.deepEqual(run.problems().map(english), damagedAt(0));
    assert.equal(await run.update(), false);

    // Written again, shorter: read from its start.
    writeFileSync(file, torch);
    assert.equal(await run.update(), true);
    assert.equal(run.series().points.length, 100);
    assert.deepEqual(run.problems(), []);

    // Damaged at its end, then growing: what it gains is not read.
    appendFileSync(file, 'not the header of a record');
    await run.update();
    assert.deepEqual(run.problems().map(english), damagedAt(torch.length));
    truncateSync(file, HUGE);
    assert.equal(await run.update(), false);
    assert.deepEqual(run.problems().map(english), damagedAt(torch.length));

    // Another file put in its place: read from its start.
    writeFileSync(`${file}.new`, torch);
    renameSync(`${file}.new`, file);
    assert.equal(await run.update(), true);
    assert.equal(run.series().points.length, 100);
    assert.deepEqual(run.problems(), []);
  });

  it('reads zeros after the last record again a few times, then says the file is damaged and reads it no further', async () => {
    const file = path.join(dir, 'events.out.tfevents.1764583200.node1.5.0');
    const torch = readFileSync(TORCH);
    writeFileSync(file, torch);
    truncateSync(file, HUGE);
    const run = LogdirRun.ofFolder(dir);
    for (let i = 0; i <= TAIL_RETRIES; i++) {
      assert.deepEqual(run.problems(), [], `not damage yet, read ${i}`);
      await run.update();
    }
    assert.equal(run.series().points.length, 100);
    const damaged = [`${path.basename(file)} is damaged in its record at byte ${torch.length}: the length of a record does not match its checksum. Its curves end there.`];
    assert.deepEqual(run.problems().map(english), damaged);
    assert.equal(await run.update(), false);
    assert.deepEqual(run.problems().map(english), damaged);
  });
});
