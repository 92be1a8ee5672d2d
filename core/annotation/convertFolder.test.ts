// Converting a folder's labels on real files in temporary folders: every pair of formats, from
// sources holding what each can (boxes, polygons, a two-part object, points, COCO RLE masks,
// labelme circles and lines), read back through the target format and compared shape by shape;
// what the target cannot hold is in the plan before anything is written; a round trip YOLO → COCO →
// YOLO gives the same lines; damaged sources are left out and named; files that would be replaced
// are listed; an abort leaves whole files; the sources are the same bytes afterwards.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as FastPng from 'fast-png' with { 'resolution-mode': 'import' };
import { encode as encodeJpeg } from 'jpeg-js';
import { type ConversionPlan, planConversion } from './convertFolder';
import { runConversion } from './convertRun';
import { LABEL_FORMATS, type LabelFormatId } from './formats';
import { loadLabels } from './labelIo';
import { traceOutlines } from './outline';
import { type Shape, shapeBounds } from './shapes';
import { english } from '../text/message';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'annotation');
const IDS = Object.keys(LABEL_FORMATS) as LabelFormatId[];

/** Every file under a folder and its bytes. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.set(file, (await readFile(file)).toString('base64'));
  }
  return out;
}

/** What a target format turns a shape into, kind by kind (coco.ts, voc.ts, yolo.ts, labelme.ts). */
function expectedKinds(shape: Shape, to: LabelFormatId): string[] {
  if (shape.kind === 'point' && to !== 'labelme') return [];
  if (to === 'yolo-detect' || to === 'voc') return ['box'];
  if (to === 'yolo-segment') return shape.kind === 'mask' ? traceOutlines(shape.mask).map(() => 'polygon') : ['polygon'];
  return [shape.kind];
}

/** The box holding all these shapes. */
function boundsOf(shapes: readonly Shape[]): [number, number, number, number] {
  const boxes = shapes.map(shapeBounds);
  return [Math.min(...boxes.map((b) => b.x)), Math.min(...boxes.map((b) => b.y)), Math.max(...boxes.map((b) => b.x + b.width)), Math.max(...boxes.map((b) => b.y + b.height))];
}

