// Job records on disk, shared by every VS Code window of the user: one file per job
// (<folder>/<id>.json), each written to a temporary file and renamed, so that a crash never leaves
// half a record and two windows never write back each other's whole list. An update re-reads its
// record from disk, merges and renames while it holds that record's lock (<id>.json.lock, shared by
// all windows through core/fs/fileLock.ts), and a removal unlinks under the same lock: without it a
// window that read "running" a moment before another wrote "completed" (or removed the job) would
// write "running" back over the end (or bring the job back). A reload picks up what other windows
// did. Records are checked before anything acts on them; one that fails is put aside (renamed, never
// deleted) and reported in `problems`.
import { promises as fs, mkdirSync, watch as watchFolder, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { acquireLock } from '../fs/fileLock';
import { english, LocalizedError, type Message, messageOf, msg } from '../text/message';
import { isFinal, isJobId, parseRecord, type JobRecord, type JobUpdate } from './jobRecord';
import { migrateJobList } from './jobStoreMigration';

/**
 * What one record file holds; the version lets a later format be told apart. Version 3 is a record
 * in the state `ended`, which versions that read only 2 do not know: they leave such a file alone
 * (as newer) instead of putting it aside as unreadable, and so hiding it from every window.
 */
interface RecordFile {
  readonly version: 2 | 3;
  readonly job: JobRecord;
}

const fileVersion = (record: JobRecord): RecordFile['version'] => (record.state === 'ended' ? 3 : 2);

type Loaded = { record: JobRecord } | { problem: Message } | { gone: true } | { newer: number };

let tmpCounter = 0;

/**
 * A record's lock is held for the few milliseconds of one read-merge-rename, so a waiter looks again
 * soon; a lock left by a window that was killed is taken over by fileLock (its pid is gone).
 */
const RECORD_LOCK = { pollMs: 10, purpose: 'updating a job record' } as const;

export class JobStore {
  /** The folder with one file per job, beside the version-1 list it replaces (jobs.json → jobs/). */
  readonly dir: string;
  private jobs = new Map<string, JobRecord>();
  private queue: Promise<unknown> = Promise.resolve();
  /** What the last load found wrong (records put aside, an old list not taken over), for the user. */
  problems: readonly Message[] = [];

  /** The same in English, one problem a line (undefined when there is none). */
  get problem(): string | undefined {
    return this.problems.length > 0 ? this.problems.map((p) => english(p)).join('\n') : undefined;
  }

  /** @param file the version-1 job list (jobs.json); the records live in the folder of the same name. */
  constructor(readonly file: string) {
    const base = file.replace(/\.json$/i, '');
    this.dir = base === file ? `${file}.d` : base;
  }

  /** Reads every record again (taking over an old jobs.json first); true when the list changed. */
  load(): Promise<boolean> {
    return this.exclusive(async () => {
      const problems: Message[] = [];
      const migrated = await migrateJobList(this.file, (r) => this.write(r, false));
      if (migrated) problems.push(migrated);
      let names: string[];
      try {
        names = await fs.readdir(this.dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        names = [];
      }
      const next = new Map<string, JobRecord>();
      for (const name of names) {
        if (!name.endsWith('.json') || name.startsWith('.')) continue;
        const loaded = await this.read(name);
        if ('record' in loaded) next.set(loaded.record.id, loaded.record);
        else if ('problem' in loaded) problems.push(loaded.problem);
      }
      if (problems.length > 0) this.problems = problems;
      const changed = next.size !== this.jobs.size || [...next].some(([id, r]) => JSON.stringify(r) !== JSON.stringify(this.jobs.get(id)));
      this.jobs = next;
      return changed;
    });
  }

  /** Newest first. */
  all(): readonly JobRecord[] {
    return [...this.jobs.values()].sort((a, b) => b.submittedAt - a.submittedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  /** Adds (or replaces) a record; refuses one that could not be read back. */
  add(record: JobRecord): Promise<void> {
    const checked = parseRecord(record);
    if ('problem' in checked) return Promise.reject(new LocalizedError(msg('HAI will not record job {0}: {1}.', record.id, checked.text)));
    return this.exclusive(async () => {
      await this.write(record, true);
      this.jobs.set(record.id, record);
    });
  }

  /**
   * Applies an update to the record as it is on disk now (another window may have changed it);
   * returns the new record, or undefined when nothing changed. A job another window removed stays
   * removed, and a job that has ended keeps the end it was first given.
   */
  update(id: string, update: JobUpdate): Promise<JobRecord | undefined> {
    return this.exclusive(async () => {
      if (!isJobId(id)) return undefined;
      return this.locked(id, async () => {
        // Read under the lock: what another window wrote or removed before it is what we merge into.
        const loaded = await this.read(`${id}.json`);
        if (!('record' in loaded)) {
          // Removed (or put aside): an update never writes a record that is not there.
          if ('problem' in loaded) this.problems = [loaded.problem];
          if (!('newer' in loaded)) this.jobs.delete(id);
          return undefined;
        }
        const current = loaded.record;
        this.jobs.set(id, current);
        // A job that ended keeps the end it was first given, whatever a slower window saw before.
        if (isFinal(current)) return undefined;
        const next: JobRecord = { ...current, ...update };
        if (!('unreachable' in update)) delete (next as { unreachable?: string }).unreachable;
        if (!('unreachableText' in update)) delete (next as { unreachableText?: unknown }).unreachableText;
        if (JSON.stringify(next) === JSON.stringify(current)) return undefined;
        await this.write(next, true);
        this.jobs.set(id, next);
        return next;
      });
    });
  }

  remove(id: string): Promise<void> {
    return this.exclusive(async () => {
      this.jobs.delete(id);
      if (!isJobId(id)) return;
      // Under the record's lock, so that an update that read the record before cannot rename it back.
      await this.locked(id, () =>
        fs.unlink(path.join(this.dir, `${id}.json`)).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        }),
      );
    });
  }

  /**
   * Calls `changed` after another window (or this one) added, changed or removed a record. Events
   * from the folder are gathered for a moment, then the records are read again.
   */
  watch(changed: () => void, delayMs = 200): { dispose(): void } {
    let timer: NodeJS.Timeout | undefined;
    let watcher: FSWatcher | undefined;
    const reload = (): void => {
      timer = undefined;
      this.load().then(
        (c) => c && changed(),
        () => undefined,
      );
    };
    try {
      // Created now (not on the first add) so that the watch sees the first job another window adds.
      mkdirSync(this.dir, { recursive: true });
      watcher = watchFolder(this.dir, () => {
        timer ??= setTimeout(reload, delayMs);
      });
      watcher.on('error', () => undefined);
    } catch {
      // A folder that cannot be watched: the list still updates at each refresh (JobTracker reloads).
      watcher = undefined;
    }
    return {
      dispose: () => {
        if (timer) clearTimeout(timer);
        watcher?.close();
      },
    };
  }

  /**
   * Runs `work` holding the record's lock, which every window takes for its updates and removals.
   * The lock file ends in `.lock`, so loading (which reads `*.json`) never takes it for a record.
   */
  private async locked<T>(id: string, work: () => Promise<T>): Promise<T> {
    await fs.mkdir(this.dir, { recursive: true });
    const lock = await acquireLock(path.join(this.dir, `${id}.json.lock`), RECORD_LOCK);
    try {
      return await work();
    } finally {
      await lock.release();
    }
  }

  /** Runs store operations of this window one at a time, so that two updates never interleave. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read(name: string): Promise<Loaded> {
    const file = path.join(this.dir, name);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { gone: true };
      return { problem: msg('The job record {0} could not be read ({1}).', file, (err as Error).message) };
    }
    let why: Message | string;
    try {
      const parsed = JSON.parse(text) as Partial<RecordFile>;
      if (typeof parsed?.version === 'number' && parsed.version > 3) return { newer: parsed.version };
      if (parsed?.version !== 2 && parsed?.version !== 3) throw new LocalizedError(msg('unknown format (version {0})', String(parsed?.version)));
      const checked = parseRecord(parsed.job);
      if ('record' in checked && `${checked.record.id}.json` !== name) why = msg('it names job {0}, not {1}', checked.record.id, name.slice(0, -5));
      else if ('record' in checked) return checked;
      else why = checked.text;
    } catch (err) {
      // JSON.parse's words stay as they are; ours are translated.
      why = messageOf(err);
    }
    const aside = `${file}.unreadable-${Date.now()}`;
    try {
      await fs.rename(file, aside);
    } catch (err) {
      // Another window put it aside (or replaced it) first.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { gone: true };
      throw err;
    }
    return { problem: msg('The job record {0} cannot be used: {1}. HAI does not act on it; it was kept as {2}.', name.slice(0, -5), why, aside) };
  }

  /**
   * Writes a record to a temporary file, then puts it in place: by rename, or (when it must not
   * replace a record another window wrote meanwhile) by link, which fails if the name exists.
   */
  private async write(record: JobRecord, replace: boolean): Promise<boolean> {
    if (!isJobId(record.id)) throw new LocalizedError(msg('HAI will not record job {0}: its job id is not a plain name.', record.id));
    await fs.mkdir(this.dir, { recursive: true });
    const target = path.join(this.dir, `${record.id}.json`);
    const tmp = path.join(this.dir, `.${record.id}.${process.pid}.${++tmpCounter}.${Math.random().toString(36).slice(2, 8)}.tmp`);
    await fs.writeFile(tmp, JSON.stringify({ version: fileVersion(record), job: record } satisfies RecordFile, null, 1), 'utf8');
    if (replace) {
      await fs.rename(tmp, target);
      return true;
    }
    try {
      await fs.link(tmp, target);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      // A file system without hard links: check, then rename (a narrow race only at migration).
      if (await fs.access(target).then(() => true, () => false)) return false;
      await fs.rename(tmp, target);
      return true;
    } finally {
      await fs.unlink(tmp).catch(() => undefined);
    }
  }
}
