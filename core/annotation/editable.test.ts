// Every label the editor shows can be edited: what the formats read, sent to the page as it is
// (toWire), is what the page may send back (the messages' validation); boxes written with their
// corners the wrong way round are read as the box they span, and kept as written until moved.
import * as assert from 'node:assert/strict';
import { ANNOTATION_REQUESTS } from '../protocol/annotationMessages';
import { parseMessage } from '../protocol/webviewProtocol';
import { LABEL_FORMATS } from './formats';
import { toWire } from './labelState';
import type { Annotation, Shape } from './shapes';

const CONTEXT = { imageFileName: 'a.png', imageWidth: 100, imageHeight: 100, classes: ['spot'] };
const LONGEST = 'x'.repeat(200);
/** A shape without the format's extra, as the user sees it. */
const plain = ({ extra: _extra, ...rest }: Shape): unknown => rest;

/** The page's update of every shape read, as the page would send it after a move. */
function editable(annotation: Annotation): void {
  const shapes = annotation.shapes.map((shape, i) => toWire({ id: `f${i}`, shape }));
  const parsed = parseMessage(ANNOTATION_REQUESTS, { type: 'updateShapes', shapes });
  assert.ok(parsed.ok, parsed.ok ? '' : `${parsed.kind}: ${JSON.stringify(shapes)}`);
}

describe('labels the editor shows', () => {
  it('reads a VOC box with xmax < xmin as the pixels between its corners, and keeps the file’s text until it moves', () => {
    const voc = `<annotation><object><name>${LONGEST}</name><bndbox><xmin>20</xmin><ymin>5</ymin><xmax>11</xmax><ymax>1</ymax></bndbox></object></annotation>`;
    const read = LABEL_FORMATS.voc.read(voc, CONTEXT);
    assert.deepEqual(plain(read.shapes[0]), { kind: 'box', label: LONGEST, x: 10, y: 0, width: 10, height: 5 });
    editable(read);
    assert.match(LABEL_FORMATS.voc.write(read, { ...CONTEXT, previous: voc }).text, /<xmin>20<\/xmin>/);
  });

  it('reads YOLO and COCO boxes of negative size as the box they span', () => {
    const yolo = LABEL_FORMATS['yolo-detect'].read('0 0.5 0.5 -0.2 0.1\n', CONTEXT);
    assert.deepEqual(yolo.shapes, [{ kind: 'box', label: 'spot', x: 40, y: 45, width: 20, height: 10 }]);
    editable(yolo);
    const coco = JSON.stringify({ images: [{ id: 1, file_name: 'a.png', width: 100, height: 100 }], annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [30, 40, -10, -5], area: 50, iscrowd: 0 }], categories: [{ id: 1, name: LONGEST }] });
    const read = LABEL_FORMATS.coco.read(coco, CONTEXT);
    assert.deepEqual(plain(read.shapes[0]), { kind: 'box', label: LONGEST, x: 20, y: 35, width: 10, height: 5 });
    editable(read);
    assert.equal(LABEL_FORMATS.coco.write(read, { ...CONTEXT, classes: undefined, previous: coco }).text, coco);
  });

  it('reads no class name the page could not send back', () => {
    const labelme = (label: string): string => JSON.stringify({ version: '5.4.1', shapes: [{ label, points: [[1, 1], [5, 5]], shape_type: 'rectangle' }], imagePath: 'a.png', imageHeight: 100, imageWidth: 100 });
    editable(LABEL_FORMATS.labelme.read(labelme(LONGEST), CONTEXT));
    for (const label of [`${LONGEST}x`, 'cell ', ' cell', 'a\tb', 'a\u2028b', '']) assert.throws(() => LABEL_FORMATS.labelme.read(labelme(label), CONTEXT), /class name/, JSON.stringify(label));
  });
});
