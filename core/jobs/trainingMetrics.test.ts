import * as assert from 'node:assert/strict';
import { JsonlMetricsParser, metricNames, WeaverLogParser } from './trainingMetrics';

// Lines in the format weaver-core writes (logger format '[%(asctime)s] %(levelname)s: %(message)s',
// messages of weaver/train.py and weaver/utils/nn/tools.py; tqdm's bar on stderr, \r-separated).
const WEAVER_LOG = [
  '[2026-11-28 10:00:00,001] INFO: --------------------------------------------------',
  '[2026-11-28 10:00:00,002] INFO: Epoch #0 training',
  '\r  0%|          | 0/20000 [00:00<?, ?it/s]\r 50%|█████     | 10000/20000 [05:00<05:00, 33.3it/s, lr=1.00e-03, Loss=0.61234, AvgLoss=0.70000, Acc=0.70000, AvgAcc=0.65000]\r100%|██████████| 20000/20000 [10:00<00:00, 33.3it/s, lr=9.50e-04, Loss=0.51234, AvgLoss=0.60000, Acc=0.75000, AvgAcc=0.70000]',
  '[2026-11-28 10:10:00,000] INFO: Processed 10240000 entries in total (avg. speed 17066.7 entries/s)',
  '[2026-11-28 10:10:00,001] INFO: Train AvgLoss: 0.60000, AvgAcc: 0.70000',
  "[2026-11-28 10:10:00,002] INFO: Train class distribution: \n    [(0, 1024000), (1, 1024000)]",
  '[2026-11-28 10:10:00,003] INFO: Epoch #0 validating',
  '[2026-11-28 10:11:00,000] INFO: Processed 1280000 entries in total (avg. speed 21333.3 entries/s)',
  '[2026-11-28 10:11:00,002] INFO: \u001b[1mEpoch #0: Current validation metric: 0.72000 (best: 0.72000)\u001b[0m',
  '[2026-11-28 10:11:00,003] INFO: --------------------------------------------------',
  '[2026-11-28 10:11:00,004] INFO: Epoch #1 training',
  '\r100%|██████████| 20000/20000 [10:00<00:00, 33.3it/s, lr=5.00e-04, Loss=0.4, AvgLoss=0.45000, Acc=0.8, AvgAcc=0.80000]',
  '[2026-11-28 10:21:00,001] INFO: Train AvgLoss: 0.45000, AvgAcc: 0.80000',
  '[2026-11-28 10:22:00,002] INFO: Epoch #1: Current validation metric: 0.81000 (best: 0.81000)',
  '[2026-11-28 11:00:00,000] INFO: \u001b[1mTest metric 0.80500\u001b[0m',
  '',
].join('\n');

