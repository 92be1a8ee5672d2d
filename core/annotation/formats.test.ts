// The format registry the editor reads and writes through: each format's fixture read by id, what
// each can hold (canHold) agreeing with what its writer says it loses, masks in YOLO files (bounding
// boxes in detection, outline polygons in segmentation), objects kept from labelme said as losses
// elsewhere, the class list after writing, and a property-based round trip (fast-check) through
// every format of the shapes it says it can hold.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { english } from '../text/message';
import { LABEL_FORMATS, type LabelFormatId } from './formats';
import type { BinaryMask } from './mask';
import { type Annotation, type Shape } from './shapes';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'annotation');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const IDS = Object.keys(LABEL_FORMATS) as LabelFormatId[];
const CLASSES = ['jet', 'muon', 'cluster'];
const CONTEXT = { imageFileName: 'frame.png', imageWidth: 640, imageHeight: 480, classes: CLASSES };

// A ring: 5 × 5 pixels with the middle one outside, at x 10, y 20.
const RING: BinaryMask = { x: 10, y: 20, width: 5, height: 5, data: Uint8Array.from({ length: 25 }, (_, i) => (i === 12 ? 0 : 1)) };
const ALL_KINDS: Shape[] = [
  { kind: 'box', label: 'jet', x: 1, y: 2, width: 30, height: 40 },
  { kind: 'polygon', label: 'muon', points: [[100, 100], [200, 100], [150, 180]] },
  { kind: 'point', label: 'cluster', x: 5, y: 6 },
  { kind: 'mask', label: 'cluster', mask: RING },
];

