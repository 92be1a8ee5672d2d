// YOLO label files: reading the tools' own lines (boxes, predictions with a confidence, polygons),
// errors that name the line, what a task cannot hold said before writing, and property-based round
// trips (fast-check) over random boxes and polygons: written, read back, within the six decimals.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { english } from '../text/message';
import { parseClassesTxt, parseDataYamlNames } from './classes';
import { LABEL_FORMATS } from './formats';
import type { Annotation, Shape } from './shapes';
import { parseYolo, writeYolo } from './yolo';
import { lineOf } from './lineOfError';

const CLASSES = ['jet', 'muon', 'spot'];
const IMAGE = { imageWidth: 640, imageHeight: 480, classes: CLASSES };

describe('YOLO label files', () => {
  it('reads boxes, a prediction with its confidence and polygons, in pixels of the image', () => {
    const a = parseYolo('0 0.5 0.5 0.25 0.5\r\n2 0.1 0.2 0.1 0.1 0.87\n\n1 0.1 0.1 0.2 0.1 0.2 0.3\n', IMAGE);
    // Pixels as floats: 0.1 × 640 is 64.00000000000001; compared to a billionth.
    const rounded = JSON.parse(JSON.stringify(a.shapes.map(({ extra: _extra, ...s }) => s), (_k, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
    assert.equal(a.shapes[1].extra?.yolo?.confidence, '0.87');
    assert.deepEqual(rounded, [
      { kind: 'box', label: 'jet', x: 240, y: 120, width: 160, height: 240 },
      { kind: 'box', label: 'spot', x: 32, y: 72, width: 64, height: 48 },
      {
        kind: 'polygon',
        label: 'muon',
        points: [
          [64, 48],
          [128, 48],
          [128, 144],
        ],
      },
    ]);
  });

  it('writes a prediction’s confidence back with its box while unchanged, and says it is left out otherwise', () => {
    const text = '2 0.100000 0.200000 0.100000 0.100000 0.87\n0 0.500000 0.500000 0.250000 0.500000 1e-3\n';
    const a = parseYolo(text, IMAGE);
    assert.deepEqual(writeYolo(a, CLASSES, 'detect'), { text, losses: [] });
    const [first, second] = a.shapes;
    assert.ok(first.kind === 'box');
    const edited = writeYolo({ ...a, shapes: [{ ...first, x: first.x + 1 }, { ...second, label: 'muon' }] }, CLASSES, 'detect');
    assert.doesNotMatch(edited.text, /0\.87|1e-3/);
    assert.deepEqual(edited.losses.map(english), ['box 1 (spot) is not as it was read: the confidence 0.87 written with it is left out', 'box 2 (muon) is not as it was read: the confidence 1e-3 written with it is left out']);
    const labelme = LABEL_FORMATS.labelme.write(a, { imageFileName: 'a.png', imageWidth: 640, imageHeight: 480 });
    assert.deepEqual(labelme.losses.map(english), ['box 1 (spot): labelme has no place for the confidence 0.87 read with it, which is left out', 'box 2 (jet): labelme has no place for the confidence 1e-3 read with it, which is left out']);
  });

  it('names the line of a malformed label, and refuses unknown class ids', () => {
    assert.equal(lineOf(() => parseYolo('0 0.5 0.5 0.1 0.1\nx 0.5 0.5 0.1 0.1\n', IMAGE)), 2);
    assert.throws(() => parseYolo('0 0.5 0.5 0.1 0.1\n\n0 0.5 nan? 0.1 0.1', IMAGE), /line 3: "nan\?" is not a number/);
    assert.throws(() => parseYolo('0 0.1 0.2 0.3', IMAGE), /line 1: expected a class and 4 numbers .* found 3/);
    assert.throws(() => parseYolo('0 0.1 0.2 0.3 0.4 0.5 0.6 0.7', IMAGE), /found 7/);
    assert.throws(() => parseYolo('7 0.5 0.5 0.1 0.1', IMAGE), /line 1: class 7 is not in the class list \(3 classes\)/);
  });

  it('refuses finite numbers that give an infinite shape, and never writes a coordinate that is not a number', () => {
    // 1e308 − (−1e308)/2 overflows: the line was read, then saved as "-Infinity" and "NaN".
    assert.throws(() => parseYolo('0 0.5 0.5 0.1 0.1\n0 1e308 0.5 -1e308 0.1\n', IMAGE), /line 2: the coordinates are too large: the shape they give has no finite size/);
    const huge: Annotation = { imageWidth: 640, imageHeight: 480, shapes: [{ kind: 'box', label: 'jet', x: 0, y: 0, width: 1, height: 1 }, { kind: 'box', label: 'jet', x: -1e308, y: 0, width: Infinity, height: 1 }] };
    assert.throws(() => writeYolo(huge, CLASSES, 'detect'), /shape 2 has a coordinate of Infinity, which a YOLO file cannot hold: move or redraw it/);
  });

  it('says what a task cannot hold: polygons become boxes in detection, boxes become polygons in segmentation, points are left out', () => {
    const a: Annotation = {
      imageWidth: 100,
      imageHeight: 50,
      shapes: [
        { kind: 'polygon', label: 'jet', points: [[10, 10], [30, 5], [20, 40]] },
        { kind: 'box', label: 'muon', x: 0, y: 0, width: 50, height: 25 },
        { kind: 'point', label: 'spot', x: 3, y: 4 },
      ],
    };
    const detect = writeYolo(a, CLASSES, 'detect');
    assert.equal(detect.text, '0 0.200000 0.450000 0.200000 0.700000\n1 0.250000 0.250000 0.500000 0.500000\n');
    assert.deepEqual(detect.losses.map(english), ['polygon 1 (jet) becomes its bounding box', 'point 3 (spot) has no YOLO form and is left out']);
    const segment = writeYolo(a, CLASSES, 'segment');
    assert.equal(segment.text.split('\n')[1], '1 0.000000 0.000000 0.500000 0.000000 0.500000 0.500000 0.000000 0.500000');
    assert.match(english(segment.losses[0]), /box 2 \(muon\) becomes a 4-point polygon/);
    assert.throws(() => writeYolo({ ...a, shapes: [{ kind: 'point', label: 'pion', x: 1, y: 1 }] }, CLASSES, 'detect'), /"pion", which is not in the class list/);
  });

  describe('round trips (fast-check)', () => {
    const size = fc.record({ imageWidth: fc.integer({ min: 1, max: 8000 }), imageHeight: fc.integer({ min: 1, max: 8000 }) });
    const unit = fc.double({ min: 0, max: 1, noNaN: true });
    const label = fc.constantFrom(...CLASSES);
    const close = (a: number, b: number, scale: number): boolean => Math.abs(a - b) <= 1e-6 * scale;

    it('keeps every box of a detection file to within a millionth of the image', () => {
      fc.assert(
        fc.property(size, fc.array(fc.tuple(label, unit, unit, unit, unit), { maxLength: 30 }), ({ imageWidth: w, imageHeight: h }, raw) => {
          const shapes: Shape[] = raw.map(([l, a, b, c, d]) => ({ kind: 'box', label: l, x: Math.min(a, c) * w, y: Math.min(b, d) * h, width: Math.abs(a - c) * w, height: Math.abs(b - d) * h }));
          const out = writeYolo({ imageWidth: w, imageHeight: h, shapes }, CLASSES, 'detect');
          assert.deepEqual(out.losses, []);
          const back = parseYolo(out.text, { imageWidth: w, imageHeight: h, classes: CLASSES }).shapes;
          assert.equal(back.length, shapes.length);
          back.forEach((s, i) => {
            const o = shapes[i];
            assert.ok(s.kind === 'box' && o.kind === 'box' && s.label === o.label);
            if (s.kind !== 'box' || o.kind !== 'box') return;
            assert.ok(close(s.x, o.x, w) && close(s.y, o.y, h) && close(s.width, o.width, w) && close(s.height, o.height, h), JSON.stringify([s, o]));
          });
        }),
      );
    });

    it('keeps every polygon of a segmentation file, vertex by vertex', () => {
      fc.assert(
        fc.property(size, fc.array(fc.tuple(label, fc.array(fc.tuple(unit, unit), { minLength: 3, maxLength: 40 })), { maxLength: 10 }), ({ imageWidth: w, imageHeight: h }, raw) => {
          const shapes: Shape[] = raw.map(([l, pts]) => ({ kind: 'polygon', label: l, points: pts.map(([x, y]) => [x * w, y * h] as const) }));
          const out = writeYolo({ imageWidth: w, imageHeight: h, shapes }, CLASSES, 'segment');
          assert.deepEqual(out.losses, []);
          const back = parseYolo(out.text, { imageWidth: w, imageHeight: h, classes: CLASSES }).shapes;
          back.forEach((s, i) => {
            const o = shapes[i];
            assert.ok(s.kind === 'polygon' && o.kind === 'polygon' && s.points.length === o.points.length && s.label === o.label);
            if (s.kind !== 'polygon' || o.kind !== 'polygon') return;
            s.points.forEach(([x, y], k) => assert.ok(close(x, o.points[k][0], w) && close(y, o.points[k][1], h)));
          });
        }),
      );
    });
  });
});

describe('class lists', () => {
  it('reads classes.txt in its order, trailing blank lines allowed, and refuses holes and duplicates', () => {
    assert.deepEqual(parseClassesTxt('jet\r\nmuon \nspot\n\n'), ['jet', 'muon', 'spot']);
    assert.throws(() => parseClassesTxt('jet\n\nspot\n'), /line 2: an empty line between class names/);
    assert.throws(() => parseClassesTxt('jet\nmuon\njet\n'), /class "jet" is listed twice \(ids 0 and 2\)/);
  });

  it('reads the names of a YOLO data.yaml, as a list or a map from id to name', () => {
    assert.deepEqual(parseDataYamlNames('path: ../datasets\nnames:\n  - person\n  - bicycle\n'), ['person', 'bicycle']);
    assert.deepEqual(parseDataYamlNames('names:\n  1: bicycle\n  0: person\n'), ['person', 'bicycle']);
    assert.throws(() => parseDataYamlNames('names:\n  0: person\n  2: car\n'), /class 1 has no name/);
    // One huge id once made a list of a hundred million holes (20 s, 1.7 GB) from 40 bytes.
    const t = performance.now();
    assert.throws(() => parseDataYamlNames('names:\n  0: person\n  100000000: bicycle\n'), /data.yaml names: class 1 has no name/);
    assert.ok(performance.now() - t < 1000, `took ${performance.now() - t} ms`);
    assert.throws(() => parseDataYamlNames('nc: 2\n'), /has no `names`/);
    assert.throws(() => parseDataYamlNames('names: [a, *b]'), /not valid YAML/);
  });
});
