// Hot-exit backups of unsaved labels: one per image and process; a reopened image finds the newest
// backup of a process that is gone, never one of a window still running.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, utimes } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackupStore } from './backupStore';

/** A pid that is certainly not running: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('annotation backup store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hai-backups-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('finds the newest backup of an image left by a process that is gone', async () => {
    const gone = deadPid();
    const older = new BackupStore(dir, gone);
    const file = await older.write('/data/images/a.tif', '{"old":1}');
    await utimes(file, new Date(1e12), new Date(1e12));
    const newer = new BackupStore(dir, deadPid());
    await newer.write('/data/images/a.tif', '{"new":1}');
    await new BackupStore(dir, gone).write('/data/images/b.tif', '{}');
    const me = new BackupStore(dir);
    const found = await me.orphan('/data/images/a.tif');
    assert.equal(await readFile(found!, 'utf8'), '{"new":1}');
    assert.equal(await me.orphan('/data/images/c.tif'), undefined);
  });

  it('never takes the backup of a process still running (another window) or its own', async () => {
    await new BackupStore(dir, process.ppid).write('/data/a.tif', '{}');
    const me = new BackupStore(dir);
    await me.write('/data/a.tif', '{}');
    assert.equal(await me.orphan('/data/a.tif'), undefined);
  });

  it('takes the backup of a process that is gone though its pid now belongs to another process', async () => {
    // Written by a process that had the parent's pid before it: its start time is not the parent's.
    const file = await new BackupStore(dir, process.ppid, () => Promise.resolve('linux:boot:123')).write('/data/a.tif', '{"unsaved":1}');
    const me = new BackupStore(dir);
    assert.equal(await me.orphan('/data/a.tif'), file);
    // The parent's own backup (the same pid, its real start) is another window's.
    await rm(file);
    await new BackupStore(dir, process.ppid).write('/data/a.tif', '{}');
    assert.equal(await me.orphan('/data/a.tif'), undefined);
    // A backup named by the pid alone (before backups were tagged) is kept while the pid runs.
    const untagged = await new BackupStore(dir, process.ppid, () => Promise.resolve(undefined)).write('/data/b.tif', '{}');
    assert.match(path.basename(untagged), new RegExp(`-${process.ppid}-n1\\.json$`));
    assert.equal(await me.orphan('/data/b.tif'), undefined);
  });

  it('writes each backup to a file of its own: deleting the one before (as VS Code does once it has a newer) keeps the newer', async () => {
    const me = new BackupStore(dir);
    const first = await me.write('/data/a.tif', '{"edits":1}');
    const second = await me.write('/data/a.tif', '{"edits":2}');
    assert.notEqual(first, second);
    await me.remove(first);
    assert.equal(await readFile(second, 'utf8'), '{"edits":2}');
  });

  it('removes with the backup restored the older ones of the same process, and keeps another process’s', async () => {
    const gone = new BackupStore(dir, deadPid());
    const older = await gone.write('/data/a.tif', '{"edits":1}');
    await utimes(older, new Date(1e12), new Date(1e12));
    const newer = await gone.write('/data/a.tif', '{"edits":2}');
    const other = await new BackupStore(dir, deadPid()).write('/data/a.tif', '{"other":1}');
    await utimes(other, new Date(1e12), new Date(1e12));
    const me = new BackupStore(dir);
    assert.equal(await me.orphan('/data/a.tif'), newer);
    await me.removeAfter(newer, () => Promise.resolve());
    assert.equal(await me.orphan('/data/a.tif'), other);
  });

  it('knows its own backups, whatever process wrote them, from other files', async () => {
    const me = new BackupStore(dir);
    assert.ok(me.owns(await new BackupStore(dir, deadPid()).write('/data/a.tif', '{}')));
    assert.ok(!me.owns(path.join(dir, 'notes.json')));
    assert.ok(!me.owns(path.join(os.tmpdir(), path.basename(await me.write('/data/a.tif', '{}')))));
  });

  it('removes a backup taken from the store only once the image is open, keeping it when the open fails', async () => {
    const me = new BackupStore(dir);
    const file = await new BackupStore(dir, deadPid()).write('/data/a.tif', '{"unsaved":1}');
    await assert.rejects(me.removeAfter(file, () => Promise.reject(new Error('the image cannot be decoded'))), /cannot be decoded/);
    assert.equal(await me.orphan('/data/a.tif'), file);
    assert.equal(await me.removeAfter(file, () => Promise.resolve('opened')), 'opened');
    assert.equal(await me.orphan('/data/a.tif'), undefined);
  });
});

