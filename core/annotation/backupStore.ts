// Where the annotation editor keeps hot-exit backups of unsaved labels: one file per image and
// extension-host process, in the workspace's storage. VS Code hands a backup back (its id) when it
// restores a dirty editor in desktop VS Code; in a browser (code-server) the editor can come back
// without it, so a reopened image also looks here for a backup left by a process that is gone. A
// backup of a process still running belongs to another window with the image open: never taken.
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite';
import { processAlive } from '../fs/fileLock';

export class BackupStore {
  constructor(
    private readonly dir: string,
    private readonly pid = process.pid,
  ) {}

  private key(image: string): string {
    return createHash('sha256').update(path.resolve(image)).digest('hex').slice(0, 24);
  }

  fileFor(image: string): string {
    return path.join(this.dir, `${this.key(image)}-${this.pid}.json`);
  }

  async write(image: string, text: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const file = this.fileFor(image);
    await writeFileAtomic(file, text);
    return file;
  }

  async remove(file: string): Promise<void> {
    await rm(file, { force: true });
  }

  /**
   * Runs `open` (the image decoded, its document made) and only then removes the backup taken from
   * the store: an open that fails (an image that cannot be decoded now) leaves the unsaved labels
   * for the next try, where removing first lost them for good.
   */
  async removeAfter<T>(file: string | undefined, open: () => Promise<T>): Promise<T> {
    const opened = await open();
    if (file) await this.remove(file);
    return opened;
  }

  /** The newest backup of `image` left by an extension host that no longer runs. */
  async orphan(image: string): Promise<string | undefined> {
    const prefix = `${this.key(image)}-`;
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return undefined;
    }
    let best: { file: string; mtime: number } | undefined;
    for (const name of names) {
      const m = name.startsWith(prefix) ? /^[0-9a-f]+-(\d+)\.json$/.exec(name) : null;
      if (!m) continue;
      const pid = Number(m[1]);
      if (pid === this.pid || processAlive(pid)) continue;
      const file = path.join(this.dir, name);
      const mtime = (await stat(file).catch(() => undefined))?.mtimeMs;
      if (mtime !== undefined && (!best || mtime > best.mtime)) best = { file, mtime };
    }
    return best?.file;
  }
}
