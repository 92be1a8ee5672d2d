// Where an image's labels are found, by each tool's layout: Ultralytics' images/ → labels/, labelme's
// JSON beside the image, a VOC devkit's Annotations/, a COCO instances file listing the image; an
// image without labels takes its neighbours' format; the class list is the nearest classes.txt or data.yaml.
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseClassesTxt, parseDataYamlNames } from './classes';
import { findClassList, findLabels, formatChoices, yoloLabelPath } from './labelFiles';

const parse = (text: string, kind: 'classes.txt' | 'data.yaml'): string[] => (kind === 'classes.txt' ? parseClassesTxt(text) : parseDataYamlNames(text));

describe('label files of an image', () => {
  let root: string;
  const put = async (rel: string, text = ''): Promise<string> => {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    return file;
  };
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hai-labels-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('follows Ultralytics: the last images/ becomes labels/, the extension .txt', () => {
    assert.equal(yoloLabelPath('/data/images/set/images/train/run_001.tif'), '/data/images/set/labels/train/run_001.txt');
    assert.equal(yoloLabelPath('/data/frames/a.b.png'), '/data/frames/a.b.txt');
  });

  it('finds YOLO detection and segmentation files and tells them apart', async () => {
    const image = await put('ds/images/train/a.png');
    await put('ds/labels/train/a.txt', '0 0.1 0.1 0.2 0.2 0.3 0.1\n');
    assert.deepEqual(await findLabels(image, 'labelme'), { format: 'yolo-segment', file: path.join(root, 'ds/labels/train/a.txt'), exists: true });
    const b = await put('ds/images/train/b.png');
    // b has no labels yet: its neighbours' format and task.
    assert.deepEqual(await findLabels(b, 'voc'), { format: 'yolo-segment', file: path.join(root, 'ds/labels/train/b.txt'), exists: false });
  });

  it('finds labelme beside the image, a VOC devkit’s Annotations and a COCO file listing the image', async () => {
    const image = await put('lm/frame.png');
    await put('lm/frame.json', JSON.stringify({ version: '5.4.1', shapes: [], imagePath: 'frame.png' }));
    assert.equal((await findLabels(image, 'yolo-detect')).format, 'labelme');
    const voc = await put('VOC2012/JPEGImages/2007_000027.jpg');
    await put('VOC2012/Annotations/2007_000027.xml', '<annotation/>');
    assert.deepEqual(await findLabels(voc, 'yolo-detect'), { format: 'voc', file: path.join(root, 'VOC2012/Annotations/2007_000027.xml'), exists: true });
    const coco = await put('coco/val/000139.jpg');
    await put('coco/instances_val.json', JSON.stringify({ images: [{ id: 139, file_name: '000139.jpg', width: 640, height: 426 }], annotations: [], categories: [] }));
    assert.deepEqual(await findLabels(coco, 'yolo-detect'), { format: 'coco', file: path.join(root, 'coco/instances_val.json'), exists: true });
    const other = await put('coco/val/000285.jpg');
    assert.deepEqual(await findLabels(other, 'yolo-detect'), { format: 'coco', file: path.join(root, 'coco/instances_val.json'), exists: false });
  });

  it('gives a lone image the default format', async () => {
    const image = await put('new/a.tif');
    assert.deepEqual(await findLabels(image, 'voc'), { format: 'voc', file: path.join(root, 'new/a.xml'), exists: false });
  });

  it('takes the nearest class list, classes.txt or data.yaml, within the workspace', async () => {
    await put('ds/data.yaml', 'path: .\nnames:\n  0: spot\n  1: streak\n');
    const image = await put('ds/images/train/a.png');
    assert.deepEqual(await findClassList(image, yoloLabelPath(image), root, parse), { classes: ['spot', 'streak'], file: path.join(root, 'ds/data.yaml'), kind: 'data.yaml' });
    await put('ds/labels/train/classes.txt', 'blob\n');
    assert.deepEqual((await findClassList(image, yoloLabelPath(image), root, parse)).classes, ['blob']);
    await put('classes.txt', 'outside\n');
    const lone = await put('ws/x.png');
    assert.deepEqual(await findClassList(lone, lone, path.join(root, 'ws'), parse), { classes: [] });
  });

  it('offers each format’s file named after an HDF5 frame’s exported name, one file per frame', () => {
    const files = (frame: number): string[] => {
      const labelImage = path.join(root, 'scans', `scan_${String(frame).padStart(5, '0')}.png`);
      return formatChoices({ labelImage, target: { format: 'yolo-detect', file: yoloLabelPath(labelImage), exists: false } }).map((t) => path.relative(root, t.file));
    };
    assert.deepEqual(files(12), ['scans/scan_00012.txt', 'scans/scan_00012.txt', 'scans/annotations.json', 'scans/scan_00012.xml', 'scans/scan_00012.json'].map((f) => f.split('/').join(path.sep)));
    assert.notDeepEqual(files(12), files(13));
  });

  it('takes the COCO file whose entry names the image best, not the first listing its base name', async () => {
    const entry = (file_name: string, id: number): unknown => ({ id, file_name, width: 10, height: 10 });
    const coco = (images: unknown[]): string => JSON.stringify({ images, annotations: [], categories: [] });
    // Both splits list x.png by its name alone: the split the file is named after decides.
    const val = await put('ds/val/x.png');
    const train = await put('ds/train/x.png');
    await put('ds/annotations/instances_train.json', coco([entry('x.png', 1)]));
    await put('ds/annotations/instances_val.json', coco([entry('x.png', 1)]));
    assert.equal((await findLabels(val, 'voc')).file, path.join(root, 'ds/annotations/instances_val.json'));
    assert.equal((await findLabels(train, 'voc')).file, path.join(root, 'ds/annotations/instances_train.json'));
    // An entry whose folder is another one's loses to one naming the image's own folder.
    const b = await put('set/b/y.png');
    await put('set/annotations/a_first.json', coco([entry('a/y.png', 1)]));
    await put('set/annotations/z_last.json', coco([entry('b/y.png', 1)]));
    assert.deepEqual(await findLabels(b, 'voc'), { format: 'coco', file: path.join(root, 'set/annotations/z_last.json'), exists: true });
  });

  it('does not search the JSON files named after images of the folder for instances (they are labelme files)', async () => {
    const coco = JSON.stringify({ images: [{ id: 1, file_name: 'new.png', width: 10, height: 10 }], annotations: [], categories: [] });
    await put('lm/a.png');
    // Shaped like an instances file listing new.png, but named after a.png beside it.
    await put('lm/a.json', coco);
    const image = await put('lm/new.png');
    assert.equal((await findLabels(image, 'voc')).format, 'voc');
    // The same file under a dataset's name is found.
    await put('lm/instances_lm.json', coco);
    assert.deepEqual(await findLabels(image, 'voc'), { format: 'coco', file: path.join(root, 'lm/instances_lm.json'), exists: true });
    // A file that becomes an instances file after it was read as another JSON is read again.
    await put('lm/later.json', '{"not": "coco"}');
    await put('lm/b/z.png');
    const z = path.join(root, 'lm/b/z.png');
    assert.equal((await findLabels(z, 'voc')).file, path.join(root, 'lm/instances_lm.json'));
    await put('lm/later.json', JSON.stringify({ images: [{ id: 1, file_name: 'b/z.png', width: 10, height: 10 }], annotations: [], categories: [] }) + ' ');
    assert.deepEqual(await findLabels(z, 'voc'), { format: 'coco', file: path.join(root, 'lm/later.json'), exists: true });
  });
});

