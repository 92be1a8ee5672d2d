// What a Chinese user reads when a label file or a model cannot be used: the errors of core/annotation
// carry translatable messages (core/text/message.ts), the reader's line and the file's name included,
// while their English text stays what it was.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportError } from '../errors';
import { english, errorText, isMessage, type Message } from '../text/message';
import { DetectorError, loadDetector } from './assist/detector';
import { loadLabels } from './labelIo';
import { parseYolo } from './yolo';

// The entries of l10n/bundle.l10n.zh-cn.json these tests need, translated as the extension does.
const bundle: Record<string, string> = {
  'line {0}: {1}': '第 {0} 行：{1}',
  '"{0}" is not a number': '“{0}”不是数值',
  '{0}: {1}': '{0}：{1}',
  'There is no model file at {0}.': '{0} 处没有模型文件。',
  'Check the path, or download or export the model again.': '请检查路径，或重新下载或导出模型。',
};
const zh = (m: Message): string =>
  (bundle[m.template] ?? m.template).replace(/\{(\d+)\}/g, (w, i: string) => {
    const a = m.args[Number(i)];
    return a === undefined ? w : isMessage(a) ? zh(a) : String(a);
  });

describe('annotation messages in the user’s language', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'hai-annotation-messages-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names the line of a malformed YOLO file in English and in Chinese', () => {
    const err = (() => {
      try {
        parseYolo('0 0.5 0.5 0.1 0.1\n\n0 0.5 nan? 0.1 0.1', { imageWidth: 64, imageHeight: 48, classes: ['jet'] });
      } catch (e) {
        return e;
      }
      assert.fail('no error');
    })();
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
});