describe('label formats', () => {
  it('reads each format’s own file by its id', () => {
    assert.equal(LABEL_FORMATS['yolo-detect'].read('0 0.5 0.5 0.25 0.5\n', CONTEXT).shapes[0].kind, 'box');
    assert.equal(LABEL_FORMATS['yolo-segment'].read('1 0.1 0.1 0.2 0.1 0.2 0.3\n', CONTEXT).shapes[0].label, 'muon');
    assert.equal(LABEL_FORMATS.coco.read(fixture('coco/instances_val.json'), { ...CONTEXT, imageFileName: '000000000042.jpg' }).shapes.length, 5);
    assert.equal(LABEL_FORMATS.voc.read(fixture('voc/labelimg.xml'), CONTEXT).shapes.length, 3);
    assert.equal(LABEL_FORMATS.labelme.read(fixture('labelme/run042_frame0007.json'), CONTEXT).shapes.length, 5);
    assert.deepEqual(LABEL_FORMATS.coco.classesIn(fixture('coco/instances_val.json')), ['person', 'car', 'dog', 'toothbrush']);
    assert.deepEqual(LABEL_FORMATS.labelme.classesIn(fixture('labelme/run042_frame0007.json')), ['jet', '径迹', 'vertex', 'cluster']);
    assert.deepEqual(LABEL_FORMATS.voc.classesIn(fixture('voc/labelimg.xml')), ['jet', 'muon', 'cluster']);
  });

  it('says a loss for exactly the shapes a format cannot hold', () => {
    const annotation: Annotation = { imageWidth: 640, imageHeight: 480, shapes: ALL_KINDS };
    for (const id of IDS) {
      const format = LABEL_FORMATS[id];
      const { losses } = format.write(annotation, CONTEXT);
      ALL_KINDS.forEach((shape, i) => {
        const said = losses.some((l) => english(l).startsWith(`${shape.kind} ${i + 1} (`));
        assert.equal(said, !format.canHold(shape), `${id}: ${shape.kind}`);
      });
    }
    assert.deepEqual(
      IDS.map((id) => ALL_KINDS.filter((s) => LABEL_FORMATS[id].canHold(s)).map((s) => s.kind)),
      [['box'], ['polygon'], ['box', 'polygon', 'mask'], ['box'], ['box', 'polygon', 'point', 'mask']],
    );
  });

  it('writes a mask to YOLO as its bounding box for detection and as its outline for segmentation', () => {
    const annotation: Annotation = { imageWidth: 100, imageHeight: 50, shapes: [{ kind: 'mask', label: 'cluster', mask: RING }] };
    const detect = LABEL_FORMATS['yolo-detect'].write(annotation, CONTEXT);
    assert.equal(detect.text, '2 0.125000 0.450000 0.050000 0.100000\n');
    assert.deepEqual(detect.losses.map(english), ['mask 1 (cluster) becomes its bounding box']);
    const segment = LABEL_FORMATS['yolo-segment'].write(annotation, CONTEXT);
    // The outer boundary of the ring, its hole not kept: the square from (10, 20) to (15, 25).
    const back = LABEL_FORMATS['yolo-segment'].read(segment.text, { ...CONTEXT, imageWidth: 100, imageHeight: 50 }).shapes;
    assert.equal(back.length, 1);
    assert.ok(back[0].kind === 'polygon');
    const xs = back[0].points.map((p) => Math.round(p[0] * 1e4) / 1e4);
    const ys = back[0].points.map((p) => Math.round(p[1] * 1e4) / 1e4);
    assert.deepEqual([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)], [10, 15, 20, 25]);
    assert.deepEqual(segment.losses.map(english), ['mask 1 (cluster) becomes its outline polygon (holes are not kept)']);
    const empty = LABEL_FORMATS['yolo-segment'].write({ ...annotation, shapes: [{ kind: 'mask', label: 'jet', mask: { ...RING, data: new Uint8Array(25) } }] }, CONTEXT);
    assert.deepEqual([empty.text, empty.losses.map(english)], ['', ['mask 1 (jet) is empty and is left out']]);
  });

  it('says that circles and lines kept from a labelme file are left out of every other format, and gives labelme them back', () => {
    const a = LABEL_FORMATS.labelme.read(fixture('labelme/run042_frame0007.json'), CONTEXT);
    const coco = LABEL_FORMATS.coco.write(a, CONTEXT);
    assert.deepEqual(coco.losses.map(english), [
      'point 4 (vertex) has no COCO form and is left out',
      'circle (cluster), kept from the labelme file, has no coco form and is left out',
      'linestrip (muon), kept from the labelme file, has no coco form and is left out',
      'line (calibration), kept from the labelme file, has no coco form and is left out',
    ]);
    // The class list's classes first, in its order (YOLO's class i is category i + 1), then the other labels.
    assert.deepEqual(coco.classes, ['jet', 'muon', 'cluster', '径迹']);
    // The two polygons of group 1 are one COCO object with two parts.
    const json = JSON.parse(coco.text);
    assert.equal(json.annotations.length, 3);
    assert.equal(json.annotations[1].segmentation.length, 2);
    assert.deepEqual(LABEL_FORMATS.labelme.write(a, { ...CONTEXT, previous: fixture('labelme/run042_frame0007.json') }).losses, []);
    assert.throws(() => LABEL_FORMATS['yolo-detect'].write(a, CONTEXT), /shape 2 has the class "径迹", which is not in the class list/);
  });

  it('needs the class list for YOLO and gives it back unchanged', () => {
    assert.throws(() => LABEL_FORMATS['yolo-detect'].read('0 0.5 0.5 0.1 0.1', { ...CONTEXT, classes: undefined }), /class list \(classes.txt or data.yaml\) is needed/);
    assert.deepEqual(LABEL_FORMATS['yolo-detect'].write({ imageWidth: 10, imageHeight: 10, shapes: [] }, CONTEXT).classes, CLASSES);
  });

  describe('round trips (fast-check)', () => {
    const W = 640;
    const H = 480;
    // How far each format may move a coordinate: YOLO's six decimals of the image, COCO's two decimals, VOC's whole pixels.
    const tolerance: Record<LabelFormatId, number> = { 'yolo-detect': 1e-6 * W, 'yolo-segment': 1e-6 * W, coco: 0.005, voc: 0.5, labelme: 1e-9 };
    const x = fc.integer({ min: 0, max: W * 4 }).map((v) => v / 4);
    const y = fc.integer({ min: 0, max: H * 4 }).map((v) => v / 4);
    const label = fc.constantFrom(...CLASSES);
    const shape: fc.Arbitrary<Shape> = fc.oneof(
      fc.record({ kind: fc.constant('box' as const), label, x, y, width: fc.integer({ min: 4, max: 400 }).map((v) => v / 4), height: fc.integer({ min: 4, max: 400 }).map((v) => v / 4) }),
      fc.record({ kind: fc.constant('polygon' as const), label, points: fc.array(fc.tuple(x, y), { minLength: 3, maxLength: 10 }) }),
      fc.record({ kind: fc.constant('point' as const), label, x, y }),
    );

    it('gives back, through every format, the shapes it can hold, within its rounding', () => {
      fc.assert(
        fc.property(fc.constantFrom(...IDS), fc.array(shape, { maxLength: 8 }), (id, shapes) => {
          const format = LABEL_FORMATS[id];
          const held = shapes.filter((s) => format.canHold(s));
          const out = format.write({ imageWidth: W, imageHeight: H, shapes: held }, CONTEXT);
          assert.deepEqual(out.losses, []);
          const back = format.read(out.text, CONTEXT).shapes;
          assert.equal(back.length, held.length);
          const near = (a: number, b: number): boolean => Math.abs(a - b) <= tolerance[id] + 1e-9;
          back.forEach((s, i) => {
            const o = held[i];
            assert.ok(s.kind === o.kind && s.label === o.label, id);
            if (s.kind === 'box' && o.kind === 'box') {
              assert.ok(near(s.x, o.x) && near(s.y, o.y) && near(s.x + s.width, o.x + o.width) && near(s.y + s.height, o.y + o.height), `${id} ${JSON.stringify([s, o])}`);
            }
            if (s.kind === 'polygon' && o.kind === 'polygon') s.points.forEach(([px, py], k) => assert.ok(near(px, o.points[k][0]) && near(py, o.points[k][1]), id));
            if (s.kind === 'point' && o.kind === 'point') assert.ok(near(s.x, o.x) && near(s.y, o.y), id);
          });
        }),
        { numRuns: 150 },
      );
    });
  });
});
