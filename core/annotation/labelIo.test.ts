// Class lists shared by windows: two saves that add classes at once both land, in the order taken,
// and a list is only ever appended to.
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendClasses } from './labelIo';

describe('class lists appended by several windows', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hai-classes-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the classes two windows add at the same time, after the ones already there', async () => {
    const file = path.join(dir, 'classes.txt');
    await writeFile(file, 'spot\nstreak\n');
    const list = { classes: ['spot', 'streak'], file, kind: 'classes.txt' as const };
    const target = { format: 'yolo-detect' as const, file: path.join(dir, 'a.txt'), exists: false };
    await Promise.all([appendClasses(list, ['spot', 'blob'], target), appendClasses(list, ['ring'], target)]);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    assert.deepEqual(lines.slice(0, 2), ['spot', 'streak']);
    assert.deepEqual([...lines.slice(2)].sort(), ['blob', 'ring']);
  });

  it('appends to a data.yaml’s names, keeping its comments and ids', async () => {
    const file = path.join(dir, 'data.yaml');
    await writeFile(file, '# the lab’s classes\nnames:\n  0: spot\n  1: streak\n');
    const out = await appendClasses({ classes: ['spot', 'streak'], file, kind: 'data.yaml' }, ['blob'], { format: 'yolo-detect', file: path.join(dir, 'a.txt'), exists: false });
    assert.deepEqual(out.classes, ['spot', 'streak', 'blob']);
    assert.equal(await readFile(file, 'utf8'), '# the lab’s classes\nnames:\n  0: spot\n  1: streak\n  2: blob\n');
  });
});
