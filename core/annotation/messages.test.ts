// What a Chinese user reads when a label file or a model cannot be used, and what a label format
// cannot keep: the errors, losses and conversion plans of core/annotation carry translatable messages
// (core/text/message.ts), the reader's line, the file's and the shape's names included, while their
// English text stays what it was.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as FastPng from 'fast-png' with { 'resolution-mode': 'import' };
import { reportError } from '../errors';
import { english, errorText, type Message } from '../text/message';
import { DetectorError, loadDetector } from './assist/detector';
import { planConversion } from './convertFolder';
import { runConversion } from './convertRun';
import { LABEL_FORMATS } from './formats';
import { readLabelme } from './labelme';
import { loadLabels } from './labelIo';
import { parseYolo } from './yolo';
import { inChinese as zh } from '../testing/inChinese';

/** The error `work` throws. */
function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (e) {
    return e;
  }
  assert.fail('no error');
}

describe('annotation messages in the user’s language', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'hai-annotation-messages-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names the line of a malformed YOLO file in English and in Chinese', () => {
    const err = thrown(() => parseYolo('0 0.5 0.5 0.1 0.1\n\n0 0.5 nan? 0.1 0.1', { imageWidth: 64, imageHeight: 48, classes: ['jet'] }));
    assert.equal((err as Error).message, 'line 3: "nan?" is not a number');
    assert.equal(errorText(err, zh), '第 3 行：“nan?”不是数值');
  });

  it('says why a label file was not read, its name and line kept, in either language', async () => {
    const image = join(dir, 'bad.png');
    writeFileSync(join(dir, 'classes.txt'), 'jet\n');
    writeFileSync(join(dir, 'bad.txt'), '0 0.5 0.5 0.1 0.1\n0 zero 0.5 0.1 0.1\n');
    const loaded = await loadLabels({ file: image, width: 64, height: 48, channels: 1 }, 'yolo-detect', dir, { format: 'yolo-detect', file: join(dir, 'bad.txt'), exists: true });
    assert.ok(loaded.problem);
    assert.equal(english(loaded.problem), 'bad.txt: line 2: "zero" is not a number');
    assert.equal(zh(loaded.problem), 'bad.txt：第 2 行：“zero”不是数值');
  });

  it('tells a missing model and what to do, the hint translated too', async () => {
    const file = join(dir, 'nope.onnx');
    const err = await loadDetector(file).then(
      () => assert.fail('loaded'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof DetectorError);
    assert.equal(err.message, `There is no model file at ${file}.`);
    assert.equal(reportError(err, zh).notice, `${file} 处没有模型文件。 请检查路径，或重新下载或导出模型。`);
  });

  it('says what a format cannot keep, shape by shape, in either language', () => {
    const out = LABEL_FORMATS['yolo-detect'].write(
      {
        imageWidth: 64,
        imageHeight: 48,
        shapes: [
          { kind: 'polygon', label: 'jet', points: [[1, 1], [9, 1], [5, 7]] },
          { kind: 'point', label: 'spot', x: 3, y: 4 },
        ],
        kept: [{ format: 'labelme', index: 2, description: readLabelme('{"shapes": [{"label": "cell", "points": [[1, 1], [4, 4]], "shape_type": "circle"}]}', { imageFileName: 'a.png' }).kept![0].description, data: {} }],
      },
      { imageFileName: 'a.png', imageWidth: 64, imageHeight: 48, classes: ['jet', 'spot'] },
    );
    assert.deepEqual(out.losses.map(english), [
      'polygon 1 (jet) becomes its bounding box',
      'point 2 (spot) has no YOLO form and is left out',
      'circle (cell), kept from the labelme file, has no yolo-detect form and is left out',
    ]);
    assert.deepEqual(out.losses.map(zh), ['多边形 1（jet）将变为其外接矩形框', '点 2（spot）无法以 YOLO 表示，将被略去', 'circle（cell）（保留自 labelme 文件）无法以 yolo-detect 表示，将被略去']);
  });

  it('counts one point and one class without a plural', () => {
    const kept = readLabelme(
      '{"shapes": [{"label": "a", "points": [[1, 1]], "shape_type": "rectangle"}, {"label": "b", "points": [[1, 1], [2, 2]], "shape_type": "polygon"}]}',
      { imageFileName: 'a.png' },
    ).kept!.map((k) => k.description as Message);
    assert.deepEqual(kept.map(english), ['rectangle with 1 point (a)', 'polygon with 2 points (b)']);
    assert.deepEqual(kept.map(zh), ['含 1 个点的 rectangle（a）', '含 2 个点的 polygon（b）']);
    const one = thrown(() => parseYolo('1 0.5 0.5 0.1 0.1', { imageWidth: 64, imageHeight: 48, classes: ['jet'] }));
    assert.equal((one as Error).message, 'line 1: class 1 is not in the class list (1 class): add it to classes.txt or data.yaml');
    assert.equal(errorText(one, zh), '第 1 行：类别 1 不在类别列表中（共 1 个类别）：请将其添加到 classes.txt 或 data.yaml');
    const two = thrown(() => parseYolo('2 0.5 0.5 0.1 0.1', { imageWidth: 64, imageHeight: 48, classes: ['jet', 'muon'] }));
    assert.equal((two as Error).message, 'line 1: class 2 is not in the class list (2 classes): add it to classes.txt or data.yaml');
  });

  it('shows a conversion plan and its run in Chinese: what is replaced, lost and left out', async () => {
    const png: typeof FastPng = await import('fast-png');
    const ds = join(dir, 'convert');
    mkdirSync(join(ds, 'images'), { recursive: true });
    mkdirSync(join(ds, 'labels'), { recursive: true });
    for (const name of ['a', 'bad']) writeFileSync(join(ds, 'images', `${name}.png`), png.encode({ width: 64, height: 48, data: new Uint8Array(64 * 48), channels: 1, depth: 8 }));
    writeFileSync(join(ds, 'labels', 'classes.txt'), 'jet\n');
    writeFileSync(join(ds, 'labels', 'a.txt'), '0 0.5 0.5 0.25 0.25\n');
    writeFileSync(join(ds, 'labels', 'bad.txt'), '0 0.5 0.5 0.1 0.1\n0 zero 0.5 0.1 0.1\n');
    const plan = await planConversion([join(ds, 'images', 'a.png'), join(ds, 'images', 'bad.png')], 'yolo-detect', 'yolo-segment', { root: ds, preferred: 'yolo-detect' });
    assert.deepEqual(plan.overwrites.map((o) => [english(o.reason), zh(o.reason)]), [['is the yolo-detect source itself, rewritten as yolo-segment', '即 yolo-detect 源文件本身，将改写为 yolo-segment']]);
    assert.deepEqual(plan.losses.map((l) => [english(l), zh(l)]), [['a.png: box 1 (jet) becomes a 4-point polygon (segmentation files hold polygons only)', 'a.png：矩形框 1（jet）将变为 4 点多边形（分割文件只保存多边形）']]);
    assert.deepEqual(plan.problems.map((p) => [english(p.reason), zh(p.reason), p.line]), [['bad.txt: line 2: "zero" is not a number', 'bad.txt：第 2 行：“zero”不是数值', 2]]);
    const summary = await runConversion(plan, { skipOverwrites: true });
    assert.deepEqual(summary.skipped.map((s) => zh(s.reason)), ['已按要求保留 a.txt 不变（转换本会替换它：它即 yolo-detect 源文件本身，将改写为 yolo-segment）']);
  });
});
