// The hot-exit backup: a mask's pixels come back as bytes, and nothing else does, so a label file's
// unknown keys that look like the backup's byte form are restored as they were.
import * as assert from 'node:assert/strict';
import { parseBackup, serializeBackup } from './backup';
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
});
