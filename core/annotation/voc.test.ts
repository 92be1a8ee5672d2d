// Pascal VOC XML: hand-written files in LabelImg's and the VOC devkit's layout read into boxes with
// the 1-based pixel mapping (xmin 1 is the first pixel column), written back unchanged when nothing
// was edited (unknown elements, parts, flags and indentation kept), LabelImg's layout for new files,
// polygons, masks and points said as losses, malformed files named by line, and property-based round
// trips (fast-check) over random boxes: written, read back, within half a pixel per edge.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { english } from '../text/message';
import type { Annotation, Shape } from './shapes';
import { readVoc, writeVoc } from './voc';
import { lineOf } from './lineOfError';

const DIR = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'annotation', 'voc');
const LABELIMG = readFileSync(path.join(DIR, 'labelimg.xml'), 'utf8');
const DEVKIT = readFileSync(path.join(DIR, 'devkit.xml'), 'utf8');
const IMAGE = { imageFileName: 'run042_frame0007.png' };

const plain = (shapes: readonly Shape[]): unknown[] => shapes.map(({ extra: _extra, ...rest }) => rest);

describe('Pascal VOC files', () => {
  it('reads LabelImg’s boxes with VOC’s 1-based, inclusive pixel numbers turned into pixel edges', () => {
    const a = readVoc(LABELIMG, IMAGE);
    assert.equal(a.imageWidth, 640);
    assert.equal(a.imageHeight, 480);
    // xmin 301 … xmax 410 covers the columns 300…409 counted from 0: from the edge 300, 110 wide.
    assert.deepEqual(plain(a.shapes), [
      { kind: 'box', label: 'jet', x: 300, y: 80, width: 110, height: 110 },
      { kind: 'box', label: 'muon', x: 0, y: 19, width: 120, height: 42 },
      { kind: 'box', label: 'cluster', x: 488, y: 288, width: 24, height: 24 },
    ]);
  });

  it('writes unedited files back as the same text, the devkit’s parts, owner and extra flags included', () => {
    for (const text of [LABELIMG, DEVKIT]) {
      const out = writeVoc(readVoc(text, IMAGE), { ...IMAGE, previous: text });
      assert.deepEqual(out.losses, []);
      assert.equal(out.text, text);
    }
  });

  it('writes a moved box with its edges rounded, keeps the object’s other elements, and renames in place', () => {
    const a = readVoc(DEVKIT, IMAGE);
    const [person, tv] = a.shapes;
    assert.ok(person.kind === 'box' && tv.kind === 'box');
    const edited: Annotation = { ...a, shapes: [{ ...person, x: 10.4, y: 20.6, width: 30.2, height: 40 }, { ...tv, label: 'monitor' }] };
    const out = writeVoc(edited, { ...IMAGE, previous: DEVKIT });
    assert.ok(
      out.text.includes(
        '<name>person</name>\n\t\t<pose>Frontal</pose>\n\t\t<truncated>0</truncated>\n\t\t<difficult>0</difficult>\n' +
          '\t\t<bndbox>\n\t\t\t<xmin>11</xmin>\n\t\t\t<ymin>22</ymin>\n\t\t\t<xmax>41</xmax>\n\t\t\t<ymax>61</ymax>',
      ),
    );
    assert.match(out.text, /<part>\n\t\t\t<name>head<\/name>/);
    assert.match(out.text, /<name>monitor<\/name>\n\t\t<pose>Unspecified<\/pose>\n\t\t<truncated>1<\/truncated>\n\t\t<occluded>1<\/occluded>\n\t\t<difficult>1<\/difficult>/);
    assert.match(out.text, /<owner>\n\t\t<name>Test beam crew<\/name>\n\t<\/owner>/);
    const back = readVoc(out.text, IMAGE);
    assert.deepEqual(plain([back.shapes[0]]), [{ kind: 'box', label: 'person', x: 10, y: 21, width: 31, height: 40 }]);
  });

  it('writes a new file in LabelImg’s layout, and says that polygons and masks become boxes and points are left out', () => {
    const a: Annotation = {
      imageWidth: 64,
      imageHeight: 48,
      shapes: [
        { kind: 'box', label: 'jet', x: 0, y: 10, width: 20, height: 5 },
        { kind: 'polygon', label: 'muon', points: [[30, 5], [40, 8], [35, 20]] },
        { kind: 'point', label: 'vertex', x: 3, y: 4 },
        { kind: 'mask', label: 'cluster', mask: { x: 50, y: 40, width: 3, height: 2, data: Uint8Array.from([0, 1, 0, 0, 1, 1]) } },
      ],
    };
    const out = writeVoc(a, { imageFileName: 'frames/f1.png', previous: undefined, imageDepth: 1 });
    assert.deepEqual(out.losses.map(english), ['polygon 2 (muon) becomes its bounding box', 'point 3 (vertex) has no VOC form and is left out', 'mask 4 (cluster) becomes its bounding box']);
    const object = (name: string, truncated: number, [x0, y0, x1, y1]: number[]): string =>
      `\t<object>\n\t\t<name>${name}</name>\n\t\t<pose>Unspecified</pose>\n\t\t<truncated>${truncated}</truncated>\n\t\t<difficult>0</difficult>\n` +
      `\t\t<bndbox>\n\t\t\t<xmin>${x0}</xmin>\n\t\t\t<ymin>${y0}</ymin>\n\t\t\t<xmax>${x1}</xmax>\n\t\t\t<ymax>${y1}</ymax>\n\t\t</bndbox>\n\t</object>\n`;
    assert.equal(
      out.text,
      '<annotation>\n\t<folder>frames</folder>\n\t<filename>f1.png</filename>\n\t<path>frames/f1.png</path>\n\t<source>\n\t\t<database>Unknown</database>\n\t</source>\n' +
        '\t<size>\n\t\t<width>64</width>\n\t\t<height>48</height>\n\t\t<depth>1</depth>\n\t</size>\n\t<segmented>0</segmented>\n' +
        object('jet', 1, [1, 11, 20, 15]) +
        object('muon', 0, [31, 6, 40, 20]) +
        // The mask's inside pixels are x 51…52, y 40…41 (0-based): 52…53 and 41…42 in VOC.
        object('cluster', 0, [52, 41, 53, 42]) +
        '</annotation>\n',
    );
  });

  it('keeps fractional coordinates of an unmoved box as the file wrote them, and escapes names', () => {
    const cvat =
      '<?xml version="1.0" encoding="utf-8"?>\n<annotation>\n  <filename>a.png</filename>\n  <object>\n    <name>p &amp; q</name>\n    <bndbox>\n' +
      '      <xmin>10.5</xmin>\n      <ymin>3.25</ymin>\n      <xmax>20.75</xmax>\n      <ymax>9</ymax>\n    </bndbox>\n  </object>\n</annotation>\n';
    const a = readVoc(cvat, { imageFileName: 'a.png', imageWidth: 30, imageHeight: 20 });
    assert.deepEqual(plain(a.shapes), [{ kind: 'box', label: 'p & q', x: 9.5, y: 2.25, width: 11.25, height: 6.75 }]);
    assert.deepEqual([a.imageWidth, a.imageHeight], [30, 20]);
    assert.equal(writeVoc(a, { imageFileName: 'a.png', previous: cvat }).text, cvat);
  });

  it('names the line of malformed XML, of an object without a box, and refuses files that are not VOC', () => {
    assert.equal(lineOf(() => readVoc('<annotation>\n\t<object>\n\t\t<name>a</name>\n\t</objects>\n</annotation>\n', IMAGE)), 4);
    assert.equal(lineOf(() => readVoc(LABELIMG.replace('<xmin>1</xmin>', '<xmin>one</xmin>'), IMAGE)), 26);
    assert.throws(() => readVoc(LABELIMG.replace('<xmin>1</xmin>', '<xmin>one</xmin>'), IMAGE), /object 2: <xmin> is "one", not a number/);
    assert.throws(() => readVoc('<annotation><object><name>a</name></object></annotation>', IMAGE), /line 1: object 1 has no <bndbox>/);
    assert.throws(() => readVoc('<annotation><object><bndbox/></object></annotation>', IMAGE), /object 1 has no <name>/);
    assert.throws(() => readVoc('<svg></svg>', IMAGE), /root element is <svg>, not <annotation>/);
  });

  it('reads many objects and saves long runs of blank lines in linear time', () => {
    // Each object's line was looked up by rescanning the text (N² in the number of objects), and the
    // trailing-newline test backtracked over blank lines inside the file.
    const obj = '\t<object><name>a</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></object>\n';
    const many = `<annotation>\n${obj.repeat(8000)}</annotation>\n`;
    let t = performance.now();
    assert.equal(readVoc(many, IMAGE).shapes.length, 8000);
    assert.ok(performance.now() - t < 2000, `reading 8,000 objects took ${performance.now() - t} ms`);
    const blank = `<annotation>\n${obj}${'\n'.repeat(60000)}</annotation>`;
    t = performance.now();
    const out = writeVoc(readVoc(blank, IMAGE), { ...IMAGE, previous: blank });
    assert.ok(performance.now() - t < 2000, `saving took ${performance.now() - t} ms`);
    assert.ok(!out.text.endsWith('\n'), 'a file without a final newline is saved without one');
  });

  it('reads numeric character references as the characters and writes them back as text', () => {
    // What Python's ElementTree writes for non-ASCII class names.
    const text =
      '<annotation>\n\t<owner>\n\t\t<name>&#26446;&#x56DB;</name>\n\t</owner>\n\t<object>\n\t\t<name>&#29483;</name>\n\t\t<bndbox>\n' +
      '\t\t\t<xmin>1</xmin>\n\t\t\t<ymin>1</ymin>\n\t\t\t<xmax>5</xmax>\n\t\t\t<ymax>5</ymax>\n\t\t</bndbox>\n\t</object>\n</annotation>\n';
    const a = readVoc(text, IMAGE);
    assert.deepEqual(a.shapes.map((s) => s.label), ['猫']);
    const out = writeVoc({ ...a, shapes: [...a.shapes, { kind: 'box', label: 'dog', x: 10, y: 10, width: 2, height: 2 }] }, { ...IMAGE, previous: text }).text;
    assert.ok(!out.includes('&amp;#'), out);
    assert.match(out, /<name>李四<\/name>/);
    assert.deepEqual(readVoc(out, IMAGE).shapes.map((s) => s.label), ['猫', 'dog']);
  });

  describe('round trips (fast-check)', () => {
    it('keeps every box to within half a pixel on each edge, and exactly when its edges are whole pixels', () => {
      const edge = fc.double({ min: 0, max: 1000, noNaN: true });
      const whole = fc.integer({ min: 0, max: 1000 });
      const label = fc.constantFrom('jet', 'muon', 'e⁻ shower', 'a<b');
      fc.assert(
        fc.property(fc.array(fc.tuple(label, fc.oneof(edge, whole), fc.oneof(edge, whole), fc.oneof(edge, whole), fc.oneof(edge, whole)), { maxLength: 12 }), fc.boolean(), (raw, intoFixture) => {
          const shapes: Shape[] = raw.map(([l, a, b, c, d]) => ({ kind: 'box', label: l, x: Math.min(a, c), y: Math.min(b, d), width: Math.abs(a - c), height: Math.abs(b - d) }));
          const out = writeVoc({ imageWidth: 1000, imageHeight: 1000, shapes }, { ...IMAGE, previous: intoFixture ? LABELIMG : undefined });
          assert.deepEqual(out.losses, []);
          const back = readVoc(out.text, IMAGE).shapes;
          assert.equal(back.length, shapes.length);
          back.forEach((s, i) => {
            const o = shapes[i];
            assert.ok(s.kind === 'box' && o.kind === 'box' && s.label === o.label);
            if (s.kind !== 'box' || o.kind !== 'box') return;
            // A box under a pixel wide still covers one pixel.
            const right = Math.max(Math.round(o.x) + 1, Math.round(o.x + o.width));
            assert.ok(Math.abs(s.x - o.x) <= 0.5 && s.x + s.width === right, JSON.stringify([s, o]));
            assert.ok(Math.abs(s.y - o.y) <= 0.5);
            if ([o.x, o.y, o.width, o.height].every(Number.isInteger) && o.width > 0 && o.height > 0) assert.deepEqual([s.x, s.y, s.width, s.height], [o.x, o.y, o.width, o.height]);
          });
          assert.equal(writeVoc(readVoc(out.text, IMAGE), { ...IMAGE, previous: out.text }).text, out.text);
        }),
        { numRuns: 60 },
      );
    });
  });
});
