// Issue 14, item 2: two windows (two real processes) extract the same archive at the same time. The
// first is held halfway (test/hub/extractChild.ts waits for a "go" file) while the second starts.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ExtractResult, extractionOf } from '../../core/hub/extract';
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
});
