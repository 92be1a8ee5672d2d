import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EventFileScalars } from './eventScalars';
import { MAX_POINTS } from './thinnedCurve';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/tensorboard');

function read(rel: string): EventFileScalars {
  const scalars = new EventFileScalars();
  scalars.feed(readFileSync(path.join(FIXTURES, rel)));
  return scalars;
}

function curve(scalars: EventFileScalars, tag: string): [number, number][] {
  return [...scalars.values()].filter((v) => v.tag === tag).map((v) => [v.step, v.value]);
}

describe('the scalars of a TensorBoard event file', () => {
  it('reads what PyTorch’s add_scalar writes: every step of each tag, the image left out', () => {
    const scalars = read('torch/events.out.tfevents.1764583200.node1.4242.0');
    assert.deepEqual(scalars.tags().sort(), ['Accuracy/train', 'Loss/train', 'Loss/val']);
    const train = curve(scalars, 'Loss/train');
    assert.equal(train.length, 100);
    assert.equal(train[0][0], 1);
    assert.equal(Math.fround(train[0][1]), Math.fround(2 * Math.exp(-1 / 40)), 'the float the writer stored');
    assert.equal(train[99][0], 100);
    assert.equal(Math.fround(train[99][1]), Math.fround(2 * Math.exp(-100 / 40)));
    assert.deepEqual(
      curve(scalars, 'Loss/val').map(([step]) => step),
      [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    );
    assert.equal(scalars.damage, undefined);
  });

  it('reads TensorFlow 2’s scalar tensors, as float_val and as tensor_content, and leaves out its histograms', () => {
    for (const rel of ['keras/train/events.out.tfevents.1764583200.node1.77.0.v2', 'keras/validation/events.out.tfevents.1764583200.node1.77.1.v2']) {
      const scalars = read(rel);
      assert.deepEqual(scalars.tags(), ['epoch_loss'], rel);
      // Shown as the shortest decimal of the stored float: 0.2, not 0.20000000298023224.
      assert.deepEqual(curve(scalars, 'epoch_loss'), [
        [0, 1],
        [1, 0.5],
        [2, 0.33333334],
        [3, 0.25],
        [4, 0.2],
      ]);
    }
  });

  it('keeps an evenly spaced subset of a tag logged every batch, and its latest value', () => {
    const scalars = read('batches/events.out.tfevents.1764583200.node1.99.0');
    const points = curve(scalars, 'Loss/train');
    assert.ok(points.length <= MAX_POINTS + 1, `${points.length} points`);
    assert.ok(points.length > MAX_POINTS / 2, `${points.length} points`);
    assert.deepEqual(points[0], [0, 1]);
    assert.deepEqual(points[points.length - 1], [4999, 1.9998], 'where the run is');
    const gaps = new Set(points.slice(0, -1).map(([step], i) => points[i + 1][0] - step).slice(0, -1));
    assert.equal(gaps.size, 1, `evenly spaced: ${[...gaps].join(', ')}`);
  });

  it('gives the same curves whether the file is read at once or as it grows', () => {
    const bytes = readFileSync(path.join(FIXTURES, 'torch/events.out.tfevents.1764583200.node1.4242.0'));
    const growing = new EventFileScalars();
    const changes: boolean[] = [];
    for (let at = 0; at < bytes.length; at += 700) changes.push(growing.feed(bytes.subarray(at, at + 700)));
    assert.ok(changes.filter(Boolean).length > 5, 'curves grew piece by piece');
    assert.deepEqual([...growing.values()], [...read('torch/events.out.tfevents.1764583200.node1.4242.0').values()]);
  });
});
