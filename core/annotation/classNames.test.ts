// Class names that a class list of one name a line cannot hold (a line break, a blank at either end,
// an empty name) are refused where they enter — label files, class lists, a model's names — and
// where they would be written, naming the class: never written so that the ids after them shift.
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { english } from '../text/message';
import { modelClassNames } from './assist/onnxMetadata';
import { parseClassesTxt, parseDataYamlNames } from './classes';
import { LABEL_FORMATS } from './formats';
import { appendClasses, loadLabels, saveLabels } from './labelIo';

const labelme = (...labels: string[]): string =>
  JSON.stringify({ version: '5.4.1', flags: {}, shapes: labels.map((label, i) => ({ label, points: [[i, i], [i + 5, i + 5]], group_id: null, shape_type: 'rectangle', flags: {} })), imagePath: 'a.png', imageData: null, imageHeight: 20, imageWidth: 20 });
const CONTEXT = { imageFileName: 'a.png', imageWidth: 20, imageHeight: 20 };

describe('class names a class list cannot hold', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hai-class-names-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a labelme label with a line break, a blank at an end, or none, naming the shape and the class', () => {
    assert.throws(() => LABEL_FORMATS.labelme.read(labelme('c', 'a\nb'), CONTEXT), /shape 2: the class name "a\\nb" holds a line break/);
    assert.throws(() => LABEL_FORMATS.labelme.read(labelme('cell', 'cell '), CONTEXT), /shape 2: the class name "cell " begins or ends with a blank/);
    assert.throws(() => LABEL_FORMATS.labelme.read(labelme('x', ''), CONTEXT), /shape 2: a class name is empty/);
    assert.throws(() => LABEL_FORMATS.labelme.classesIn(labelme('a\nb')), /line break/);
  });

  it('refuses such names in COCO categories, VOC objects, classes.txt, data.yaml and a model’s names', () => {
    const coco = JSON.stringify({ images: [{ id: 1, file_name: 'a.png', width: 20, height: 20 }], annotations: [], categories: [{ id: 3, name: 'cell ' }] });
    assert.throws(() => LABEL_FORMATS.coco.read(coco, CONTEXT), /category 3 of the COCO file: the class name "cell " begins or ends/);
    assert.throws(() => LABEL_FORMATS.coco.classesIn(coco), /category 3/);
    const voc = '<annotation><object><name>a&#10;b</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>';
    assert.throws(() => LABEL_FORMATS.voc.read(voc, CONTEXT), /object 1: the class name "a\\nb" holds a line break/);
    assert.throws(() => parseClassesTxt('spot\nst\treak\n'), /"st\\treak" holds a line break, a tab/);
    assert.throws(() => parseDataYamlNames('names: ["spot", "a\\nb"]\n'), /data.yaml names: class 1: the class name "a\\nb"/);
    assert.throws(() => modelClassNames("{0: 'spot', 1: 'streak '}"), /class 1: the class name "streak " begins or ends/);
    assert.deepEqual(modelClassNames("{0: 'spot', 1: 'it\\'s'}"), ['spot', "it's"]);
  });

  it('shows why the labels were not read, and never lets them shift the ids of a classes.txt', async () => {
    await writeFile(path.join(dir, 'a.json'), labelme('a\nb', 'c'));
    const loaded = await loadLabels({ file: path.join(dir, 'a.png'), width: 20, height: 20, channels: 1 }, 'yolo-detect', dir);
    assert.match(english(loaded.problem!), /a.json: line 1: shape 1: the class name "a\\nb" holds a line break/);
    assert.deepEqual(loaded.annotation.shapes, []);
  });

  it('refuses to append or save such a name, leaving classes.txt and the label file as they were', async () => {
    const list = path.join(dir, 'classes.txt');
    await writeFile(list, 'cell\n');
    const classList = { classes: ['cell'], file: list, kind: 'classes.txt' as const };
    const target = { format: 'yolo-detect' as const, file: path.join(dir, 'a.txt'), exists: false };
    for (const name of ['cell ', 'a\nb', '']) {
      await assert.rejects(appendClasses(classList, [name], target), /classes.txt is not changed: (the class name|a class name is empty)/);
      const box = { kind: 'box' as const, label: name, x: 1, y: 1, width: 2, height: 2 };
      await assert.rejects(saveLabels({ file: path.join(dir, 'a.png'), width: 20, height: 20, channels: 1 }, target, { imageWidth: 20, imageHeight: 20, shapes: [box] }, ['cell', name], { classList }), /the labels of a.png are not saved/);
    }
    assert.equal(await readFile(list, 'utf8'), 'cell\n');
    await assert.rejects(readFile(target.file, 'utf8'), /ENOENT/);
  });
});
