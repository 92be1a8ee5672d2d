// Per open document, the keys of the data files it names by a string (`"data/jets.root"`,
// `"scan.h5"`, `'train.npz'`, `"events.parquet"`), read in idle time by WorkspaceContext with the
// names lists: each file is described by the data explorer's own readers (dataJobs.ts), in a worker
// thread, so that a damaged or hostile file stops only that worker, never the language server. A
// file's keys are kept while its size and mtime hold (a stat per file at each pause in typing). A
// pattern uproot expands (`"data/run_*.root:events"`) gives the keys its files all have.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DataFormat, dataFormatOf, extensionsOf } from '../../core/data/dataFormats';
import { escapeRegExp } from '../../core/text/escapeRegExp';
import type { FileDescription } from '../../core/data/workers/dataJobs';
import { DataWorkerPool } from '../../core/data/workers/workerPool';
import { english, messageOf } from '../../core/text/message';
import { commonKeys, type DataFileKeys, keysOfDescription } from './dataKeys';
import { globFiles, isGlob } from './dataGlobs';
import { splitObjectPath } from './dataScriptText';

/** Files (or patterns) named by a document read at most. */
const MAX_PER_DOCUMENT = 16;
/** Readings kept at most (the files of the open documents): a document's 16 patterns of 8 files each, and more. */
const MAX_KEPT = 256;
/** A description taking longer is stopped (its worker ended if it will not stop): the file's keys are then not suggested. */
const READ_TIMEOUT_MS = 15_000;
/** The worker is closed after this long without a file to read: it holds the readers (tens of MB). */
const IDLE_CLOSE_MS = 30_000;

/** The formats whose keys a script's subscripts reach (dataKeys.ts), and their extensions as a regex's alternatives. */
const KEYED: readonly DataFormat[] = ['root', 'hdf5', 'npz', 'parquet'];
const EXTENSIONS = extensionsOf(KEYED)
  .map((ext) => escapeRegExp(ext.slice(1)))
  .join('|');
/** A string literal on one line (no f-string's fields) naming a file of a format whose keys are read, perhaps with uproot's `:object`. */
const DATA_STRING = new RegExp(`(["'])([^"'\\\\\\n{}]{1,1024}?\\.(?:${EXTENSIONS})(?::[^"'\\\\\\n{}]{0,256})?)\\1`, 'gi');
/** A path ending in a data file's extension (and perhaps uproot's `:object`). */
const DATA_PATH = new RegExp(`\\.(?:${EXTENSIONS})(?::[^/]*)?$`, 'i');

