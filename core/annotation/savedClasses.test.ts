// Which classes a save writes, and to which list: a copy saved into another dataset (Save As) is
// numbered by that dataset's list and extends it; classes only rejected suggestions brought in are
// never written.
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { classesToSave } from './classes';
import { loadLabels, saveAsClasses, saveLabels } from './labelIo';

describe('classes a save writes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hai-saved-classes-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const box = (label: string, x: number) => ({ kind: 'box' as const, label, x, y: 2, width: 4, height: 4 });

  it('numbers a YOLO copy saved into another dataset by that dataset’s classes and appends new ones there', async () => {
    for (const set of ['A', 'B']) {
      await mkdir(path.join(dir, set, 'images'), { recursive: true });
      await mkdir(path.join(dir, set, 'labels'), { recursive: true });
    }
    await writeFile(path.join(dir, 'A', 'classes.txt'), 'beam\nspot\n');
    await writeFile(path.join(dir, 'B', 'classes.txt'), 'spot\nbeam\n');
    await writeFile(path.join(dir, 'A', 'labels', 'x.txt'), '1 0.2 0.2 0.1 0.1\n');
    const source = { file: path.join(dir, 'A', 'images', 'x.png'), width: 40, height: 40, channels: 1 };
    const loaded = await loadLabels(source, 'yolo-detect', dir);
    assert.deepEqual(loaded.annotation.shapes.map((s) => s.label), ['spot']);
    const copy = { ...source, file: path.join(dir, 'B', 'images', 'x.png') };
    const target = { format: 'yolo-detect' as const, file: path.join(dir, 'B', 'labels', 'x.txt'), exists: false };
    const annotation = { ...loaded.annotation, shapes: [...loaded.annotation.shapes, box('ring', 20)] };
    const { classList, classes } = await saveAsClasses(copy, target, dir, annotation.shapes);
    await saveLabels(copy, target, annotation, classes, { overwrite: true, classList });
    assert.equal(await readFile(path.join(dir, 'B', 'classes.txt'), 'utf8'), 'spot\nbeam\nring\n');
    assert.equal(await readFile(path.join(dir, 'A', 'classes.txt'), 'utf8'), 'beam\nspot\n');
    assert.match(await readFile(target.file, 'utf8'), /^0 .*\n2 /);
    const reopened = await loadLabels(copy, 'yolo-detect', dir);
    assert.deepEqual(reopened.annotation.shapes.map((s) => s.label), ['spot', 'ring']);
  });

  it('leaves out a class that only rejected suggestions brought in, and keeps the user’s and the labels’ classes', async () => {
    assert.deepEqual(classesToSave(['spot', 'user', 'cat', 'dog'], new Set(['cat', 'dog']), [box('dog', 1), box('spot', 2)]), ['spot', 'user', 'dog']);
    // A folder run's suggestion accepted: its class is written although the list never had it.
    assert.deepEqual(classesToSave(['spot'], new Set(), [box('ring', 1)]), ['spot', 'ring']);
    // In a folder of the test's own: looking for a COCO file reads the image folder's parent too.
    await mkdir(path.join(dir, 'set', 'images'), { recursive: true });
    await writeFile(path.join(dir, 'set', 'classes.txt'), 'spot\n');
    const image = { file: path.join(dir, 'set', 'images', 'x.png'), width: 40, height: 40, channels: 1 };
    const loaded = await loadLabels(image, 'yolo-detect', dir);
    const shapes = [box('spot', 1)];
    await saveLabels(image, loaded.target, { ...loaded.annotation, shapes }, classesToSave([...loaded.classes, 'cat'], new Set(['cat']), shapes), { stamp: loaded.stamp, classList: loaded.classList });
    assert.equal(await readFile(path.join(dir, 'set', 'classes.txt'), 'utf8'), 'spot\n');
  });
});
