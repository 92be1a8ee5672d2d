// Suggestions of a folder run, kept per image until reviewed: found again for the image as it was,
// not for an image written since; an empty list removes the entry.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { SuggestionStore } from './suggestionStore';

describe('suggestion store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hai-suggest-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps an image’s suggestions until the image changes or the list is emptied', async () => {
    const image = path.join(dir, 'frame.png');
    await writeFile(image, 'pixels');
    const store = new SuggestionStore(path.join(dir, 'store'));
    const stored = { source: 'hai-det-tiny-v8.onnx', suggestions: [{ label: 'spot', score: 0.9, box: { x: 1, y: 2, width: 3, height: 4 } }] };
    await store.put(image, stored);
    assert.deepEqual(await store.get(image), stored);
    assert.equal(await store.get(path.join(dir, 'other.png')), undefined);
    await utimes(image, new Date(2e12), new Date(2e12));
    assert.equal(await store.get(image), undefined, 'an image written since has no suggestions');
    await store.put(image, stored);
    await store.put(image, { source: 'x', suggestions: [] });
    assert.equal(await store.get(image), undefined);
  });
});
