// The data explorer's reading, for the Data view and the explorer panels alike: one pool of data
// workers (dist/dataWorker.js; started on first use, cores less one, at most 6: EXPLORER_POOL), and each
// file's structure kept while the file is unchanged (same size and modification time), so that
// expanding a file in the view and opening it share one read.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StructurePayload } from '../../core/protocol/dataExplorerMessages';
import { structureOf } from '../../core/data/structure';
import type { DataJob, FileDescription } from '../../core/data/workers/dataJobs';
import { DataWorkerPool, EXPLORER_POOL, explorerPoolSize } from '../../core/data/workers/workerPool';
import { translate } from '../errorNotice';

/** A histogram of a large tree takes minutes on one worker; a reader stuck longer is stopped. */
const JOB_TIMEOUT_MS = 15 * 60_000;
const MAX_CACHED = 64;

export class DataService implements vscode.Disposable {
  private pool: DataWorkerPool | undefined;
  private readonly structures = new Map<string, { readonly version: string; readonly structure: Promise<StructurePayload> }>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** The structure of a local file (read once per version of the file). */
  async structure(file: string): Promise<StructurePayload> {
    const info = await stat(file);
    const version = `${info.size}:${info.mtimeMs}`;
    const cached = this.structures.get(file);
    if (cached?.version === version) return cached.structure;
    const structure = this.run<FileDescription>({ op: 'describe', file }).then((d) => structureOf(d, path.basename(file), info.size, translate));
    this.structures.delete(file);
    this.structures.set(file, { version, structure });
    if (this.structures.size > MAX_CACHED) this.structures.delete(this.structures.keys().next().value!);
    // A failure is not kept: the next look reads the file again (it may have been fixed or finished).
    structure.catch(() => {
      if (this.structures.get(file)?.structure === structure) this.structures.delete(file);
    });
    return structure;
  }

  run<T>(job: DataJob, signal?: AbortSignal): Promise<T> {
    this.pool ??= new DataWorkerPool({
      script: vscode.Uri.joinPath(this.extensionUri, 'dist', 'dataWorker.js').fsPath,
      size: explorerPoolSize(),
      timeoutMs: JOB_TIMEOUT_MS,
      maxHeapMb: EXPLORER_POOL.maxHeapMb,
      maxYoungMb: EXPLORER_POOL.maxYoungMb,
    });
    return this.pool.run<T>(job, signal);
  }

  dispose(): void {
    void this.pool?.close();
    this.pool = undefined;
  }
}
