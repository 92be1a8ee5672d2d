// labelme JSON: a hand-written file in labelme 5's layout read into boxes (corners in any order),
// grouped polygons, points and a PNG mask, with circles, lines and line strips kept as they are;
// written back as the same text when nothing was edited; edits keep unknown keys, groups and the
// kept objects' places; new files in labelme's layout; malformed files named by line; and
// property-based round trips (fast-check) over random shapes of every kind.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { english } from '../text/message';
import { readLabelme, writeLabelme } from './labelme';
import type { BinaryMask } from './mask';
import type { Annotation, Shape } from './shapes';
import { lineOf } from './lineOfError';

const FILE = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'annotation', 'labelme', 'run042_frame0007.json');
const TEXT = readFileSync(FILE, 'utf8');
const IMAGE = { imageFileName: 'run042_frame0007.png' };

/** Shapes without their extras and with plain arrays for mask pixels, for comparing what the user sees. */
const plain = (shapes: readonly Shape[]): unknown[] =>
  shapes.map(({ extra: _extra, ...rest }) => (rest.kind === 'mask' ? { ...rest, mask: { ...rest.mask, data: Array.from(rest.mask.data) } } : rest));

// The cluster drawn in make_fixtures.py: 12 × 8 pixels from x 300, y 120.
const CLUSTER = ['....##......', '...#####....', '..########..', '.##########.', '.#########..', '..#######...', '...####.....', '....#.......'];

