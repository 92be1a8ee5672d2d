// The hot-exit backup: a mask's pixels come back as bytes, and nothing else does, so a label file's
// unknown keys that look like the backup's byte form are restored as they were.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseBackup, restoredFrom, serializeBackup } from './backup';
import { LabelFileChanged, loadLabels, saveLabels } from './labelIo';
import type { Entry } from './labelState';

describe('hot-exit backup', () => {
  it('restores a mask’s pixels as bytes and an unknown {"base64": …} key of the label file as it was', () => {
    const entries: Entry[] = [
      { id: 'f1', shape: { kind: 'box', label: 'cat', x: 1, y: 1, width: 2, height: 2, extra: { coco: { id: 1, meta: { base64: 'aGk=' } } } } },
      { id: 'f2', shape: { kind: 'mask', label: 'dog', mask: { x: 0, y: 0, width: 2, height: 1, data: Uint8Array.from([1, 0]) } } },
    ];
    const back = parseBackup(serializeBackup({ page: 0, target: { format: 'coco', file: '/x/annotations.json', exists: true }, classes: ['cat', 'dog'], classList: { classes: [] }, entries }));
    assert.deepEqual(back.entries[0].shape.extra, { coco: { id: 1, meta: { base64: 'aGk=' } } });
    const mask = back.entries[1].shape;
    assert.ok(mask.kind === 'mask' && mask.mask.data instanceof Uint8Array);
    assert.deepEqual(Array.from(mask.mask.data), [1, 0]);
  });

  it('keeps which classes only suggestions brought in, so a restored image does not write them either', () => {
    const target = { format: 'yolo-detect' as const, file: '/x/a.txt', exists: true };
    const back = parseBackup(serializeBackup({ page: 0, target, classes: ['spot', 'cat', 'dog'], suggestedClasses: ['cat', 'dog'], classList: { classes: ['spot'] }, entries: [] }));
    // 'dog' is in the label file's list by now: the file's class, written as the file has it.
    assert.deepEqual(restoredFrom({ classes: ['spot', 'dog'] }, back).suggestedClasses, ['cat']);
  });

  it('restores against the label file as it was when backed up: a file changed since is reported at save, not overwritten', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hai-restore-'));
    try {
      const info = { file: path.join(dir, 'a.png'), width: 20, height: 20, channels: 1 };
      const labels = path.join(dir, 'a.xml');
      const voc = (name: string): string => `<annotation><object><name>${name}</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>`;
      await writeFile(labels, voc('before'));
      const then = await loadLabels(info, 'voc', dir);
      const entries: Entry[] = [{ id: 'f1', shape: { kind: 'box', label: 'unsaved', x: 1, y: 1, width: 2, height: 2 } }];
      const backup = parseBackup(serializeBackup({ page: 0, target: then.target, classes: ['before', 'unsaved'], classList: then.classList, entries, stamp: then.stamp }));
      // Another program writes the file after the backup (a different size: a different stamp).
      await writeFile(labels, voc('written by another program'));
      const now = await loadLabels(info, 'voc', dir, backup.target);
      const restored = restoredFrom(now, backup);
      assert.deepEqual(restored.classes, ['written by another program', 'before', 'unsaved']);
      const annotation = { imageWidth: 20, imageHeight: 20, shapes: entries.map((e) => e.shape) };
      await assert.rejects(saveLabels(info, now.target, annotation, restored.classes, { stamp: restored.stamp, classList: now.classList }), LabelFileChanged);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

