import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { english } from '../../text/message';
import { MAX_VALUES_PER_EVENT } from './eventProto';
import { EventFileScalars, MAX_NAMES } from './eventScalars';
import { framedRecord } from '../../testing/tfRecords';
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

function varint(n: number): Buffer {
  const bytes: number[] = [];
  for (; n > 0x7f; n = Math.floor(n / 128)) bytes.push((n & 0x7f) | 0x80);
  bytes.push(n);
  return Buffer.from(bytes);
}

/** A length-delimited protobuf field. */
function field(no: number, body: Buffer): Buffer {
  return Buffer.concat([varint((no << 3) | 2), varint(body.length), body]);
}

/** A Summary.Value (as Summary's field 1): its tag, a simple_value, the plugin its metadata names. */
function value(tag: string, v?: number, plugin?: string): Buffer {
  const simple = Buffer.alloc(v === undefined ? 0 : 5);
  if (v !== undefined) {
    simple[0] = 0x15;
    simple.writeFloatLE(v, 1);
  }
  const metadata = plugin ? field(9, field(1, field(1, Buffer.from(plugin)))) : Buffer.alloc(0);
  return field(1, Buffer.concat([field(1, Buffer.from(tag)), simple, metadata]));
}

/** An event at `step` of the given values (Summary's fields), framed as a TFRecord. */
function eventRecord(step: number, values: Buffer): Buffer {
  return framed(Buffer.concat([Buffer.from([0x10]), varint(step), field(5, values)]));
}

const framed = framedRecord;

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

  it('reads the first values of an event that holds millions, counts the rest, and goes on to the next event', () => {
    // Five bytes a value (a tag, no number): a million of them in one record of 5 MB, well within a record's 64 MiB.
    const filler = Buffer.alloc(1_000_000 * value('x').length, value('x'));
    const scalars = new EventFileScalars();
    scalars.feed(Buffer.concat([eventRecord(1, Buffer.concat([value('loss', 0.5), filler])), eventRecord(2, value('loss', 0.25))]));
    assert.deepEqual(curve(scalars, 'loss'), [
      [1, 0.5],
      [2, 0.25],
    ]);
    assert.deepEqual(scalars.tags(), ['loss']);
    assert.equal(scalars.valuesLeftOut, 1_000_001 - MAX_VALUES_PER_EVENT);
    assert.equal(scalars.damage, undefined);
  });

  it('leaves out the tags another plugin names, also their later values without metadata, remembering a bounded number of them', () => {
    const scalars = new EventFileScalars();
    // TensorFlow names a tag's plugin on its first value only.
    scalars.feed(eventRecord(1, Buffer.concat([value('text', undefined, 'text'), value('loss', 1, 'scalars')])));
    scalars.feed(eventRecord(2, Buffer.concat([value('text', 7), value('loss', 2)])));
    assert.deepEqual(scalars.tags(), ['loss']);

    // More tags of other plugins than remembered (o000000, o000001…): past the bound, a tag is judged by its values alone.
    const one = value('o000000', undefined, 'text');
    const many = Buffer.alloc((MAX_NAMES + 1) * one.length, one);
    // Each copy's digits, 5 bytes in: after the value's key and length, the tag's, and its 'o'.
    for (let i = 0; i <= MAX_NAMES; i++) many.write(String(i).padStart(6, '0'), i * one.length + 5, 'latin1');
    for (let i = 0; i <= MAX_NAMES; i += MAX_VALUES_PER_EVENT) scalars.feed(eventRecord(3, many.subarray(i * one.length, (i + MAX_VALUES_PER_EVENT) * one.length)));
    const last = `o${String(MAX_NAMES).padStart(6, '0')}`;
    scalars.feed(eventRecord(4, Buffer.concat([value('o000000', 7), value(last, 7), value('loss', 3)])));
    assert.deepEqual(scalars.tags(), ['loss', last]);
    assert.deepEqual(curve(scalars, 'loss').at(-1), [4, 3]);
    assert.equal(scalars.tagsLeftOut, 0);
  });

  it('skips the fields it does not read, and says a record that is not an event is damage, keeping the curves before it', () => {
    const scalars = new EventFileScalars();
    // Before the step: a field of a later version of the format, and a group (field 15: start, a varint, end).
    const unknown = Buffer.concat([field(20, Buffer.from('graph')), Buffer.from([0x7b, 0x08, 0x01, 0x7c])]);
    const event = Buffer.concat([unknown, Buffer.from([0x10, 0x02]), field(5, value('loss', 0.25))]);
    scalars.feed(Buffer.concat([eventRecord(1, value('loss', 0.5)), framed(event), framed(event.subarray(0, -3)), eventRecord(3, value('loss', 0.125))]));
    assert.deepEqual(curve(scalars, 'loss'), [
      [1, 0.5],
      [2, 0.25],
    ]);
    assert.match(english(scalars.damage!.reason), /^a record is not a TensorBoard event \(.+\)$/);
  });
});
