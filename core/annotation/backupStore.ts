// Where the annotation editor keeps hot-exit backups of unsaved labels: one file per image and
// extension-host process, in the workspace's storage. VS Code hands a backup back (its id) when it
// restores a dirty editor in desktop VS Code; in a browser (code-server) the editor can come back
// without it, so a reopened image also looks here for a backup left by a process that is gone. A
// backup of a process still running belongs to another window with the image open: never taken.
// A backup's name carries its process's pid and a tag of when that process started, since a pid
// alone may have gone to an unrelated process since (processStart.ts), which would hide the backup.
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite';
import { processAlive } from '../fs/fileLock';
import { processStartTime } from '../fs/processStart';

/**
 * `<image key>-<pid>[-<start tag>]-n<number>.json`: each backup a file of its own, since VS Code
 * deletes the previous backup once it has a newer one, and a reused name deleted the newer. Names
 * without a tag or a number were written before they were.
 */
const BACKUP_NAME = /^([0-9a-f]+)-(\d+)(?:-([0-9a-f]{8}))?(?:-n(\d+))?\.json$/;

/** The image key, pid and tag of a backup's name: the process session that wrote it, for that image. */
const writerOf = (m: RegExpExecArray): string => `${m[1]}-${m[2]}-${m[3] ?? ''}`;

const hash = (text: string, length: number): string => createHash('sha256').update(text).digest('hex').slice(0, length);

export class BackupStore {
  private ownTag: Promise<string | undefined> | undefined;
  private written = 0;

  /** `startTime`: when the process `pid` started (processStart.ts); the tests name another one. */
  constructor(
    private readonly dir: string,
    private readonly pid = process.pid,
    private readonly startTime: (pid: number) => Promise<string | undefined> = processStartTime,
  ) {}

  private key(image: string): string {
    return hash(path.resolve(image), 24);
  }

  private async tag(pid: number): Promise<string | undefined> {
    const start = await this.startTime(pid);
    return start === undefined ? undefined : hash(start, 8);
  }

  private async fileFor(image: string): Promise<string> {
    const tag = await (this.ownTag ??= this.tag(this.pid));
    return path.join(this.dir, `${this.key(image)}-${this.pid}${tag ? `-${tag}` : ''}-n${++this.written}.json`);
  }

  async write(image: string, text: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const file = await this.fileFor(image);
    await writeFileAtomic(file, text);
    return file;
  }

  /** Whether `file` is a backup of this store (a backup id VS Code hands back names one). */
  owns(file: string): boolean {
    return path.dirname(path.resolve(file)) === path.resolve(this.dir) && BACKUP_NAME.test(path.basename(file));
  }

  async remove(file: string): Promise<void> {
    await rm(file, { force: true });
  }

  /**
   * Runs `open` (the image decoded, its document made) and only then removes the backup taken, with
   * the older backups of the same image by the process that wrote it (what a browser's reload left
   * before VS Code could delete them): an open that fails (an image that cannot be decoded now)
   * leaves the unsaved labels for the next try, where removing first lost them for good.
   */
  async removeAfter<T>(file: string | undefined, open: () => Promise<T>): Promise<T> {
    const opened = await open();
    const taken = file ? BACKUP_NAME.exec(path.basename(file)) : null;
    if (file && taken) {
      for (const name of await this.names()) {
        const m = BACKUP_NAME.exec(name);
        if (m && writerOf(m) === writerOf(taken)) await this.remove(path.join(this.dir, name));
      }
    }
    return opened;
  }

  private async names(): Promise<string[]> {
    try {
      return await readdir(this.dir);
    } catch {
      return [];
    }
  }

  /** The newest backup of `image` left by an extension host that no longer runs. */
  async orphan(image: string): Promise<string | undefined> {
    const prefix = `${this.key(image)}-`;
    let best: { file: string; mtime: number; number: number } | undefined;
    for (const name of await this.names()) {
      const m = name.startsWith(prefix) ? BACKUP_NAME.exec(name) : null;
      if (!m || (await this.running(Number(m[2]), m[3]))) continue;
      const file = path.join(this.dir, name);
      const mtime = (await stat(file).catch(() => undefined))?.mtimeMs;
      const number = Number(m[4] ?? 0);
      // Written in one millisecond, the later number is the newer.
      if (mtime !== undefined && (!best || mtime > best.mtime || (mtime === best.mtime && number > best.number))) best = { file, mtime, number };
    }
    return best?.file;
  }

  /** Whether the process that wrote a backup still runs: its pid, started when its tag says (a tag the system cannot check: taken as running). */
  private async running(pid: number, tag: string | undefined): Promise<boolean> {
    if (pid !== this.pid && !processAlive(pid)) return false;
    if (tag === undefined) return true;
    const now = await (pid === this.pid ? (this.ownTag ??= this.tag(this.pid)) : this.tag(pid));
    return now === undefined || now === tag;
  }
}
