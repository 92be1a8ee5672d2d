// COCO instances files: one image's objects read from a hand-written file with non-contiguous
// category ids, a multi-part polygon, a crowd RLE with compressed counts (its pixels worked out by
// hand) and a box-only object; found by file name, relative path or base name; written back into
// the file unchanged when nothing was edited, and with every other image, category and key kept when
// something was; new classes and images get new ids; losses said; malformed files named by line;
// property-based round trips (fast-check) over random boxes, polygons, multi-part objects and masks.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { english } from '../text/message';
import { cocoClasses, readCoco, writeCoco } from './coco';
import type { BinaryMask } from './mask';
import type { Annotation, Shape } from './shapes';
import { lineOf } from './lineOfError';

const FILE = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'annotation', 'coco', 'instances_val.json');
const TEXT = readFileSync(FILE, 'utf8');
const IMAGE = { imageFileName: '000000000042.jpg' };

/** Shapes without their extras, for comparing what the user sees. */
const plain = (shapes: readonly Shape[]): unknown[] => shapes.map(({ extra: _extra, ...rest }) => rest);

describe('COCO instances files', () => {
  it('reads one image’s objects: a polygon, a two-part object as one group, a crowd RLE as a mask, a box', () => {
    const a = readCoco(TEXT, IMAGE);
    assert.equal(a.imageWidth, 640);
    assert.equal(a.imageHeight, 480);
    assert.deepEqual(plain(a.shapes).slice(0, 3), [
      { kind: 'polygon', label: 'dog', points: [[120.5, 80.25], [200, 80.25], [210.75, 190.5], [115, 185]] },
      { kind: 'polygon', label: 'car', points: [[10.5, 20.25], [60, 20.25], [60, 70.75], [10.5, 70.75]], group: 2 },
      { kind: 'polygon', label: 'car', points: [[80, 30], [120, 30], [100, 65.5]], group: 2 },
    ]);
    // The crowd's counts "XR_1:f>00000hQk7" are 48200 outside (100 columns of 480, then 200 rows),
    // 10 inside, 470 outside, three times more, then the rest: a 4 × 10 block at x 100, y 200.
    const crowd = a.shapes[3];
    assert.ok(crowd.kind === 'mask' && crowd.label === 'person');
    assert.deepEqual({ ...crowd.mask, data: Array.from(crowd.mask.data) }, { x: 100, y: 200, width: 4, height: 10, data: Array(40).fill(1) });
    assert.deepEqual(plain([a.shapes[4]]), [{ kind: 'box', label: 'toothbrush', x: 300.5, y: 310, width: 20, height: 12.25 }]);
    assert.equal(a.shapes.length, 5);
  });

  it('finds the image by its file_name, a path ending in it, or its base name, and reads uncompressed RLE', () => {
    for (const name of ['val/000000000073.jpg', '/data/coco/val/000000000073.jpg', '000000000073.jpg', 'other\\000000000073.jpg']) {
      const a = readCoco(TEXT, { imageFileName: name });
      assert.equal(a.imageHeight, 427, name);
      assert.equal(a.shapes.length, 2, name);
    }
    const crowd = readCoco(TEXT, { imageFileName: '000000000073.jpg' }).shapes[1];
    assert.ok(crowd.kind === 'mask');
    assert.deepEqual({ x: crowd.mask.x, y: crowd.mask.y, width: crowd.mask.width, height: crowd.mask.height }, { x: 0, y: 0, width: 2, height: 2 });
    assert.deepEqual(readCoco(TEXT, { imageFileName: 'missing.jpg', imageWidth: 10, imageHeight: 20 }), { imageWidth: 10, imageHeight: 20, shapes: [] });
  });

  it('takes the entry naming the image’s folder too over one sharing its base name, reading and saving alike', () => {
    const images = [
      { id: 1, file_name: 'train/x.png', width: 20, height: 20 },
      { id: 2, file_name: 'val/x.png', width: 20, height: 20 },
    ];
    const annotations = [{ id: 7, image_id: 1, category_id: 1, segmentation: [], bbox: [1, 1, 2, 2], area: 4, iscrowd: 0 }];
    const text = JSON.stringify({ images, annotations, categories: [{ id: 1, name: 'spot' }] });
    const val = { imageFileName: 'x.png', imagePath: '/data/coco/val/x.png' };
    assert.deepEqual(readCoco(text, val).shapes, []);
    assert.equal(readCoco(text, { imageFileName: '/data/coco/train/x.png' }).shapes.length, 1);
    const out = JSON.parse(writeCoco({ imageWidth: 20, imageHeight: 20, shapes: [{ kind: 'box', label: 'spot', x: 5, y: 5, width: 3, height: 3 }] }, { ...val, previous: text }).text);
    assert.deepEqual(out.annotations.map((a: any) => a.image_id), [1, 2]);
    // A new image is named by imageFileName, not by the path it was matched with.
    const added = JSON.parse(writeCoco({ imageWidth: 20, imageHeight: 20, shapes: [] }, { imageFileName: 'y.png', imagePath: '/data/coco/val/y.png', previous: text }).text);
    assert.equal(added.images[2].file_name, 'y.png');
  });

  it('lists the categories’ names in the file’s order as the class list', () => {
    assert.deepEqual(cocoClasses(TEXT), ['person', 'car', 'dog', 'toothbrush']);
  });

  it('writes an unedited image back as the same text, in the file’s own one-line layout', () => {
    const out = writeCoco(readCoco(TEXT, IMAGE), { ...IMAGE, previous: TEXT });
    assert.deepEqual(out.losses, []);
    assert.deepEqual(JSON.parse(out.text), JSON.parse(TEXT));
    assert.equal(out.text, TEXT);
    assert.deepEqual(out.classes, ['person', 'car', 'dog', 'toothbrush']);
  });

  it('leaves each object at its place when the file’s objects are not sorted by image, as in COCO’s own files', () => {
    const json = JSON.parse(TEXT);
    const [a101, a102, a103, a104, a201, a202] = json.annotations;
    json.annotations = [a201, a101, a202, a102, a103, a104];
    const mixed = JSON.stringify(json, null, 2);
    assert.equal(writeCoco(readCoco(mixed, IMAGE), { ...IMAGE, previous: mixed }).text, mixed);
    // A deleted object leaves no gap, a new one follows the image's last object.
    const a = readCoco(mixed, IMAGE);
    const edited = { ...a, shapes: [...a.shapes.slice(1), { kind: 'point', label: 'car', x: 0, y: 0 } as const, { kind: 'box', label: 'car', x: 1, y: 1, width: 2, height: 2 } as const] };
    const ids = JSON.parse(writeCoco(edited, { ...IMAGE, previous: mixed }).text).annotations.map((x: any) => x.id);
    assert.deepEqual(ids, [201, 202, 102, 103, 104, 203]);
  });

  it('writes an edit into the file: other images and keys kept, a new class gets the next category id, new objects new ids', () => {
    const a = readCoco(TEXT, IMAGE);
    const moved = a.shapes.map((s, i) => (i === 2 && s.kind === 'polygon' ? { ...s, points: s.points.map(([x, y]) => [x + 1.004, y] as const) } : s));
    const edited: Annotation = { ...a, shapes: [...moved, { kind: 'box', label: 'muon', x: 5, y: 6, width: 7.123, height: 8 }, { kind: 'point', label: 'dog', x: 1, y: 2 }] };
    const out = writeCoco(edited, { ...IMAGE, previous: TEXT });
    assert.deepEqual(out.losses.map(english), ['point 7 (dog) has no COCO form and is left out']);
    assert.deepEqual(out.classes, ['person', 'car', 'dog', 'toothbrush', 'muon']);
    const before = JSON.parse(TEXT);
    const after = JSON.parse(out.text);
    assert.deepEqual(after.info, before.info);
    assert.deepEqual(after.licenses, before.licenses);
    assert.deepEqual(after.images, before.images);
    assert.deepEqual(after.categories.slice(0, 4), before.categories);
    assert.deepEqual(after.categories[4], { id: 91, name: 'muon', supercategory: '' });
    // The other image's annotations, untouched.
    assert.deepEqual(
      after.annotations.filter((x: any) => x.image_id === 73),
      before.annotations.filter((x: any) => x.image_id === 73),
    );
    const car = after.annotations.find((x: any) => x.id === 102);
    // The moved part is rounded to COCO's two decimals; the object keeps its unknown keys; bbox and area follow the new geometry.
    assert.deepEqual(car.segmentation, [[10.5, 20.25, 60, 20.25, 60, 70.75, 10.5, 70.75], [81, 30, 121, 30, 101, 65.5]]);
    assert.deepEqual(car.attributes, { occluded: false });
    assert.deepEqual(car.bbox, [10.5, 20.25, 110.5, 50.5]);
    assert.equal(car.area, 3209.75);
    const muon = after.annotations.find((x: any) => x.category_id === 91);
    assert.deepEqual(muon, { id: 203, image_id: 42, category_id: 91, segmentation: [], area: 56.98, bbox: [5, 6, 7.12, 8], iscrowd: 0 });
    // The unchanged objects of the edited image are as they were, in their places.
    assert.deepEqual(
      after.annotations.slice(0, 4).map((x: any) => x.id),
      [101, 102, 103, 104],
    );
    assert.deepEqual(after.annotations[0], before.annotations[0]);
    assert.deepEqual(after.annotations[2], before.annotations[2]);
    // What the editor reads back is what it wrote, rounded.
    const back = readCoco(out.text, IMAGE);
    assert.equal(back.shapes.length, 6);
    assert.deepEqual(plain([back.shapes[5]]), [{ kind: 'box', label: 'muon', x: 5, y: 6, width: 7.12, height: 8 }]);
  });

  it('adds an image the file does not have with the next image id, and starts a new file when there is none', () => {
    const a: Annotation = { imageWidth: 100, imageHeight: 50, shapes: [{ kind: 'polygon', label: 'car', points: [[1, 1], [9, 1], [5, 7]] }] };
    const out = JSON.parse(writeCoco(a, { imageFileName: 'val/000000000099.jpg', previous: TEXT }).text);
    assert.deepEqual(out.images[2], { id: 74, file_name: 'val/000000000099.jpg', width: 100, height: 50 });
    assert.deepEqual(out.annotations.at(-1), { id: 203, image_id: 74, category_id: 3, segmentation: [[1, 1, 9, 1, 5, 7]], area: 24, bbox: [1, 1, 8, 6], iscrowd: 0 });
    const fresh = writeCoco(a, { imageFileName: 'a.png' });
    assert.deepEqual(JSON.parse(fresh.text), {
      images: [{ id: 1, file_name: 'a.png', width: 100, height: 50 }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, segmentation: [[1, 1, 9, 1, 5, 7]], area: 24, bbox: [1, 1, 8, 6], iscrowd: 0 }],
      categories: [{ id: 1, name: 'car', supercategory: '' }],
    });
    assert.deepEqual(fresh.classes, ['car']);
  });

  it('keeps annotation ids unique when a part leaves its object, and writes a new mask in the RLE form the object had', () => {
    const a = readCoco(TEXT, IMAGE);
    // The second car part gets its own label: it becomes an object of its own with a new id.
    const split = a.shapes.map((s, i) => (i === 2 ? { ...s, label: 'dog' } : s));
    const after = JSON.parse(writeCoco({ ...a, shapes: split }, { ...IMAGE, previous: TEXT }).text);
    const ids = after.annotations.map((x: any) => x.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(after.annotations.find((x: any) => x.id === 203).segmentation, [[80, 30, 120, 30, 100, 65.5]]);
    // The crowd grows by one pixel: compressed counts again, iscrowd kept, bbox and area from the pixels.
    const crowd = a.shapes[3];
    assert.ok(crowd.kind === 'mask');
    const data = new Uint8Array(5 * 10);
    for (let y = 0; y < 10; y++) for (let x = 0; x < 4; x++) data[y * 5 + x] = 1;
    data[4] = 1;
    const grown: Shape = { ...crowd, mask: { x: 100, y: 200, width: 5, height: 10, data } };
    const written = JSON.parse(writeCoco({ ...a, shapes: [grown] }, { ...IMAGE, previous: TEXT }).text).annotations.find((x: any) => x.id === 103);
    assert.equal(typeof written.segmentation.counts, 'string');
    assert.deepEqual(written.segmentation.size, [480, 640]);
    assert.deepEqual([written.iscrowd, written.bbox, written.area], [1, [100, 200, 5, 10], 41]);
  });

  it('names the line of malformed JSON and says what is missing or wrong in a COCO file', () => {
    assert.equal(lineOf(() => readCoco('{\n  "images": [],\n  "categories": [,]\n}', IMAGE)), 3);
    assert.equal(lineOf(() => readCoco('{\n  "images": [\n', IMAGE)), 3);
    assert.throws(() => readCoco('{"images": []}', IMAGE), /no `categories` list/);
    assert.throws(() => readCoco('[1]', IMAGE), /not a JSON object with `images`/);
    const broken = JSON.parse(TEXT);
    broken.annotations[0].category_id = 2;
    assert.throws(() => readCoco(JSON.stringify(broken), IMAGE), /annotation 101 has the category_id 2, which is not among the file’s categories/);
    broken.annotations[0].category_id = 18;
    broken.annotations[0].segmentation = [[1, 2, 3, 4]];
    assert.throws(() => readCoco(JSON.stringify(broken), IMAGE), /annotation 101: polygon 1 is not a list of x, y pairs with at least three points/);
    const twice = JSON.parse(TEXT);
    twice.images[1].file_name = 'train/000000000042.jpg';
    assert.throws(() => readCoco(JSON.stringify(twice), IMAGE), /2 images of the COCO file match "000000000042.jpg" equally well \(ids 42, 73\)/);
  });

  it('refuses an RLE whose size is not the image’s, and does not decode an unchanged mask again on save', () => {
    const file = (h: number, w: number, total: number): string =>
      JSON.stringify({
        images: [{ id: 1, file_name: 'a.png', width: 640, height: 480 }],
        annotations: [{ id: 7, image_id: 1, category_id: 1, iscrowd: 1, segmentation: { size: [h, w], counts: [0, 1, total - 2, 1] } }],
        categories: [{ id: 1, name: 'x' }],
      });
    // A few bytes once asked for 20000 × 20000 pixels, decoded and traced again after every edit.
    assert.throws(() => readCoco(file(20000, 20000, 20000 * 20000), { imageFileName: 'a.png' }), /annotation 7: its RLE size is 20000 × 20000 \(height × width\), not the image’s 480 × 640/);
    const text = file(480, 640, 480 * 640);
    const a = readCoco(text, { imageFileName: 'a.png' });
    assert.equal(a.shapes[0].kind, 'mask');
    assert.equal(writeCoco({ ...a, shapes: [{ ...a.shapes[0], label: 'x' }] }, { imageFileName: 'a.png', previous: text }).text, text);
  });

  it('refuses to save a file whose ids are beyond what a number holds exactly, rather than merge them', () => {
    // 9007199254740993 reads as …992: a save of a.png once rewrote b.png's id onto c.png's.
    const text =
      '{"images": [{"id": 1, "file_name": "a.png", "width": 10, "height": 10}, {"id": 9007199254740993, "file_name": "b.png", "width": 10, "height": 10}, ' +
      '{"id": 9007199254740992, "file_name": "c.png", "width": 10, "height": 10}], "annotations": [{"id": 2, "image_id": 9007199254740993, "category_id": 1, "bbox": [1, 1, 2, 2]}], ' +
      '"categories": [{"id": 1, "name": "cat", "note": "12345678901234567890"}]}';
    const a = readCoco(text, { imageFileName: 'a.png' });
    const edited: Annotation = { ...a, shapes: [{ kind: 'box', label: 'cat', x: 0, y: 0, width: 3, height: 3 }] };
    assert.throws(() => writeCoco(edited, { imageFileName: 'a.png', previous: text }), /the COCO file holds the number 9007199254740993, too large to be saved exactly/);
    // Digits in strings, and ids within range, do not stop a save.
    const safe = text.replace(/900719925474099(\d)/g, '1234567890123$1');
    assert.match(writeCoco(edited, { imageFileName: 'a.png', previous: safe }).text, /"id": 12345678901233, "file_name": "b.png"/);
  });

  describe('round trips (fast-check)', () => {
    const W = 300;
    const H = 200;
    const coord = (max: number): fc.Arbitrary<number> => fc.double({ min: 0, max, noNaN: true });
    const label = fc.constantFrom('person', 'car', 'muon', 'π⁰');
    const polygon = fc.array(fc.tuple(coord(W), coord(H)), { minLength: 3, maxLength: 12 });
    const mask = fc
      .record({ x: fc.integer({ min: 0, max: W - 12 }), y: fc.integer({ min: 0, max: H - 12 }), width: fc.integer({ min: 1, max: 12 }), height: fc.integer({ min: 1, max: 12 }) })
      .chain((r) => fc.uint8Array({ minLength: r.width * r.height, maxLength: r.width * r.height, max: 1 }).map((data): BinaryMask => ({ ...r, data })));
    const object = fc.oneof(
      fc.record({ kind: fc.constant('box' as const), label, x: coord(W), y: coord(H), width: coord(50), height: coord(50) }),
      fc.record({ kind: fc.constant('polygons' as const), label, parts: fc.array(polygon, { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('mask' as const), label, mask }),
    );
    const close = (a: number, b: number): boolean => Math.abs(a - b) <= 0.005 + 1e-9;

    it('reads back every object within COCO’s two decimals, parts of one object in one group, masks pixel for pixel', () => {
      fc.assert(
        fc.property(fc.array(object, { maxLength: 8 }), fc.boolean(), (objects, intoFixture) => {
          const shapes: Shape[] = objects.flatMap((o, k): Shape[] => {
            if (o.kind === 'box') return [o];
            if (o.kind === 'mask') return [o];
            return o.parts.map((points) => ({ kind: 'polygon', label: o.label, points, ...(o.parts.length > 1 ? { group: k } : {}) }));
          });
          const out = writeCoco({ imageWidth: W, imageHeight: H, shapes }, { imageFileName: 'frame.png', previous: intoFixture ? TEXT : undefined });
          assert.deepEqual(out.losses, []);
          const back = readCoco(out.text, { imageFileName: 'frame.png' });
          assert.equal(back.shapes.length, shapes.length);
          back.shapes.forEach((s, i) => {
            const o = shapes[i];
            assert.equal(s.kind, o.kind);
            assert.equal(s.label, o.label);
            assert.equal(s.group !== undefined, o.group !== undefined);
            if (s.kind === 'box' && o.kind === 'box') assert.ok([s.x - o.x, s.y - o.y, s.width - o.width, s.height - o.height].every((d) => close(d, 0)), JSON.stringify([s, o]));
            if (s.kind === 'polygon' && o.kind === 'polygon') s.points.forEach(([x, y], k) => assert.ok(close(x, o.points[k][0]) && close(y, o.points[k][1])));
            if (s.kind === 'mask' && o.kind === 'mask') {
              const pixels = (m: BinaryMask): string[] => Array.from(m.data.entries()).filter(([, v]) => v).map(([j]) => `${m.x + (j % m.width)},${m.y + Math.floor(j / m.width)}`);
              assert.deepEqual(pixels(s.mask), pixels(o.mask));
            }
          });
          // Written once more without an edit, the file does not change.
          assert.equal(writeCoco(back, { imageFileName: 'frame.png', previous: out.text }).text, out.text);
          if (intoFixture) assert.deepEqual(readCoco(out.text, IMAGE), readCoco(TEXT, IMAGE));
        }),
        { numRuns: 60 },
      );
    });
  });
});