describe('labelme files', () => {
  it('reads rectangles with corners in any order, grouped polygons, points and masks, and keeps circles and lines aside', () => {
    const a = readLabelme(TEXT, IMAGE);
    assert.deepEqual([a.imageWidth, a.imageHeight], [640, 480]);
    assert.deepEqual(plain(a.shapes), [
      { kind: 'box', label: 'jet', x: 300, y: 80.25, width: 110.5, height: 110.5 },
      { kind: 'polygon', label: '径迹', group: 1, points: [[120, 300.5], [180.25, 290], [240.123456789, 310], [230, 350.75], [130, 345]] },
      { kind: 'polygon', label: '径迹', group: 1, points: [[260, 330], [300, 322.5], [310, 360], [262.5, 366]] },
      { kind: 'point', label: 'vertex', x: 256, y: 240 },
      { kind: 'mask', label: 'cluster', mask: { x: 300, y: 120, width: 12, height: 8, data: CLUSTER.join('').split('').map((c) => (c === '#' ? 1 : 0)) } },
    ]);
    assert.deepEqual(
      a.kept?.map((k) => [k.index, english(k.description)]),
      [
        [4, 'circle (cluster)'],
        [5, 'linestrip (muon)'],
        [7, 'line (calibration)'],
      ],
    );
  });

  it('writes an unedited file back as the same text: labelme’s indentation, floats with .0, labels unescaped, no final newline', () => {
    const out = writeLabelme(readLabelme(TEXT, IMAGE), { ...IMAGE, previous: TEXT });
    assert.deepEqual(out.losses, []);
    assert.equal(out.text, TEXT);
  });

  it('writes edits with labelme’s keys and the file’s unknown ones, and puts kept objects back at their places', () => {
    const previous = JSON.stringify(
      {
        version: '5.3.1',
        flags: {},
        shapes: [
          { label: 'a', points: [[10, 20], [1, 2]], group_id: null, description: 'x', shape_type: 'rectangle', flags: { ok: true }, mask: null, score: 0.93 },
          { label: 'b', points: [[5, 5], [9, 5]], group_id: null, description: '', shape_type: 'circle', flags: {}, mask: null },
          { label: 'c', points: [[1, 1], [4, 1], [2, 3]], shape_type: 'polygon' },
        ],
        imagePath: '../images/a.png',
        imageData: 'aGVsbG8=',
        imageHeight: 40,
        imageWidth: 50,
        reviewer: 'bob',
      },
      null,
      2,
    );
    const a = readLabelme(previous, { imageFileName: 'a.png' });
    const [box, polygon] = a.shapes;
    assert.ok(box.kind === 'box' && polygon.kind === 'polygon');
    const mask: BinaryMask = { x: 3, y: 4, width: 2, height: 3, data: Uint8Array.from([1, 0, 1, 1, 0, 1]) };
    const edited: Annotation = { ...a, shapes: [{ ...box, x: 2 }, { ...polygon, group: 7 }, { kind: 'mask', label: 'd', mask }] };
    const out = writeLabelme(edited, { imageFileName: 'a.png', previous });
    assert.deepEqual(out.losses, []);
    const json = JSON.parse(out.text);
    assert.deepEqual(json.shapes[0], { label: 'a', points: [[2, 2], [11, 20]], group_id: null, description: 'x', shape_type: 'rectangle', flags: { ok: true }, mask: null, score: 0.93 });
    assert.deepEqual(json.shapes[1], JSON.parse(previous).shapes[1]);
    assert.deepEqual(json.shapes[2], { label: 'c', points: [[1, 1], [4, 1], [2, 3]], shape_type: 'polygon', group_id: 7 });
    assert.deepEqual(Object.keys(json.shapes[3]), ['label', 'points', 'group_id', 'description', 'shape_type', 'flags', 'mask']);
    assert.deepEqual(json.shapes[3].points, [[3, 4], [4, 6]]);
    assert.deepEqual([json.imagePath, json.imageData, json.reviewer, json.version], ['../images/a.png', 'aGVsbG8=', 'bob', '5.3.1']);
    // The new mask reads back pixel for pixel.
    const back = readLabelme(out.text, { imageFileName: 'a.png' }).shapes[2];
    assert.ok(back.kind === 'mask');
    assert.deepEqual({ ...back.mask, data: Array.from(back.mask.data) }, { ...mask, data: [1, 0, 1, 1, 0, 1] });
    // An unchanged rectangle keeps its corner order.
    assert.deepEqual(JSON.parse(writeLabelme(a, { imageFileName: 'a.png', previous }).text), JSON.parse(previous));
  });

  it('writes a new file as labelme does, and says an empty mask is left out', () => {
    const a: Annotation = {
      imageWidth: 4,
      imageHeight: 3,
      shapes: [
        { kind: 'point', label: 'p', x: 1, y: 2.5, group: 2 },
        { kind: 'mask', label: 'm', mask: { x: 0, y: 0, width: 0, height: 0, data: new Uint8Array(0) } },
      ],
    };
    const out = writeLabelme(a, { imageFileName: 'f.png' });
    assert.deepEqual(out.losses.map(english), ['mask 2 (m) is empty and is left out (labelme cannot open an empty mask)']);
    assert.equal(
      out.text,
      '{\n  "version": "5.5.0",\n  "flags": {},\n  "shapes": [\n    {\n      "label": "p",\n      "points": [\n        [\n          1.0,\n          2.5\n        ]\n      ],\n' +
        '      "group_id": 2,\n      "description": "",\n      "shape_type": "point",\n      "flags": {},\n      "mask": null\n    }\n  ],\n' +
        '  "imagePath": "f.png",\n  "imageData": null,\n  "imageHeight": 3,\n  "imageWidth": 4\n}',
    );
  });

  it('writes coordinates as Python’s json module does, tiny and huge ones included', () => {
    const a: Annotation = { imageWidth: 0, imageHeight: 0, shapes: [{ kind: 'polygon', label: 'p', points: [[0.00001, 1e16], [-0, 0.0001], [123456789.5, 1.5e-7]] }] };
    const text = writeLabelme(a, IMAGE).text;
    assert.match(text, /\[\n\s+1e-05,\n\s+1e\+16\n\s+\],\n\s+\[\n\s+-0\.0,\n\s+0\.0001\n\s+\],\n\s+\[\n\s+123456789\.5,\n\s+1\.5e-07\n/);
    assert.deepEqual(plain(readLabelme(text, IMAGE).shapes), plain(a.shapes));
  });

  it('keeps a Windows file’s line ends', () => {
    const crlf = TEXT.replace(/\n/g, '\r\n');
    assert.equal(writeLabelme(readLabelme(crlf, IMAGE), { ...IMAGE, previous: crlf }).text, crlf);
  });

  it('names the line of malformed JSON and of a shape that is not one, and says what to do', () => {
    assert.equal(lineOf(() => readLabelme(TEXT.replace('"shape_type": "point"', '"shape_type": point'), IMAGE)), TEXT.slice(0, TEXT.indexOf('"shape_type": "point"')).split('\n').length);
    assert.throws(() => readLabelme('{\n  "shapes": [\n    {"label": "a", "points": [[1, "2"]]}\n  ]\n}', IMAGE), /line 3: shape 1 \(a\): its points are not a list of \[x, y\] numbers/);
    assert.throws(() => readLabelme('{\n  "shapes": [\n    {"points": []}\n  ]\n}', IMAGE), /line 3: shape 1 has no label/);
    const notPng = '{"shapes": [{"label": "m", "points": [[0, 0], [1, 1]], "shape_type": "mask", "mask": "bm90IGEgUE5H"}]}';
    assert.throws(() => readLabelme(notPng, IMAGE), /shape 1 \(m\): its mask is not a base64 PNG; draw the mask again/);
    assert.throws(() => readLabelme('{"version": "5.5.0"}', IMAGE), /not a labelme annotation: it has no `shapes` list/);
  });

  it('refuses a mask larger than the image itself, whatever size the file claims for the image', () => {
    // The file's imageWidth and imageHeight were the only bound: a small PNG could claim 20000 × 20000.
    const mask: BinaryMask = { x: 0, y: 0, width: 20, height: 20, data: new Uint8Array(400).fill(1) };
    const text = writeLabelme({ imageWidth: 100, imageHeight: 100, shapes: [{ kind: 'mask', label: 'm', mask }] }, { imageFileName: 'a.png' }).text;
    assert.equal(readLabelme(text, { imageFileName: 'a.png', imageWidth: 100, imageHeight: 100 }).shapes.length, 1);
    assert.throws(() => readLabelme(text, { imageFileName: 'a.png', imageWidth: 10, imageHeight: 10 }), /shape 1 \(m\): its mask is 20 × 20 pixels, larger than the image/);
  });

  it('refuses a rectangle of infinite size, and a save never writes a number JSON cannot hold', () => {
    // Corners at ±1e308 give an infinite width, once converted to COCO as "bbox": [null, …].
    const text = JSON.stringify({ version: '5.5.0', flags: {}, shapes: [{ label: 'a', points: [[-1e308, 0], [1e308, 10]], shape_type: 'rectangle', group_id: null, flags: {} }], imagePath: 'a.png', imageData: null, imageHeight: 480, imageWidth: 640 });
    assert.throws(() => readLabelme(text, { imageFileName: 'a.png' }), /shape 1 \(a\): its points are too far apart: the shape they give has no finite size/);
    const huge: Annotation = { imageWidth: 640, imageHeight: 480, shapes: [{ kind: 'box', label: 'a', x: 0, y: 0, width: Infinity, height: 1 }] };
    assert.throws(() => writeLabelme(huge, { imageFileName: 'a.png' }), /a number to save is Infinity, which a JSON file cannot hold/);
  });

  it('refuses a file nested too deep to save when it is opened, not when the edits are saved', () => {
    // An unknown key 200,000 levels deep read fine, then every save and backup overflowed the stack.
    const file = (d: number): string =>
      `{"version": "5.5.0", "flags": {}, "shapes": [{"label": "a", "points": [[0, 0], [1, 1]], "shape_type": "rectangle", "notes": ${'['.repeat(d)}${']'.repeat(d)}, "s": "[[[["}],` +
      ` "imagePath": "a.png", "imageData": null, "imageHeight": 10, "imageWidth": 10}`;
    assert.throws(() => readLabelme(file(200000), { imageFileName: 'a.png' }), /line 1: the labelme file nests lists and objects more than 1000 levels deep/);
    const ok = readLabelme(file(990), { imageFileName: 'a.png' });
    assert.equal(ok.shapes.length, 1);
    assert.doesNotThrow(() => writeLabelme({ ...ok, shapes: [{ ...ok.shapes[0], label: 'b' }] }, { imageFileName: 'a.png', previous: file(990) }));
  });

  describe('round trips (fast-check)', () => {
    const coord = fc.double({ min: -10, max: 1000, noNaN: true });
    const label = fc.constantFrom('jet', '径迹', 'e⁻', 'a "quoted" label');
    const group = fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined });
    const mask = fc
      .record({ x: fc.integer({ min: 0, max: 900 }), y: fc.integer({ min: 0, max: 900 }), width: fc.integer({ min: 1, max: 9 }), height: fc.integer({ min: 1, max: 9 }) })
      .chain((r) => fc.uint8Array({ minLength: r.width * r.height, maxLength: r.width * r.height, max: 1 }).map((data): BinaryMask => ({ ...r, data })));
    const withGroup = <T extends object>(s: T, g: number | undefined): T => (g === undefined ? s : { ...s, group: g });
    const shape: fc.Arbitrary<Shape> = fc.oneof(
      fc
        .tuple(label, group, coord, coord, fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }))
        .map(([l, g, x, y, width, height]) => withGroup({ kind: 'box' as const, label: l, x, y, width, height }, g)),
      fc.tuple(label, group, fc.array(fc.tuple(coord, coord), { minLength: 3, maxLength: 20 })).map(([l, g, points]) => withGroup({ kind: 'polygon' as const, label: l, points }, g)),
      fc.tuple(label, group, coord, coord).map(([l, g, x, y]) => withGroup({ kind: 'point' as const, label: l, x, y }, g)),
      fc.tuple(label, group, mask).map(([l, g, m]) => withGroup({ kind: 'mask' as const, label: l, mask: m }, g)),
    );

    it('reads back every shape: points and polygons exactly, boxes to a float’s last digit, masks pixel for pixel', () => {
      fc.assert(
        fc.property(fc.array(shape, { maxLength: 10 }), (shapes) => {
          const out = writeLabelme({ imageWidth: 1000, imageHeight: 1000, shapes }, IMAGE);
          assert.deepEqual(out.losses, []);
          const back = readLabelme(out.text, IMAGE);
          assert.equal(back.shapes.length, shapes.length);
          back.shapes.forEach((s, i) => {
            const o = shapes[i];
            assert.equal(s.label, o.label);
            assert.equal(s.group, o.group);
            if (s.kind === 'box' && o.kind === 'box') {
              assert.ok([s.x - o.x, s.y - o.y, s.width - o.width, s.height - o.height].every((d) => Math.abs(d) <= 1e-9 * 1500), JSON.stringify([s, o]));
            } else if (s.kind === 'mask' && o.kind === 'mask') {
              assert.deepEqual({ ...s.mask, data: Array.from(s.mask.data) }, { ...o.mask, data: Array.from(o.mask.data, (v) => (v ? 1 : 0)) });
            } else assert.deepEqual(plain([s]), plain([o]));
          });
          assert.equal(writeLabelme(back, { ...IMAGE, previous: out.text }).text, out.text);
        }),
        { numRuns: 80 },
      );
    });
  });
});