describe('converting a folder of labels', () => {
  let root: string;
  let png: typeof FastPng;
  before(async () => {
    png = await import('fast-png');
  });
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hai-convert-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const put = async (rel: string, data: string | Uint8Array): Promise<string> => {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
    return file;
  };
  const pngImage = (rel: string, width = 640, height = 480): Promise<string> => put(rel, png.encode({ width, height, data: new Uint8Array(width * height), channels: 1, depth: 8 }));
  const jpegImage = (rel: string, width: number, height: number): Promise<string> => put(rel, encodeJpeg({ width, height, data: Buffer.alloc(width * height * 4, 128) }, 50).data);

  /** A folder labelled in `format`, holding every shape kind the format can; returns its images. */
  async function sourceFolder(format: LabelFormatId, base: string): Promise<string[]> {
    switch (format) {
      case 'labelme': {
        const a = await pngImage(`${base}/run042_frame0007.png`);
        await put(`${base}/run042_frame0007.json`, readFileSync(path.join(FIXTURES, 'labelme/run042_frame0007.json')));
        const b = await pngImage(`${base}/unlabelled.png`, 8, 8);
        return [a, b];
      }
      case 'voc': {
        const a = await pngImage(`${base}/run042_frame0007.png`);
        await put(`${base}/run042_frame0007.xml`, readFileSync(path.join(FIXTURES, 'voc/labelimg.xml')));
        return [a];
      }
      case 'coco': {
        const a = await jpegImage(`${base}/val/000000000042.jpg`, 640, 480);
        const b = await jpegImage(`${base}/val/000000000073.jpg`, 640, 427);
        await put(`${base}/instances_val.json`, readFileSync(path.join(FIXTURES, 'coco/instances_val.json')));
        return [a, b];
      }
      case 'yolo-detect': {
        const a = await pngImage(`${base}/images/a.png`);
        await put(`${base}/labels/a.txt`, '0 0.5 0.5 0.25 0.25\n1 0.1 0.2 0.05 0.1\n2 0.9 0.9 0.1 0.1\n');
        await put(`${base}/labels/classes.txt`, 'jet\nmuon\ncluster\n');
        return [a];
      }
      case 'yolo-segment': {
        const a = await pngImage(`${base}/images/a.png`);
        await put(`${base}/labels/a.txt`, '1 0.1 0.1 0.3 0.1 0.2 0.4\n0 0.5 0.5 0.6 0.5 0.6 0.6 0.5 0.6\n');
        await put(`${base}/labels/classes.txt`, 'jet\nmuon\n');
        return [a];
      }
    }
  }

  const infoOf = (file: string, plan: ConversionPlan): { file: string; width: number; height: number; channels: number } => {
    const size = plan.images.find((it) => it.image === file)!.size!;
    return { file, width: size.width, height: size.height, channels: size.channels };
  };

  for (const from of IDS) {
    for (const to of IDS.filter((t) => t !== from)) {
      it(`converts ${from} to ${to}, saying first what ${to} cannot hold`, async () => {
        const images = await sourceFolder(from, from);
        const before = await snapshot(root);
        const plan = await planConversion(images, from, to, { root, preferred: to });
        assert.deepEqual(plan.problems, []);
        // Planning writes nothing: the losses are there to confirm before any file changes.
        assert.deepEqual(await snapshot(root), before);
        const labelled = plan.images.filter((it) => it.source);
        assert.equal(plan.totals.converted, labelled.length);
        assert.ok(labelled.length > 0);
        for (const item of plan.images.filter((it) => !it.source)) assert.equal(item.reason && english(item.reason), `has no ${from} labels`);
        const inPlace = isYoloPair(from, to);

        for (const item of labelled) {
          const source = item.annotation!;
          const mine = plan.losses.map(english).filter((l) => l.startsWith(`${item.name}: `));
          const lost = source.shapes.map((s, i) => [s, i] as const).filter(([s]) => !LABEL_FORMATS[to].canHold(s));
          for (const [s, i] of lost) assert.ok(mine.some((l) => l.includes(`${s.kind} ${i + 1} (${s.label})`)), `${to} says it loses ${s.kind} ${i + 1}: ${mine.join(' | ')}`);
          for (const k of source.kept ?? []) assert.ok(mine.some((l) => l.includes(english(k.description))), `${to} says it leaves out ${english(k.description)}`);
          assert.equal(mine.length, lost.length + (to === 'labelme' ? 0 : (source.kept?.length ?? 0)));
          assert.equal(item.overwrite !== undefined, inPlace);
        }

        const summary = await runConversion(plan);
        assert.equal(summary.written, labelled.length);
        assert.deepEqual(summary.skipped, []);
        assert.equal(summary.aborted, false);
        // The sources are the same bytes; only a YOLO file that is its own target changed.
        for (const [file, bytes] of before) {
          const same = (await readFile(file)).toString('base64') === bytes;
          assert.equal(same, !(inPlace && file.endsWith('a.txt') && !file.endsWith('classes.txt')), file);
        }

        for (const item of labelled) {
          const read = await loadLabels(infoOf(item.image, plan), to, root, { format: to, file: item.target.file, exists: true });
          assert.equal(read.problem, undefined);
          const source = item.annotation!.shapes;
          const got = read.annotation.shapes;
          assert.deepEqual(got.map((s) => s.kind).sort(), source.flatMap((s) => expectedKinds(s, to)).sort());
          for (const label of new Set(source.filter((s) => expectedKinds(s, to).length).map((s) => s.label))) {
            const want = boundsOf(source.filter((s) => s.label === label && expectedKinds(s, to).length));
            const have = boundsOf(got.filter((s) => s.label === label));
            want.forEach((v, k) => assert.ok(Math.abs(v - have[k]) <= 1, `${label}: ${have.join(', ')} is where ${want.join(', ')} was`));
          }
        }
      });
    }
  }

  it('keeps a two-part object and an RLE crowd from COCO in labelme and back in COCO', async () => {
    const images = await sourceFolder('coco', 'ds');
    await runConversion(await planConversion(images, 'coco', 'labelme', { root, preferred: 'labelme' }));
    const lm = await loadLabels({ file: images[0], width: 640, height: 480, channels: 3 }, 'labelme', root, { format: 'labelme', file: path.join(root, 'ds/val/000000000042.json'), exists: true });
    const car = lm.annotation.shapes.filter((s) => s.label === 'car');
    assert.equal(car.length, 2);
    assert.ok(car[0].group !== undefined && car[0].group === car[1].group);
    const plan = await planConversion(images, 'labelme', 'coco', { root, preferred: 'coco' });
    assert.deepEqual(plan.losses, []);
    await runConversion(plan);
    const doc = JSON.parse(await readFile(path.join(root, 'ds/val/annotations.json'), 'utf8')) as { images: { file_name: string }[]; annotations: { segmentation: unknown; iscrowd: number }[] };
    assert.deepEqual(doc.images.map((i) => i.file_name), ['000000000042.jpg', '000000000073.jpg']);
    assert.ok(doc.annotations.some((a) => Array.isArray(a.segmentation) && a.segmentation.length === 2));
    assert.equal(doc.annotations.filter((a) => !Array.isArray(a.segmentation)).length, 2, 'both crowds stay RLE masks');
  });

  it('gives the same YOLO lines after a round trip through COCO', async () => {
    // Coordinates in hundredths of the image survive COCO's two decimals of a pixel exactly.
    const lines = '2 0.370000 0.410000 0.220000 0.140000\n0 0.500000 0.500000 0.250000 0.250000\n';
    const segment = '1 0.100000 0.100000 0.300000 0.100000 0.200000 0.430000\n';
    const a = await pngImage('ds/images/a.png');
    const b = await pngImage('ds/images/b.png');
    await put('ds/labels/a.txt', lines);
    await put('ds/labels/b.txt', segment);
    await put('ds/labels/classes.txt', 'jet\nmuon\ncluster\n');
    const toCoco = await planConversion([a, b], 'auto', 'coco', { root, preferred: 'yolo-detect', cocoFile: path.join(root, 'ds/instances.json') });
    assert.deepEqual([toCoco.problems, toCoco.losses], [[], []]);
    assert.equal((await runConversion(toCoco)).written, 2);
    await rm(path.join(root, 'ds/labels/a.txt'));
    await rm(path.join(root, 'ds/labels/b.txt'));
    const detect = await planConversion([a], 'coco', 'yolo-detect', { root, preferred: 'yolo-detect' });
    const seg = await planConversion([b], 'coco', 'yolo-segment', { root, preferred: 'yolo-segment' });
    assert.deepEqual([detect.losses, seg.losses, detect.overwrites, seg.overwrites], [[], [], [], []]);
    await runConversion(detect);
    await runConversion(seg);
    assert.equal(await readFile(path.join(root, 'ds/labels/a.txt'), 'utf8'), lines);
    assert.equal(await readFile(path.join(root, 'ds/labels/b.txt'), 'utf8'), segment);
    assert.equal(await readFile(path.join(root, 'ds/labels/classes.txt'), 'utf8'), 'jet\nmuon\ncluster\n');
  });

  it('leaves out a damaged source file, naming it and the line, and converts the rest', async () => {
    const good = await pngImage('ds/images/good.png');
    const bad = await pngImage('ds/images/bad.png');
    const noSize = await put('ds/images/text.png', 'not an image\n');
    await put('ds/labels/good.txt', '0 0.5 0.5 0.1 0.1\n');
    await put('ds/labels/bad.txt', '0 0.5 0.5 0.1 0.1\n0 0.5 zero 0.1 0.1\n');
    await put('ds/labels/classes.txt', 'jet\n');
    const plan = await planConversion([good, bad, noSize], 'yolo-detect', 'voc', { root, preferred: 'voc' });
    assert.equal(plan.totals.problems, 2);
    assert.deepEqual({ ...plan.problems[0], reason: english(plan.problems[0].reason) }, { image: bad, file: path.join(root, 'ds/labels/bad.txt'), reason: 'bad.txt: line 2: "zero" is not a number', line: 2 });
    assert.equal(plan.problems[1].image, noSize);
    assert.match(english(plan.problems[1].reason), /its size cannot be read: text\.png: not a PNG, JPEG or TIFF image/);
    const summary = await runConversion(plan);
    assert.deepEqual(summary.files, [path.join(root, 'ds/images/good.xml')]);
    await assert.rejects(stat(path.join(root, 'ds/images/bad.xml')), { code: 'ENOENT' });
  });

  it('names a labelme file beside an image that is not JSON, rather than taking the image as unlabelled', async () => {
    const image = await pngImage('lm/a.png', 16, 16);
    await put('lm/a.json', '{"version": "5.5.0", "shapes": [\n  {"label": "jet",\n');
    const plan = await planConversion([image], 'auto', 'voc', { root, preferred: 'voc' });
    assert.equal(plan.images[0].action, 'problem');
    assert.equal(plan.problems[0].file, path.join(root, 'lm/a.json'));
    assert.match(english(plan.problems[0].reason), /^a\.json: line 3: the labelme file is not valid JSON/);
    assert.equal(plan.problems[0].line, 3);
  });

  it('lists the files it would replace, and leaves them when asked', async () => {
    const a = await pngImage('ds/a.png', 20, 10);
    const b = await pngImage('ds/b.png', 20, 10);
    await put('ds/a.xml', '<annotation><object><name>jet</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>');
    await put('ds/b.xml', '<annotation><object><name>muon</name><bndbox><xmin>2</xmin><ymin>2</ymin><xmax>6</xmax><ymax>6</ymax></bndbox></object></annotation>');
    // A JSON beside b that some other tool wrote: converting to labelme would replace it.
    const other = await put('ds/b.json', '{"exposure_ms": 20}\n');
    const plan = await planConversion([a, b], 'voc', 'labelme', { root, preferred: 'labelme' });
    assert.equal(plan.overwrites.length, 1);
    assert.equal(plan.overwrites[0].file, other);
    assert.deepEqual(plan.overwrites[0].images, ['b.png']);
    assert.match(english(plan.overwrites[0].reason), /^is not a labelme file for this image \(.*\) and is replaced$/);
    const summary = await runConversion(plan, { skipOverwrites: true });
    assert.equal(summary.written, 1);
    assert.equal(summary.skipped[0].image, b);
    assert.equal(await readFile(other, 'utf8'), '{"exposure_ms": 20}\n');
    assert.equal(JSON.parse(await readFile(path.join(root, 'ds/a.json'), 'utf8')).shapes[0].label, 'jet');
  });

  it('says how many labels a file it replaces holds, one or many', async () => {
    const a = await pngImage('ds/a.png', 20, 10);
    const b = await pngImage('ds/b.png', 20, 10);
    for (const name of ['a', 'b']) await put(`ds/${name}.xml`, '<annotation><object><name>jet</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>');
    const labelme = (n: number): string => LABEL_FORMATS.labelme.write({ imageWidth: 20, imageHeight: 10, shapes: Array.from({ length: n }, (_, i) => ({ kind: 'point' as const, label: 'old', x: i, y: i })) }, { imageFileName: 'x.png', imageWidth: 20, imageHeight: 10 }).text;
    await put('ds/a.json', labelme(1));
    await put('ds/b.json', labelme(2));
    const plan = await planConversion([a, b], 'voc', 'labelme', { root, preferred: 'labelme' });
    assert.deepEqual(plan.overwrites.map((o) => [o.images, english(o.reason)]), [
      [['a.png'], 'already holds 1 labelme label, which is replaced'],
      [['b.png'], 'already holds 2 labelme labels, which are replaced'],
    ]);
  });

  it('lists YOLO files rewritten in place from detection to segmentation', async () => {
    const images = await sourceFolder('yolo-detect', 'ds');
    const plan = await planConversion(images, 'auto', 'yolo-segment', { root, preferred: 'yolo-segment' });
    assert.deepEqual(plan.overwrites.map((o) => ({ ...o, reason: english(o.reason) })), [{ file: path.join(root, 'ds/labels/a.txt'), images: ['a.png'], reason: 'is the yolo-detect source itself, rewritten as yolo-segment' }]);
    assert.equal(plan.losses.length, 3);
    assert.match(english(plan.losses[0]), /^a\.png: box 1 \(jet\) becomes a 4-point polygon/);
  });

  it('skips images already in the target format and converts the others of a mixed folder', async () => {
    const a = await pngImage('mixed/a.png', 100, 50);
    const b = await pngImage('mixed/b.png', 100, 50);
    const c = await pngImage('mixed/c.png', 100, 50);
    await put('mixed/a.json', JSON.stringify({ version: '5.5.0', flags: {}, shapes: [{ label: 'muon', points: [[10, 10], [20, 10], [15, 30]], group_id: null, shape_type: 'polygon', flags: {} }], imagePath: 'a.png', imageData: null, imageHeight: 50, imageWidth: 100 }));
    await put('mixed/b.xml', '<annotation><object><name>jet</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>10</xmax><ymax>10</ymax></bndbox></object></annotation>');
    const plan = await planConversion([a, b, c], 'auto', 'voc', { root, preferred: 'voc' });
    assert.deepEqual(plan.images.map((it) => [it.action, it.source?.format, it.reason && english(it.reason)]), [['write', 'labelme', undefined], ['skip', 'voc', 'is already labelled in voc'], ['skip', undefined, 'has no labels']]);
    assert.deepEqual(plan.totals, { images: 3, converted: 1, skipped: 2, labels: 1, losses: 1, problems: 0, overwrites: 0 });
  });

  it('puts YOLO ids after the classes of an existing data.yaml, never reordering it', async () => {
    const a = await pngImage('ds/images/a.png', 100, 100);
    await put('ds/images/a.xml', '<annotation><object><name>jet</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>10</xmax><ymax>10</ymax></bndbox></object><object><name>muon</name><bndbox><xmin>11</xmin><ymin>11</ymin><xmax>20</xmax><ymax>20</ymax></bndbox></object></annotation>');
    await put('ds/data.yaml', 'path: .\nnames:\n  - muon\n');
    const plan = await planConversion([a], 'voc', 'yolo-detect', { root, preferred: 'yolo-detect' });
    assert.deepEqual(plan.classLists.map((l) => [path.relative(root, l.file), l.existing, l.classes]), [['ds/data.yaml', ['muon'], ['muon', 'jet']]]);
    const summary = await runConversion(plan);
    assert.deepEqual(summary.classLists, [path.join(root, 'ds/data.yaml')]);
    assert.equal(await readFile(path.join(root, 'ds/data.yaml'), 'utf8'), 'path: .\nnames:\n  - muon\n  - jet\n');
    assert.equal(await readFile(path.join(root, 'ds/labels/a.txt'), 'utf8'), '1 0.050000 0.050000 0.100000 0.100000\n0 0.150000 0.150000 0.100000 0.100000\n');
  });

  it('writes a new classes.txt beside the labels, the sources’ classes in first-seen order', async () => {
    const images = await sourceFolder('labelme', 'lm');
    const plan = await planConversion(images, 'labelme', 'yolo-segment', { root, preferred: 'yolo-segment' });
    assert.deepEqual(plan.classLists.map((l) => [l.file, l.classes, l.exists]), [[path.join(root, 'lm/classes.txt'), ['jet', '径迹', 'vertex', 'cluster'], false]]);
    await runConversion(plan);
    assert.equal(await readFile(path.join(root, 'lm/classes.txt'), 'utf8'), 'jet\n径迹\nvertex\ncluster\n');
  });

  it('adds to a COCO file already there, keeping its other images, in one write', async () => {
    const images = await sourceFolder('voc', 'ds');
    const cocoFile = path.join(root, 'ds/annotations.json');
    await copyFile(path.join(FIXTURES, 'coco/instances_val.json'), cocoFile);
    const plan = await planConversion(images, 'voc', 'coco', { root, preferred: 'coco' });
    assert.deepEqual(plan.overwrites, []);
    const progress: [number, number][] = [];
    const summary = await runConversion(plan, { onProgress: (done, total) => progress.push([done, total]) });
    assert.deepEqual(summary.files, [cocoFile]);
    assert.deepEqual(progress, [[0, 1], [1, 1]]);
    const doc = JSON.parse(await readFile(cocoFile, 'utf8')) as { images: { id: number; file_name: string }[]; annotations: { image_id: number }[]; categories: { name: string }[] };
    assert.deepEqual(doc.images.map((i) => i.file_name), ['val/000000000042.jpg', 'val/000000000073.jpg', 'run042_frame0007.png']);
    assert.equal(doc.annotations.filter((a) => a.image_id === doc.images[2].id).length, 3);
    assert.equal(doc.annotations.length, 6 + 3);
    assert.deepEqual(doc.categories.map((c) => c.name), ['person', 'car', 'dog', 'toothbrush', 'jet', 'muon', 'cluster']);
    await assert.rejects(stat(`${cocoFile}.lock`), { code: 'ENOENT' });
  });

  it('writes into a COCO file another window saved into after the plan, keeping what it added', async () => {
    const images = await sourceFolder('voc', 'ds');
    const cocoFile = path.join(root, 'ds/annotations.json');
    await copyFile(path.join(FIXTURES, 'coco/instances_val.json'), cocoFile);
    const plan = await planConversion(images, 'voc', 'coco', { root, preferred: 'coco' });
    // Another window saves labels of an image of its own into the file meanwhile.
    const meanwhile = LABEL_FORMATS.coco.write({ imageWidth: 64, imageHeight: 64, shapes: [{ kind: 'box', label: 'dog', x: 1, y: 1, width: 5, height: 5 }] }, { imageFileName: 'late.png', imageWidth: 64, imageHeight: 64, previous: await readFile(cocoFile, 'utf8') });
    await writeFile(cocoFile, meanwhile.text);
    const summary = await runConversion(plan);
    assert.equal(summary.written, 1);
    const doc = JSON.parse(await readFile(cocoFile, 'utf8')) as { images: { file_name: string }[]; annotations: unknown[] };
    assert.deepEqual(doc.images.map((i) => i.file_name), ['val/000000000042.jpg', 'val/000000000073.jpg', 'late.png', 'run042_frame0007.png']);
    assert.equal(doc.annotations.length, 6 + 1 + 3);
  });

  it('lists the images a COCO file already has, and keeps their objects when asked', async () => {
    const a = await jpegImage('ds/000000000042.jpg', 640, 480);
    const b = await pngImage('ds/fresh.png', 64, 64);
    await put('ds/000000000042.xml', '<annotation><object><name>jet</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>');
    await put('ds/fresh.xml', '<annotation><object><name>jet</name><bndbox><xmin>2</xmin><ymin>2</ymin><xmax>6</xmax><ymax>6</ymax></bndbox></object></annotation>');
    const cocoFile = await put('ds/instances.json', readFileSync(path.join(FIXTURES, 'coco/instances_val.json')));
    const plan = await planConversion([a, b], 'voc', 'coco', { root, preferred: 'coco', cocoFile });
    assert.deepEqual(plan.overwrites.map((o) => ({ ...o, reason: english(o.reason) })), [{ file: cocoFile, images: ['000000000042.jpg'], reason: 'already lists this image; its objects there are replaced' }]);
    const summary = await runConversion(plan, { skipOverwrites: true });
    assert.deepEqual([summary.written, summary.skipped.map((s) => s.image)], [1, [a]]);
    const text = await readFile(cocoFile, 'utf8');
    assert.equal(LABEL_FORMATS.coco.read(text, { imageFileName: a, imageWidth: 640, imageHeight: 480 }).shapes.length, 5);
    assert.deepEqual(LABEL_FORMATS.coco.read(text, { imageFileName: b, imageWidth: 64, imageHeight: 64 }).shapes.map((s) => s.label), ['jet']);
  });

  it('leaves out an image whose file name another image of the COCO target has', async () => {
    const a = await pngImage('ds/one/frame.png', 8, 8);
    const b = await pngImage('ds/two/frame.png', 8, 8);
    for (const dir of ['one', 'two']) await put(`ds/${dir}/frame.xml`, '<annotation><object><name>jet</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>');
    const plan = await planConversion([a, b], 'voc', 'coco', { root, preferred: 'coco' });
    assert.equal(plan.coco?.file, path.join(root, 'ds/annotations.json'));
    assert.deepEqual(plan.problems.map((p) => [p.image, english(p.reason)]), [[b, `${path.join('two', 'frame.png')} has the file name of ${path.join('one', 'frame.png')}: one COCO file tells its images apart by file name`]]);
  });

  it('stops when aborted, leaving the files written so far whole', async () => {
    const images: string[] = [];
    for (let i = 0; i < 5; i++) {
      images.push(await pngImage(`ds/f${i}.png`, 32, 32));
      await put(`ds/f${i}.json`, JSON.stringify({ version: '5.5.0', flags: {}, shapes: [{ label: `c${i}`, points: [[1, 1], [9, 9]], group_id: null, shape_type: 'rectangle', flags: {} }], imagePath: `f${i}.png`, imageData: null, imageHeight: 32, imageWidth: 32 }));
    }
    const plan = await planConversion(images, 'labelme', 'voc', { root, preferred: 'voc' });
    const controller = new AbortController();
    const summary = await runConversion(plan, { signal: controller.signal, onProgress: (done) => done === 2 && controller.abort() });
    assert.deepEqual([summary.written, summary.aborted, summary.remaining], [2, true, 3]);
    for (let i = 0; i < 5; i++) {
      const file = path.join(root, `ds/f${i}.xml`);
      if (i < 2) assert.equal(LABEL_FORMATS.voc.read(await readFile(file, 'utf8'), { imageFileName: `f${i}.png`, imageWidth: 32, imageHeight: 32 }).shapes[0].label, `c${i}`);
      else await assert.rejects(stat(file), { code: 'ENOENT' });
    }
  });

  it('does not write over a target that changed after the plan', async () => {
    const images = await sourceFolder('voc', 'ds');
    const plan = await planConversion(images, 'voc', 'labelme', { root, preferred: 'labelme' });
    const target = await put('ds/run042_frame0007.json', '{"written": "by another window"}');
    const summary = await runConversion(plan);
    assert.equal(summary.written, 0);
    assert.deepEqual(summary.skipped.map((s) => ({ ...s, reason: english(s.reason) })), [{ image: images[0], file: target, reason: 'run042_frame0007.json was created since the plan' }]);
    assert.equal(await readFile(target, 'utf8'), '{"written": "by another window"}');
  });

  it('refuses to let two images share one label file', async () => {
    const png1 = await pngImage('ds/a.png', 10, 10);
    const jpg = await jpegImage('ds/a.jpg', 10, 10);
    await put('ds/a.xml', '<annotation><object><name>jet</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>');
    const plan = await planConversion([png1, jpg], 'voc', 'labelme', { root, preferred: 'labelme' });
    assert.deepEqual(plan.images.map((it) => it.action), ['write', 'problem']);
    assert.equal(english(plan.problems[0].reason), 'a.jpg and a.png would both be labelled in a.json');
  });
});

function isYoloPair(from: LabelFormatId, to: LabelFormatId): boolean {
  return from.startsWith('yolo') && to.startsWith('yolo');
}