describe('training metrics', () => {
  it('reads loss, accuracy, learning rate and validation metric per epoch from weaver’s log', () => {
    const p = new WeaverLogParser();
    assert.ok(p.feed(WEAVER_LOG));
    const s = p.series();
    assert.equal(s.axis, 'epoch');
    assert.deepEqual(s.points, [
      { x: 0, values: { train_loss: 0.6, train_acc: 0.7, lr: 0.00095, val_metric: 0.72, val_best: 0.72 } },
      { x: 1, values: { train_loss: 0.45, train_acc: 0.8, lr: 0.0005, val_metric: 0.81, val_best: 0.81, test_metric: 0.805 } },
    ]);
    assert.deepEqual(metricNames(s), ['train_loss', 'test_metric', 'train_acc', 'val_best', 'val_metric', 'lr']);
  });

  it('gives the same result however the log arrives in pieces', () => {
    const whole = new WeaverLogParser();
    whole.feed(WEAVER_LOG);
    const pieces = new WeaverLogParser();
    for (let i = 0; i < WEAVER_LOG.length; i += 7) pieces.feed(WEAVER_LOG.slice(i, i + 7));
    assert.deepEqual(pieces.series(), whole.series());
  });

  it('reads a very long line without a newline in linear time, and the metrics after it', () => {
    const parser = new WeaverLogParser();
    const piece = 'x'.repeat(256 * 1024);
    const started = Date.now();
    // 48 MiB of one line in 256 KiB pieces: re-reading the line so far at each piece took seconds.
    for (let i = 0; i < 192; i++) parser.feed(piece);
    const ms = Date.now() - started;
    assert.ok(ms < 1500, `${ms} ms for 48 MiB`);
    parser.feed('\nEpoch #0 training\n\r 10%|█ | lr=1.00e-03\r 20%|██| lr=2.00e-03\nTrain AvgLoss: 0.5, AvgAcc: 0.75\n');
    assert.deepEqual(parser.series().points, [{ x: 0, values: { train_loss: 0.5, train_acc: 0.75, lr: 2e-3 } }]);
  });

  it('reads metrics.jsonl, skipping what is not a JSON object with an epoch', () => {
    const p = new JsonlMetricsParser();
    p.feed('{"epoch": 1, "train_loss": 0.5, "val_acc": 0.7, "note": "text is ignored"}\nnot json\n[1,2]\n{"epoch": 2, "train_loss": 0.4');
    assert.deepEqual(p.series().points, [{ x: 1, values: { train_loss: 0.5, val_acc: 0.7 } }]);
    p.feed(', "val_acc": 0.75}\n{"val_acc": 1}\n');
    assert.deepEqual(p.series().points.map((x) => x.x), [1, 2]);
    assert.equal(p.badLines, 3);
  });

  it('reads a metrics.jsonl line of several hundred kilobytes that arrives in pieces', () => {
    // A record with a per-class accuracy for 10,000 classes, written out in three pieces.
    const record: Record<string, number> = { epoch: 4 };
    for (let c = 0; c < 10_000; c++) record[`val_acc_class_${c}`] = Math.round(((c * 7919) % 1000) / 10) / 100;
    const line = `${JSON.stringify(record)}\n`;
    assert.ok(line.length > 250_000);
    const p = new JsonlMetricsParser();
    const third = Math.floor(line.length / 3);
    p.feed(line.slice(0, third));
    p.feed(line.slice(third, 2 * third));
    p.feed(line.slice(2 * third));
    const values = Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'epoch'));
    assert.deepEqual(p.series().points, [{ x: 4, values }]);
    assert.equal(p.badLines, 0);
  });

  it('keeps the valid values of a weaver epoch whose validation metric or loss is nan or inf', () => {
    const p = new WeaverLogParser();
    p.feed(
      [
        '[2026-11-28 10:00:00,002] INFO: Epoch #4 training',
        '[2026-11-28 10:10:00,001] INFO: Train AvgLoss: -inf, AvgAcc: 0.50000',
        '[2026-11-28 10:11:00,002] INFO: Epoch #4: Current validation metric: nan (best: 0.81000)',
        '[2026-11-28 10:22:00,002] INFO: Epoch #5: Current validation metric: 0.79000 (best: inf)',
        '',
      ].join('\n'),
    );
    assert.deepEqual(p.series().points, [
      { x: 4, values: { train_acc: 0.5, val_best: 0.81 } },
      { x: 5, values: { val_metric: 0.79 } },
    ]);
  });

  it('reads the NaN and Infinity that Python’s json.dumps writes, keeping the line’s valid values', () => {
    const p = new JsonlMetricsParser();
    p.feed(
      [
        '{"epoch": 1, "train_loss": NaN, "val_acc": 0.83, "lr": 0.001, "note": "NaN, Infinity and \\"-Infinity\\" in text stay text"}',
        '{"epoch": 2, "train_loss": Infinity, "grad_norm": -Infinity, "val_acc":0.8,"lr":[NaN][0]}',
        '{"epoch": 3, "train_loss":-Infinity,"val_acc":0.79}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(p.series().points, [
      { x: 1, values: { val_acc: 0.83, lr: 0.001 } },
      { x: 3, values: { val_acc: 0.79 } },
    ]);
    assert.equal(p.badLines, 1, 'only the line that is not JSON even with NaN read as a number');
  });

  it('uses steps when the file logs steps', () => {
    const p = new JsonlMetricsParser();
    p.feed('{"step": 100, "loss": 2.5}\n{"step": 200, "loss": 2.1, "lr": 0.001}\n');
    assert.deepEqual(p.series(), { axis: 'step', points: [{ x: 100, values: { loss: 2.5 } }, { x: 200, values: { loss: 2.1, lr: 0.001 } }] });
  });
});
