// Where an image's labels are found, by each tool's layout: Ultralytics' images/ → labels/, labelme's
// JSON beside the image, a VOC devkit's Annotations/, a COCO instances file listing the image; an
// image without labels takes its neighbours' format; the class list is the nearest classes.txt or data.yaml.
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseClassesTxt, parseDataYamlNames } from './classes';
import { findClassList, findLabels, yoloLabelPath } from './labelFiles';

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
});
