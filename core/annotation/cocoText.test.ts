// A COCO file Python's json.dump wrote (CVAT's exports): a save of one image's edit changes only that
// image's entries, every other number and string keeping its text (100.0, [10.0, …], 1e-05, "\u00e9"),
// where JavaScript's numbers alone would write 100, [10, …], 0.00001 and "é" across the whole file.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readCoco, writeCoco } from './coco';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'annotation', 'coco');
const CVAT = readFileSync(path.join(FIXTURES, 'cvat_instances.json'), 'utf8');
const MOVED = readFileSync(path.join(FIXTURES, 'cvat_instances_moved.json'), 'utf8');

describe('COCO files written by Python', () => {
  it('writes one moved box as Python would, every other line byte for byte as it was', () => {
    const image = { imageFileName: 'a.png' };
    const read = readCoco(CVAT, image);
    const [box] = read.shapes;
    assert.ok(box.kind === 'box');
    const out = writeCoco({ ...read, shapes: [{ ...box, x: box.x + 2 }] }, { ...image, previous: CVAT });
    assert.equal(out.text, MOVED);
  });

  it('keeps an unedited image’s text and writes new numbers and names in the file’s style, on one line too', () => {
    const one = (annotations: string): string =>
      `{"images": [{"id": 1, "file_name": "a.png", "width": 40, "height": 30}, {"id": 2, "file_name": "b.png", "width": 40, "height": 30}], "annotations": [${annotations}], "categories": [{"id": 1, "name": "caf\\u00e9"}]}`;
    const other = '{"id": 2, "image_id": 2, "category_id": 1, "segmentation": [[10.0, 10.0, 20.0, 10.0, 20.0, 20.0]], "area": 50.0, "bbox": [10.0, 10.0, 10.0, 10.0], "iscrowd": 0, "score": 1e-05}';
    const text = one(other);
    const shapes = [{ kind: 'box' as const, label: 'Ångström', x: 1, y: 2, width: 3, height: 4 }];
    const out = writeCoco({ imageWidth: 40, imageHeight: 30, shapes }, { imageFileName: 'a.png', previous: text });
    assert.equal(
      out.text,
      `{"images": [{"id": 1, "file_name": "a.png", "width": 40, "height": 30}, {"id": 2, "file_name": "b.png", "width": 40, "height": 30}], "annotations": [${other}, ` +
        '{"id": 3, "image_id": 1, "category_id": 2, "segmentation": [], "area": 12.0, "bbox": [1.0, 2.0, 3.0, 4.0], "iscrowd": 0}], "categories": [{"id": 1, "name": "caf\\u00e9"}, {"id": 2, "name": "\\u00c5ngstr\\u00f6m", "supercategory": ""}]}',
    );
  });
});
