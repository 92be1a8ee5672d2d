// Class lists shared by windows: two saves that add classes at once both land, in the order taken,
// and a list is only ever appended to.
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { english, msg } from '../text/message';
import { parseDataYamlNames } from './classes';
import { appendClasses, isSizeProblem, LabelFileChanged, loadLabels, saveLabels } from './labelIo';

describe('class lists appended by several windows', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hai-classes-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the classes two windows add at the same time, after the ones already there', async () => {
    const file = path.join(dir, 'classes.txt');
    await writeFile(file, 'spot\nstreak\n');
    const list = { classes: ['spot', 'streak'], file, kind: 'classes.txt' as const };
    const target = { format: 'yolo-detect' as const, file: path.join(dir, 'a.txt'), exists: false };
    await Promise.all([appendClasses(list, ['spot', 'blob'], target), appendClasses(list, ['ring'], target)]);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    assert.deepEqual(lines.slice(0, 2), ['spot', 'streak']);
    assert.deepEqual([...lines.slice(2)].sort(), ['blob', 'ring']);
  });

  it('appends to a data.yaml’s names, keeping its comments and ids', async () => {
    const file = path.join(dir, 'data.yaml');
    await writeFile(file, '# the lab’s classes\nnames:\n  0: spot\n  1: streak\n');
    const out = await appendClasses({ classes: ['spot', 'streak'], file, kind: 'data.yaml' }, ['blob'], { format: 'yolo-detect', file: path.join(dir, 'a.txt'), exists: false });
    assert.deepEqual(out.classes, ['spot', 'streak', 'blob']);
    assert.equal(await readFile(file, 'utf8'), '# the lab’s classes\nnames:\n  0: spot\n  1: streak\n  2: blob\n');
  });

  it('counts a class added to a data.yaml in its nc, which Ultralytics checks against the names', async () => {
    const file = path.join(dir, 'data.yaml');
    await writeFile(file, 'path: ../beamline\nnc: 2 # classes\nnames: [spot, streak]\n');
    await appendClasses({ classes: ['spot', 'streak'], file, kind: 'data.yaml' }, ['blob'], { format: 'yolo-detect', file: path.join(dir, 'a.txt'), exists: false });
    const text = await readFile(file, 'utf8');
    assert.deepEqual(parseDataYamlNames(text), ['spot', 'streak', 'blob']);
    assert.match(text, /^nc: 3 # classes$/m);
    assert.match(text, /^path: \.\.\/beamline$/m);
  });
});

describe('a COCO file listing images of several folders', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hai-coco-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('saves the image that reading found, by its path, not every image of the same name', async () => {
    const file = path.join(dir, 'instances.json');
    const images = [
      { id: 1, file_name: 'train/x.png', width: 20, height: 20 },
      { id: 2, file_name: 'val/x.png', width: 20, height: 20 },
    ];
    const annotations = [{ id: 7, image_id: 1, category_id: 1, segmentation: [], bbox: [1, 1, 2, 2], area: 4, iscrowd: 0 }];
    await writeFile(file, JSON.stringify({ images, annotations, categories: [{ id: 1, name: 'spot' }] }));
    const info = { file: path.join(dir, 'val', 'x.png'), width: 20, height: 20, channels: 1 };
    const loaded = await loadLabels(info, 'voc', dir);
    assert.equal(loaded.target.file, file);
    assert.deepEqual(loaded.annotation.shapes, []);
    const box = { kind: 'box' as const, label: 'spot', x: 5, y: 5, width: 3, height: 3 };
    await saveLabels(info, loaded.target, { ...loaded.annotation, shapes: [box] }, loaded.classes, { stamp: loaded.stamp, classList: loaded.classList });
    const saved = JSON.parse(await readFile(file, 'utf8')) as { annotations: { image_id: number; bbox: number[] }[] };
    assert.deepEqual(saved.annotations.map((a) => [a.image_id, a.bbox]), [[1, [1, 1, 2, 2]], [2, [5, 5, 3, 3]]]);
  });

  it('refuses a save over the image’s objects that another window saved since they were read, and merges other images’ saves', async () => {
    // In a folder of the test's own: the search looks in the image's parent folder too.
    await mkdir(path.join(dir, 'set'));
    const file = path.join(dir, 'set', 'instances.json');
    const images = [
      { id: 1, file_name: 'x.png', width: 20, height: 20 },
      { id: 2, file_name: 'y.png', width: 20, height: 20 },
    ];
    await writeFile(file, JSON.stringify({ images, annotations: [], categories: [{ id: 1, name: 'spot' }] }));
    const x = { file: path.join(dir, 'set', 'x.png'), width: 20, height: 20, channels: 1 };
    const y = { file: path.join(dir, 'set', 'y.png'), width: 20, height: 20, channels: 1 };
    const [first, second, other] = await Promise.all([loadLabels(x, 'voc', dir), loadLabels(x, 'voc', dir), loadLabels(y, 'voc', dir)]);
    const box = (at: number) => ({ imageWidth: 20, imageHeight: 20, shapes: [{ kind: 'box' as const, label: 'spot', x: at, y: at, width: 2, height: 2 }] });
    const saved = await saveLabels(x, first.target, box(1), first.classes, { stamp: first.stamp, classList: first.classList });
    // Another image of the file saved meanwhile: merged, and the first window's labels still count as read.
    await saveLabels(y, other.target, box(3), other.classes, { stamp: other.stamp, classList: other.classList });
    await assert.rejects(saveLabels(x, second.target, box(5), second.classes, { stamp: second.stamp, classList: second.classList }), LabelFileChanged);
    await saveLabels(x, first.target, box(2), first.classes, { stamp: saved.stamp, classList: first.classList });
    const written = JSON.parse(await readFile(file, 'utf8')) as { annotations: { image_id: number; bbox: number[] }[] };
    assert.deepEqual(written.annotations.map((a) => [a.image_id, a.bbox[0]]), [[1, 2], [2, 3]]);
  });
});


describe('a label file made for the image at another size', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hai-resized-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('says both sizes and what to do, shows the labels as read and keeps the file’s size', async () => {
    const file = path.join(dir, 'x.json');
    const shapes = [{ label: 'spot', points: [[60, 40], [80, 60]], group_id: null, shape_type: 'rectangle', flags: {} }];
    await writeFile(file, JSON.stringify({ version: '5.4.1', flags: {}, shapes, imagePath: 'x.png', imageData: null, imageHeight: 80, imageWidth: 100 }));
    const resized = await loadLabels({ file: path.join(dir, 'x.png'), width: 50, height: 40, channels: 1 }, 'labelme', dir);
    assert.ok(resized.problem && isSizeProblem(resized.problem));
    assert.equal(english(resized.problem), 'x.json says its image is 100 × 80 pixels, but x.png is 50 × 40: if the image was resized, its labels show in the wrong place. Scale the labels to the image in the tool that made them, or, if they fit, correct the size written in x.json; then revert. Saving is refused until the sizes agree.');
    assert.deepEqual(resized.annotation.shapes.map((s) => s.label), ['spot']);
    const same = await loadLabels({ file: path.join(dir, 'x.png'), width: 100, height: 80, channels: 1 }, 'labelme', dir);
    assert.equal(same.problem, undefined);
    assert.equal(isSizeProblem(msg('{0} cannot be read ({1})', 'x.json', 'EACCES')), false);
  });
});
