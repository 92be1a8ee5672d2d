// Job records on disk: one JSON file, written to a temporary file and renamed, so that a crash or a
// killed extension host never leaves half a file. A file that cannot be read is kept aside (never
// overwritten) and the problem reported.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { JobRecord, JobUpdate } from './jobRecord';

interface StoreFile {
  readonly version: 1;
  readonly jobs: readonly JobRecord[];
}

export class JobStore {
  private jobs: JobRecord[] = [];
  private writing: Promise<void> = Promise.resolve();
  /** Set when the file on disk could not be read; it was moved to this path. */
  problem: string | undefined;

  constructor(readonly file: string) {}

  async load(): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as StoreFile;
      if (parsed.version !== 1 || !Array.isArray(parsed.jobs)) throw new Error(`unknown format (version ${String(parsed.version)})`);
      this.jobs = parsed.jobs.filter((j) => typeof j?.id === 'string' && typeof j.backend === 'string');
    } catch (err) {
      const aside = `${this.file}.unreadable-${Date.now()}`;
      await fs.rename(this.file, aside);
      this.problem = `The job list ${this.file} could not be read (${(err as Error).message}); it was kept as ${aside}.`;
    }
  }

  all(): readonly JobRecord[] {
    return this.jobs;
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  async add(record: JobRecord): Promise<void> {
    this.jobs = [record, ...this.jobs.filter((j) => j.id !== record.id)];
    await this.save();
  }

  /** Applies an update; returns the new record, or undefined when nothing changed. */
  async update(id: string, update: JobUpdate): Promise<JobRecord | undefined> {
    const old = this.get(id);
    if (!old) return undefined;
    const next: JobRecord = { ...old, ...update };
    if (!('unreachable' in update)) delete (next as { unreachable?: string }).unreachable;
    if (JSON.stringify(next) === JSON.stringify(old)) return undefined;
    this.jobs = this.jobs.map((j) => (j.id === id ? next : j));
    await this.save();
    return next;
  }

  async remove(id: string): Promise<void> {
    this.jobs = this.jobs.filter((j) => j.id !== id);
    await this.save();
  }

  /** Writes are queued so that two updates never interleave their renames. */
  private save(): Promise<void> {
    const body = JSON.stringify({ version: 1, jobs: this.jobs } satisfies StoreFile, null, 1);
    this.writing = this.writing.catch(() => undefined).then(async () => {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, body, 'utf8');
      await fs.rename(tmp, this.file);
    });
    return this.writing;
  }
}
