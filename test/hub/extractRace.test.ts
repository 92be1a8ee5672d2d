// Issue 14, item 2: two windows (two real processes) extract the same archive at the same time. The
// first is held halfway (test/hub/extractChild.ts waits for a "go" file) while the second starts.
// Also: a window whose lock another one took over stops before it moves anything, and an archive
// that another window is extracting is not removed.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractArchive, type ExtractResult, extractionOf, removeExtractedArchive } from '../../core/hub/extract';
import { ExtractError, extractLockName } from '../../core/hub/extractChecks';
import { type LineProcess, startTs } from '../support/lineProcess';

describe('extraction of one archive by two windows', function () {
  this.timeout(60_000);
  let root: string;
  const children: LineProcess[] = [];
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hai-xrace-'));
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.child.kill('SIGKILL');
      await c.exited;
    }
    rmSync(root, { recursive: true, force: true });
  });

  const window = (archive: string, goFile?: string) => {
    const c = startTs('test/hub/extractChild.ts', [archive, ...(goFile ? [goFile] : [])]);
    children.push(c);
    return c;
  };
  const lockHolder = async (file: string) => {
    const c = startTs('test/support/lockChild.ts', [file, 'hold']);
    children.push(c);
    await c.waitFor(/^ready$/);
    c.send('go');
    await c.waitFor(/^got /);
    return c;
  };
  /** A small dataset split (and `extra` files at its top) archived by GNU tar or Python's zipfile, in a folder of its own. */
  const smallArchive = (name: string, extra: Record<string, string> = {}) => {
    const src = path.join(root, 'src');
    mkdirSync(path.join(src, 'val'), { recursive: true });
    for (let i = 0; i < 4; i++) writeFileSync(path.join(src, 'val', `f${i}.root`), Buffer.alloc(64 * 1024, i + 1));
    for (const [file, text] of Object.entries(extra)) writeFileSync(path.join(src, file), text);
    const dir = path.join(root, 'datasets');
    mkdirSync(dir);
    const archive = path.join(dir, name);
    const members = ['val', ...Object.keys(extra)];
    if (name.endsWith('.zip')) execFileSync('/usr/bin/python3', ['-m', 'zipfile', '-c', archive, ...members], { cwd: src });
    else execFileSync('tar', ['-cf', archive, '-C', src, ...members]);
    return { dir, archive };
  };
  const outcome = async (c: LineProcess) => {
    const line = await c.waitFor(/^(done|failed) /);
    return { ok: line.startsWith('done '), ...(JSON.parse(line.slice(line.indexOf(' ') + 1)) as Partial<ExtractResult> & { kind?: string; message?: string }) };
  };

  for (const name of ['JetClass_part0.tar', 'QuarkGluon.zip']) {
    it(`lets one process extract ${name} while the other waits, and records every file`, async () => {
      // A dataset split of 24 files of 256 KiB, archived by GNU tar / Python's zipfile.
      const src = path.join(root, 'src');
      mkdirSync(path.join(src, 'train_100M'), { recursive: true });
      const expected: Record<string, Buffer> = {};
      for (let i = 0; i < 24; i++) {
        const rel = `train_100M/HToBB_${String(i).padStart(3, '0')}.root`;
        expected[rel] = Buffer.alloc(256 * 1024, i + 1);
        writeFileSync(path.join(src, rel), expected[rel]);
      }
      const dir = path.join(root, 'datasets');
      mkdirSync(dir);
      const archive = path.join(dir, name);
      if (name.endsWith('.zip')) execFileSync('/usr/bin/python3', ['-m', 'zipfile', '-c', archive, 'train_100M'], { cwd: src });
      else execFileSync('tar', ['-cf', archive, '-C', src, 'train_100M']);
      const go = path.join(root, 'go');

      const first = window(archive, go);
      await first.waitFor(/^extracting$/);
      const second = window(archive);
      await second.waitFor(/^(waiting|done|failed)/);
      writeFileSync(go, '');
      const [a, b] = [await outcome(first), await outcome(second)];

      assert.ok(a.ok && b.ok, `both windows succeed: ${JSON.stringify([a, b])}`);
      assert.deepEqual([a.files, b.files], [24, 24]);
      const got = readdirSync(path.join(dir, 'train_100M')).sort();
      assert.deepEqual(got, Object.keys(expected).map((k) => k.split('/')[1]));
      for (const [rel, bytes] of Object.entries(expected)) assert.ok(readFileSync(path.join(dir, rel)).equals(bytes), rel);
      const recorded = await extractionOf(archive);
      assert.equal(recorded?.files, 24, 'the record counts the files in place');
      assert.equal(recorded?.bytes, 24 * 256 * 1024);
      assert.deepEqual(readdirSync(dir).sort(), ['.hai-extracted', name, 'train_100M'], 'no staging folder or lock left');
      assert.match(second.lines.join('\n'), new RegExp(`^waiting ${first.child.pid}$`, 'm'), 'the second window waited for the first');
      assert.deepEqual([a.byAnotherProcess, b.byAnotherProcess], [false, true]);
    });
  }

  it('stops before moving anything into place when another window took its lock over', async () => {
    const name = 'JetClass_part1.tar';
    const { dir, archive } = smallArchive(name);
    const go = path.join(root, 'go');
    const first = window(archive, go);
    await first.waitFor(/^extracting$/); // its event loop blocked mid-read, as a suspended machine's
    // Another window judged its lock gone (as one on another host does once it has not been
    // refreshed for the stale time) and holds it now.
    const lockFile = path.join(dir, extractLockName(name));
    rmSync(lockFile);
    const other = await lockHolder(lockFile);
    writeFileSync(go, '');
    const result = await outcome(first);
    assert.equal(result.ok, false, JSON.stringify(result));
    assert.equal(result.kind, 'io');
    assert.match(result.message ?? '', /Another window took over the extraction of JetClass_part1\.tar/);
    assert.deepEqual(readdirSync(dir).sort(), [extractLockName(name), name], 'nothing moved into place, no record, no staging folder left');
    assert.equal(JSON.parse(readFileSync(lockFile, 'utf8')).pid, other.child.pid, 'the other window keeps its lock');
  });

  it('does not replace an archive that finished downloading beside it while it was read', async () => {
    // The archive carries an entry named like the dataset's next part, which is not there yet.
    const { dir, archive } = smallArchive('part0.tar', { 'part1.tar': 'not part1' });
    const go = path.join(root, 'go');
    const first = window(archive, go);
    await first.waitFor(/^extracting$/);
    writeFileSync(path.join(dir, 'part1.tar'), 'the real part1'); // another window's download, renamed into place
    writeFileSync(go, '');
    const result = await outcome(first);
    assert.equal(result.kind, 'unsafe', JSON.stringify(result));
    assert.match(result.message ?? '', /would overwrite part1\.tar, another archive beside it/);
    assert.equal(readFileSync(path.join(dir, 'part1.tar'), 'utf8'), 'the real part1');
  });

  it('keeps an archive that another window is extracting, and removes it once that one has finished', async () => {
    const name = 'QuarkGluon_test.zip';
    const { dir, archive } = smallArchive(name);
    await extractArchive(archive, 'zip');
    const go = path.join(root, 'go');
    const again = window(archive, go); // extracting it again, held halfway
    await again.waitFor(/^extracting$/);
    const err = await removeExtractedArchive(archive).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ExtractError, String(err));
    assert.equal(err.kind, 'io');
    assert.equal(err.message, `${name} is being extracted in another window, so it is kept.`);
    assert.equal(err.hint, 'Try again when that extraction has finished.');
    assert.ok(existsSync(archive), 'the archive is still there');
    assert.equal((await extractionOf(archive))?.archiveRemovedAt, undefined, 'no removal recorded');
    writeFileSync(go, '');
    assert.equal((await outcome(again)).ok, true);
    assert.ok((await removeExtractedArchive(archive)) > 0);
    assert.ok(!existsSync(archive));
    assert.deepEqual(readdirSync(dir).sort(), ['.hai-extracted', 'val'], 'its lock released');
  });
});
