import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CsvMetrics, MAX_COLUMNS, MAX_LINE } from './csvMetrics';
import { MAX_POINTS } from './thinnedCurve';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/csv-logs');

function read(rel: string): CsvMetrics {
  const table = new CsvMetrics();
  table.feed(readFileSync(path.join(FIXTURES, rel), 'utf8'));
  return table;
}

describe('the metrics of a CSV training log', () => {
  it('reads Ultralytics’ results.csv with its padded columns, one point per epoch', () => {
    const series = read('ultralytics-padded/results.csv').series();
    assert.equal(series.axis, 'epoch');
    assert.deepEqual(
      series.points.map((p) => p.x),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    const first = series.points[0].values;
    assert.equal(Object.keys(first).length, 13, 'every column but the epoch, names without their padding');
    assert.equal(first['metrics/mAP50(B)'], 0.2);
    assert.equal(first['train/box_loss'], 2.2);
    assert.equal(series.points[1].values['train/cls_loss'], 2.747);
  });

  it('reads the unpadded results.csv with a time column, leaving the time out', () => {
    const series = read('ultralytics/results.csv').series();
    assert.equal(series.points.length, 10);
    assert.ok(!('time' in series.points[0].values));
    assert.equal(series.points[1].values['val/dfl_loss'], 1.43364);
  });

  it('reads Lightning’s metrics.csv along its steps, each row’s cells where it logged them', () => {
    const series = read('lightning/version_0/metrics.csv').series();
    assert.equal(series.axis, 'step');
    assert.deepEqual(series.points[4], { x: 49, values: { train_loss_step: 0.285714, val_loss: 0.6, val_acc: 0.6, train_loss_epoch: 1 } });
    assert.deepEqual(series.points[0], { x: 9, values: { train_loss_step: 0.666667 } });
    assert.equal(series.points.length, 15);
  });

  it('gives the same points whether read at once or as the writer appends, and counts rows it cannot read', () => {
    const text = readFileSync(path.join(FIXTURES, 'lightning/version_0/metrics.csv'), 'utf8');
    const growing = new CsvMetrics();
    for (let at = 0; at < text.length; at += 7) growing.feed(text.slice(at, at + 7));
    assert.deepEqual(growing.series(), read('lightning/version_0/metrics.csv').series());
    const broken = new CsvMetrics();
    broken.feed('epoch,loss\n1,0.5\n"2,0.4\nthree,0.3\n4,0.2\n');
    assert.deepEqual(
      broken.series().points.map((p) => [p.x, p.values.loss]),
      [
        [1, 0.5],
        [4, 0.2],
      ],
    );
    assert.equal(broken.badRows, 2);
  });
  it('stays bounded: a line without end is skipped, columns are capped, a long log is thinned', () => {
    const table = new CsvMetrics();
    table.feed('epoch,loss\n1,0.5\n');
    // A runaway line (a binary file named metrics.csv), fed in pieces, then a good row.
    for (let i = 0; i < 20; i++) table.feed('x'.repeat(MAX_LINE / 4));
    table.feed('\n2,0.4\n');
    assert.deepEqual(
      table.series().points.map((p) => [p.x, p.values.loss]),
      [
        [1, 0.5],
        [2, 0.4],
      ],
    );
    assert.equal(table.badRows, 1);

    const wide = new CsvMetrics();
    wide.feed(['epoch', ...Array.from({ length: MAX_COLUMNS + 50 }, (_, i) => `m${i}`)].join(',') + '\n' + ['1', ...Array.from({ length: MAX_COLUMNS + 50 }, () => '0.5')].join(',') + '\n');
    assert.equal(Object.keys(wide.series().points[0].values).length, MAX_COLUMNS - 1, 'the columns after the first MAX_COLUMNS (the epoch among them) are left out');

    const long = new CsvMetrics();
    const rows = ['step,train_loss,val_loss'];
    for (let step = 0; step < 10_000; step++) rows.push(step % 100 === 99 ? `${step},,${1 / (step + 1)}` : `${step},${1 - step / 10_000},`);
    long.feed(rows.join('\n') + '\n');
    const points = long.series().points;
    const train = points.filter((p) => 'train_loss' in p.values);
    const val = points.filter((p) => 'val_loss' in p.values);
    assert.ok(train.length <= MAX_POINTS + 1 && train.length > MAX_POINTS / 2, `${train.length} training points`);
    assert.equal(val.length, 100, 'a column logged every 100 rows keeps all its points: each column is thinned on its own');
    assert.equal(train.at(-1)!.x, 9998, 'the latest training value');
  });
});
