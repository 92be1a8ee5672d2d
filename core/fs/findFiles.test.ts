// Files under a folder by globs: name order with folders where their names come, the count bound
// kept inside a batch of stats, links to files followed and links to folders not, hidden names skipped;
// a walk stopped by its signal.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findFiles } from './findFiles';

describe('findFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-find-'));
    for (let i = 0; i < 150; i++) writeFileSync(path.join(dir, `f_${String(i).padStart(3, '0')}.root`), 'x'.repeat(i));
    mkdirSync(path.join(dir, 'f_050_sub'));
    writeFileSync(path.join(dir, 'f_050_sub', 'inner.root'), 'inner');
    writeFileSync(path.join(dir, '.hidden.root'), '');
    writeFileSync(path.join(dir, 'notes.txt'), '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stops at the count asked for, inside a batch, in name order', async () => {
    const found = await findFiles(dir, ['**/*.root'], { maxFiles: 70 });
    // localeCompare's order: "f_050_sub" before "f_050.root" (punctuation weighs least).
    const want = [...Array.from({ length: 50 }, (_, i) => `f_${String(i).padStart(3, '0')}.root`), 'f_050_sub/inner.root', ...Array.from({ length: 19 }, (_, i) => `f_${String(50 + i).padStart(3, '0')}.root`)];
    assert.deepEqual(found.map((f) => f.relative), want);
    assert.deepEqual(found.slice(0, 3).map((f) => f.size), [0, 1, 2]);
    assert.equal((await findFiles(dir, ['**/*.root'], { maxFiles: 1000 })).length, 151);
    assert.equal((await findFiles(dir, ['*.root'], { maxFiles: 1000 })).length, 150);
    assert.equal((await findFiles(dir, ['**/*.root'], { maxFiles: 1000, maxDepth: 0 })).length, 150);
  });

  it('follows links to files, not to folders; keeps only files modified since a time', async () => {
    symlinkSync(path.join(dir, 'f_001.root'), path.join(dir, 'link.root'));
    symlinkSync(path.join(dir, 'f_050_sub'), path.join(dir, 'linked_sub'));
    symlinkSync(path.join(dir, 'gone.root'), path.join(dir, 'dangling.root'));
    const found = await findFiles(dir, ['**/*.root', 'linked_sub/**'], { maxFiles: 1000 });
    assert.ok(found.some((f) => f.relative === 'link.root' && f.size === 1));
    assert.ok(!found.some((f) => f.relative.startsWith('linked_sub') || f.relative === 'dangling.root'));
    const old = new Date('2020-01-01T00:00:00Z');
    for (const f of found) if (f.relative !== 'f_149.root') utimesSync(f.path, old, old);
    assert.deepEqual((await findFiles(dir, ['**/*.root'], { maxFiles: 1000, since: Date.parse('2021-01-01T00:00:00Z') })).map((f) => f.relative), ['f_149.root']);
  });

  it('stops a walk when its signal is aborted, at the next folder or batch, with an AbortError', async () => {
    for (let i = 0; i < 300; i++) {
      mkdirSync(path.join(dir, `run_${String(i).padStart(3, '0')}`));
      writeFileSync(path.join(dir, `run_${String(i).padStart(3, '0')}`, 'a.root'), '');
    }
    const before = new AbortController();
    before.abort();
    await assert.rejects(findFiles(dir, ['**/*.root'], { maxFiles: 1000, signal: before.signal }), { name: 'AbortError' });
    // Aborted once the walk is under way (after its first folder's listing): it does not finish.
    const during = new AbortController();
    const walk = findFiles(dir, ['**/*.root'], { maxFiles: 1000, signal: during.signal });
    setImmediate(() => during.abort());
    await assert.rejects(walk, { name: 'AbortError' });
    // Not aborted: all 451 files.
    assert.equal((await findFiles(dir, ['**/*.root'], { maxFiles: 1000, signal: new AbortController().signal })).length, 451);
  });
});