/** A name bound to one string literal on a line of its own (`DATA = "data"`), which joins may use. */
const NAMED_STRING = /^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]{0,120})?=[ \t]*[rRuU]?(["'])([^"'\\\n{}]{0,1024})\2[ \t]*(?:#.*)?$/gm;

/**
 * The file parts of the strings in `text` that name data files (`"jets.root:events"` → `jets.root`),
 * and of `os.path.join`s of literals and of names bound only to one (`os.path.join(DATA, "jets.h5")`),
 * as dataNames.ts reads them; first seen first.
 */
export function dataStrings(text: string): string[] {
  const found = new Set<string>();
  const named = new Map<string, string | null>();
  for (const m of text.matchAll(NAMED_STRING)) named.set(m[1], named.has(m[1]) && named.get(m[1]) !== m[3] ? null : m[3]);
  for (const m of text.matchAll(/\bjoin\(([^()\n]{1,1024})\)/g)) {
    const parts = m[1].split(',').map((a) => {
      const arg = a.trim();
      return /^[rRuU]?(["'])([^"'\\{}]*)\1$/.exec(arg)?.[2] ?? named.get(arg) ?? undefined;
    });
    if (parts.every((p) => p !== undefined) && DATA_PATH.test(parts[parts.length - 1]!)) found.add(splitObjectPath(path.posix.join(...(parts as string[]))).file);
  }
  for (const m of text.matchAll(DATA_STRING)) found.add(splitObjectPath(m[2]).file);
  return [...found];
}

/** The worker's script: beside the bundled server (dist/dataWorker.js), or the TypeScript source under tsx (tests). */
function workerScript(): { readonly script: string; readonly execArgv: string[] } {
  return __filename.endsWith('.ts') ? { script: path.join(__dirname, '..', '..', 'core', 'data', 'workers', 'dataWorker.ts'), execArgv: ['--require', 'tsx/cjs'] } : { script: path.join(__dirname, 'dataWorker.js'), execArgv: [] };
}

interface Reading {
  readonly stamp: string;
  readonly keys: DataFileKeys | undefined;
}

export class DataFiles {
  private readonly documents = new Map<string, ReadonlyMap<string, DataFileKeys>>();
  private readonly kept = new Map<string, Reading>();
  /** Descriptions in flight, by file and stamp: readings of several documents, or of one at each pause, share one. */
  private readonly reading = new Map<string, Promise<DataFileKeys | undefined>>();
  /** Per document: readings started; only the latest one's result is kept. */
  private readonly reads = new Map<string, number>();
  /** Why a file gave no keys, as last logged per file: said once per file and stamp, not per reading. */
  private readonly said = new Map<string, string>();
  /** Set by close(): the server is shutting down, and nothing is read or kept any more. */
  private closed = false;
  private pool: DataWorkerPool | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private busy = 0;

  constructor(private readonly log: (message: string) => void) {}

  /** The keys of the data files the document names, by the path as written there; empty when none were read. */
  of(uri: string): ReadonlyMap<string, DataFileKeys> {
    return this.documents.get(uri) ?? new Map();
  }

  /**
   * Reads the data files the document (its file `documentFile`, its text `head`) names: a relative path
   * from the document's folder first (where a script beside its data opens it), then from each folder
   * of `roots` (where a job runs it). Kept unless `current()` turns false or a later reading started.
   */
  async read(uri: string, documentFile: string | undefined, head: string, roots: readonly string[], current: () => boolean): Promise<void> {
    const read = (this.reads.get(uri) ?? 0) + 1;
    this.reads.set(uri, read);
    const found = new Map<string, DataFileKeys>();
    const superseded = (): boolean => this.closed || !current() || this.reads.get(uri) !== read;
    for (const written of dataStrings(head).slice(0, MAX_PER_DOCUMENT)) {
      // A newer reading of the document reads its files itself: this one stops between files.
      if (superseded()) return;
      // Only uproot's iterate and concatenate expand a pattern: of ROOT files.
      const pattern = isGlob(written);
      if (pattern && dataFormatOf(written) !== 'root') continue;
      const keys = pattern ? await this.commonKeysOf(written, documentFile, roots, superseded) : await this.fileKeys(written, documentFile, roots);
      if (keys) found.set(written, keys);
    }
    if (superseded()) return;
    if (found.size > 0) this.documents.set(uri, found);
    else this.documents.delete(uri);
  }

  private async fileKeys(written: string, documentFile: string | undefined, roots: readonly string[]): Promise<DataFileKeys | undefined> {
    const file = await this.locate(written, documentFile, roots);
    return file ? this.keysOf(file.path, file.stat) : undefined;
  }

  /** The keys every file a pattern names has (dataGlobs.ts): what uproot reads of them together. */
  private async commonKeysOf(written: string, documentFile: string | undefined, roots: readonly string[], superseded: () => boolean): Promise<DataFileKeys | undefined> {
    const all: (DataFileKeys | undefined)[] = [];
    for (const file of await globFiles(written, documentFile, roots)) {
      if (superseded()) return undefined;
      const stat = await fs.promises.stat(file).catch(() => undefined);
      all.push(stat?.isFile() ? await this.keysOf(file, stat) : undefined);
    }
    return commonKeys(all);
  }

  /** The file a path written in a document names, if it is one on disk. */
  private async locate(written: string, documentFile: string | undefined, roots: readonly string[]): Promise<{ path: string; stat: fs.Stats } | undefined> {
    const expanded = written.startsWith('~/') ? path.join(os.homedir(), written.slice(2)) : written;
    const bases = path.isAbsolute(expanded) ? [''] : [...(documentFile ? [path.dirname(documentFile)] : []), ...roots];
    for (const base of bases) {
      const file = path.resolve(base, expanded);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat?.isFile()) return { path: file, stat };
    }
    return undefined;
  }

  /** A file's keys: the kept ones while its size and mtime hold, else read again in the worker (one reading per file and version at a time). */
  private async keysOf(file: string, stat: fs.Stats): Promise<DataFileKeys | undefined> {
    const format = dataFormatOf(file);
    if (!format || !KEYED.includes(format)) return undefined;
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const before = this.kept.get(file);
    if (before?.stamp === stamp) {
      // Kept as the most recently used.
      this.kept.delete(file);
      this.kept.set(file, before);
      return before.keys;
    }
    const key = `${file}\n${stamp}`;
    let pending = this.reading.get(key);
    if (!pending) {
      pending = this.readKeys(file, stamp).finally(() => this.reading.delete(key));
      this.reading.set(key, pending);
    }
    return pending;
  }

  private async readKeys(file: string, stamp: string): Promise<DataFileKeys | undefined> {
    let keys: DataFileKeys | undefined;
    try {
      keys = keysOfDescription(await this.describe(file));
      if (!keys) this.sayOnce(file, stamp, 'its keys are not all known (a walk cut short, or more than the list holds)');
    } catch (err) {
      // A reading stopped by close() says nothing of the file.
      if (this.closed) return undefined;
      this.sayOnce(file, stamp, english(messageOf(err)));
    }
    if (this.closed) return keys;
    this.kept.delete(file);
    this.kept.set(file, { stamp, keys });
    if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return keys;
  }

  private sayOnce(file: string, stamp: string, reason: string): void {
    if (this.said.get(file) === stamp) return;
    this.said.delete(file);
    this.said.set(file, stamp);
    if (this.said.size > MAX_KEPT) this.said.delete(this.said.keys().next().value!);
    this.log(`Data file ${file}: its keys are not suggested (${reason})`);
  }

  /** Describes a file in the worker, started when needed and closed once idle. */
  private async describe(file: string): Promise<FileDescription> {
    if (this.closed) throw new Error('the data files reader is closed');
    clearTimeout(this.idle);
    const { script, execArgv } = workerScript();
    this.pool ??= new DataWorkerPool({ script, execArgv, size: 1, timeoutMs: READ_TIMEOUT_MS, maxHeapMb: 256, maxYoungMb: 16 });
    this.busy++;
    try {
      return await this.pool.run<FileDescription>({ op: 'describe', file });
    } finally {
      if (--this.busy === 0) {
        this.idle = setTimeout(() => void this.closeIdle(), IDLE_CLOSE_MS);
        this.idle.unref();
      }
    }
  }

  /** Stops the worker after a while without a file to read: the next reading starts another. */
  private async closeIdle(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  /** Stops the worker for good (the server is shutting down): nothing is read or kept after this. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idle);
    await this.closeIdle();
  }

  forget(uri: string): void {
    this.documents.delete(uri);
    this.reads.delete(uri);
  }
}
