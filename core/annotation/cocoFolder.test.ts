// COCO files in folder-wide work: the builder's text compared with what chaining coco.ts's writer
// through the whole file gives (new images, an image the file lists with objects moved, removed and
// added, objects of one image not standing together, names several entries share, a name the
// writer finds ambiguous), and an image's labels read from its part of a file compared with
// reading the whole file.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { CocoBuilder, CocoSources } from './cocoFolder';
import { LABEL_FORMATS } from './formats';
import type { Annotation, Shape } from './shapes';

const FIXTURE = readFileSync(path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'annotation', 'coco', 'instances_val.json'), 'utf8');
const box = (label: string, x: number): Shape => ({ kind: 'box', label, x, y: 5, width: 10, height: 20.5 });
/** The fixture's images as they are on disk (an RLE must fit the image it is read with). */
const HEIGHTS: Readonly<Record<string, number>> = { '000000000042.jpg': 480, '000000000073.jpg': 427 };
const read = (text: string, name: string): Annotation => LABEL_FORMATS.coco.read(text, { imageFileName: name, imageWidth: 640, imageHeight: HEIGHTS[name] ?? 480 });

/** The builder's text and losses against chaining the writer through the whole text, step by step. */
function assertSameAsChaining(start: string | undefined, steps: readonly [string, Annotation][]): void {
  const builder = new CocoBuilder(start);
  let chained = start;
  for (const [name, annotation] of steps) {
    const out = LABEL_FORMATS.coco.write(annotation, { imageFileName: name, imageWidth: annotation.imageWidth, imageHeight: annotation.imageHeight, previous: chained });
    chained = out.text;
    assert.deepEqual(builder.add(annotation, name), out.losses);
    assert.equal(builder.text(), chained, `after ${name}`);
  }
}

describe('COCO files for a folder', () => {
  it('builds a file image by image to the text that chaining the writer gives', () => {
    const listed = read(FIXTURE, '000000000042.jpg');
    const steps: [string, Annotation][] = [
      ['new1.png', { imageWidth: 100, imageHeight: 50, shapes: [box('dog', 1), box('muon', 3), { kind: 'point', label: 'vertex', x: 1, y: 2 }] }],
      // The listed image: two objects kept, one added, one removed, one moved.
      ['000000000042.jpg', { ...listed, shapes: [...listed.shapes.slice(0, 2), box('jet', 7), ...listed.shapes.slice(4).map((s) => (s.kind === 'box' ? { ...s, x: s.x + 1 } : s))] }],
      ['empty.png', { imageWidth: 10, imageHeight: 10, shapes: [] }],
      ['sub/new1.png', { imageWidth: 100, imageHeight: 50, shapes: [box('jet', 2)] }],
      ['000000000073.jpg', { imageWidth: 640, imageHeight: 427, shapes: [] }],
      ['new2.png', { imageWidth: 100, imageHeight: 50, shapes: [box('cluster', 4), box('cluster', 5)] }],
    ];
    assertSameAsChaining(FIXTURE, steps);
    assertSameAsChaining(undefined, steps);
  });

  it('puts an image’s objects where the writer does when they do not stand together', () => {
    const doc = JSON.parse(FIXTURE) as { annotations: { id: number }[] };
    const order = [101, 201, 102, 103, 202, 104];
    doc.annotations.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const interleaved = `${JSON.stringify(doc, null, 2)}\n`;
    const listed = read(interleaved, '000000000042.jpg');
    assertSameAsChaining(interleaved, [
      ['000000000042.jpg', { ...listed, shapes: [listed.shapes[0], box('jet', 1), ...listed.shapes.slice(3)] }],
      ['000000000073.jpg', { ...read(interleaved, '000000000073.jpg'), shapes: [box('dog', 3)] }],
    ]);
  });

  it('writes a name several entries share into the whole file, and refuses one the writer finds ambiguous', () => {
    const doc = JSON.parse(FIXTURE) as { images: Record<string, unknown>[] };
    doc.images.push({ id: 99, file_name: 'train/000000000042.jpg', width: 64, height: 48 });
    const twice = JSON.stringify(doc);
    assertSameAsChaining(twice, [
      ['train/000000000042.jpg', { imageWidth: 64, imageHeight: 48, shapes: [box('dog', 1)] }],
      ['new.png', { imageWidth: 64, imageHeight: 48, shapes: [box('dog', 2)] }],
    ]);
    const builder = new CocoBuilder(twice);
    const before = builder.text();
    assert.throws(() => builder.add({ imageWidth: 64, imageHeight: 48, shapes: [box('dog', 1)] }, '000000000042.jpg'), /2 images of the COCO file match "000000000042\.jpg"/);
    assert.equal(builder.text(), before);
    assert.equal(builder.lists('other/000000000042.jpg'), true);
    assert.equal(builder.lists('000000000043.jpg'), false);
  });

  describe('reading', () => {
    let root: string;
    beforeEach(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), 'hai-cocofolder-'));
      await mkdir(path.join(root, 'val'));
      await writeFile(path.join(root, 'instances_val.json'), FIXTURE);
      // Neither is an instances file: a labelme file, and one broken off.
      await writeFile(path.join(root, 'val', 'a.json'), JSON.stringify({ version: '5.5.0', shapes: [] }));
      await writeFile(path.join(root, 'val', 'b.json'), '{"images": [');
    });
    afterEach(() => rm(root, { recursive: true, force: true }));

    it('gives each image the labels that reading the whole file gives', async () => {
      const sources = new CocoSources();
      for (const [name, height] of [['000000000042.jpg', 480], ['000000000073.jpg', 427]] as const) {
        const image = path.join(root, 'val', name);
        const file = await sources.find(image);
        assert.equal(file, path.join(root, 'instances_val.json'));
        const got = await sources.read(file!, { file: image, width: 640, height });
        assert.deepEqual(got.annotation, LABEL_FORMATS.coco.read(FIXTURE, { imageFileName: image, imageWidth: 640, imageHeight: height }));
        assert.deepEqual(got.classes, ['person', 'car', 'dog', 'toothbrush']);
      }
      assert.equal(await sources.find(path.join(root, 'val', '000000000001.jpg')), undefined);
    });

    it('says where a file is not JSON', async () => {
      await assert.rejects(new CocoSources().read(path.join(root, 'val', 'b.json'), { file: path.join(root, 'val', 'x.png'), width: 1, height: 1 }), /^AnnotationError: line 1: b\.json is not valid JSON/);
      await assert.rejects(new CocoSources().read(path.join(root, 'val', 'a.json'), { file: path.join(root, 'val', 'x.png'), width: 1, height: 1 }), /a\.json is not a COCO instances file/);
    });
  });
});
