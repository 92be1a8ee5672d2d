// Atomic writes: the target is replaced whole, its mode kept, and a failed write leaves the old file
// and no temporary file behind.
import * as assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from './atomicWrite';

describe('atomic file writes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hai-atomic-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('replaces the file whole and keeps its mode', async () => {
    const file = path.join(dir, 'a.txt');
    await writeFile(file, 'old\n');
    await chmod(file, 0o640);
    await writeFileAtomic(file, '0 0.5 0.5 0.1 0.1\n');
    assert.equal(await readFile(file, 'utf8'), '0 0.5 0.5 0.1 0.1\n');
    assert.equal((await stat(file)).mode & 0o777, 0o640);
    assert.deepEqual(await readdir(dir), ['a.txt']);
  });

  it('leaves the old file and no temporary file when the target cannot be replaced', async () => {
    const target = path.join(dir, 'labels');
    await writeFile(path.join(dir, 'keep.txt'), 'kept');
    // A directory in the target's place: the rename fails.
    await import('node:fs/promises').then((fs) => fs.mkdir(path.join(target, 'x'), { recursive: true }));
    await assert.rejects(writeFileAtomic(target, 'data'));
    assert.deepEqual((await readdir(dir)).sort(), ['keep.txt', 'labels']);
  });
});
