// The explorer's table on the host (TTree::Scan): a page of rows of the ticked columns and the typed
// expressions, with the form's cut and range when it follows them; over a dataset, its files as one
// chain (core/data/chainRows.ts: TChain::Scan), counted once with the page's entry ranges. A mistake is
// said in the table, not in the form: the table may show another tree than the form draws.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ChainTable, STOP_READING } from '../../core/data/chainRows';
import { structureNamesOf } from '../../core/data/datasetStructure';
import type { EntryCounts } from '../../core/data/entryCounts';
import type { RowsResult } from '../../core/data/workers/dataJobs';
import { DataJobError } from '../../core/data/workers/workerPool';
import type { DataExplorerRequests, RowsPayload, StructurePayload } from '../../core/protocol/dataExplorerMessages';
import { errorText, localized, logError } from '../errorNotice';
import type { DataService } from './dataService';

/** Progress reaches the page at most this often. */
const PROGRESS_EVERY_MS = 250;

export class ExplorerTable {
  /** A dataset's files as one chain; undefined for a single file. */
  private readonly chain: ChainTable | undefined;
  /** The request being answered: a newer one stops it (the page shows only the answer to its latest). */
  private running: AbortController | undefined;
  /** The structure the page shows, as of the latest request. */
  private structure: StructurePayload | undefined;

  constructor(
    /** The file every read of a single file covers (a dataset's structure file, for its name in errors). */
    private readonly file: string,
    dataset: { readonly folder: string; readonly files: readonly string[]; readonly counts: EntryCounts } | undefined,
    private readonly data: DataService,
    private readonly output: vscode.LogOutputChannel,
  ) {
    // A name the structure shown lacks is a mistake in the request; one only some files lack leaves them out.
    const structureNames = (tree: string | undefined): string[] | undefined => structureNamesOf(this.structure, tree);
    this.chain = dataset && new ChainTable(dataset.files, (job, signal) => data.run(job, signal), (f) => path.relative(dataset.folder, f), dataset.counts, structureNames);
  }

  /** The page being read is no longer wanted (the dataset's files changed): it stops, and answers nothing. */
  cancel(): void {
    this.running?.abort();
  }

  /**
   * The user stopped the page being read: it is answered with what was read so far (a dataset's files
   * read to the end; nothing of one file's scan), and the files counted stay counted.
   */
  stop(): void {
    this.running?.abort(STOP_READING);
  }

  /**
   * The page asked for, or why there is none; undefined when it names a table or column the structure
   * lacks, or a newer request stopped it. `progress` hears how far a dataset's files are counted.
   */
  async page(m: DataExplorerRequests['rows'], structure: StructurePayload | undefined, progress?: (counted: number, files: number) => void): Promise<RowsPayload | undefined> {
    const { table, columns, first, count, stop, definitions } = m;
    const expressions = m.expressions ?? [];
    const id = m.id === undefined ? {} : { id: m.id };
    const entryCut = m.entryCut ?? '';
    this.structure = structure;
    const known = structure?.tables.find((t) => t.name === table);
    if (!known || columns.some((c) => !known.columns.some((k) => k.name === c))) return undefined;
    this.running?.abort();
    const running = new AbortController();
    this.running = running;
    let lastProgress = 0;
    const counted = (done: number, files: number): void => {
      const now = performance.now();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      progress?.(done, files);
    };
    try {
      const request = { tree: table || undefined, columns, expressions, first, count, entryCut, stop, definitions };
      // A dataset's files are one chain, numbered through as the histogram's entry range counts them.
      const chained = this.chain ? await this.chain.rows(request, running.signal, counted) : undefined;
      const result = chained ?? (await this.data.run<RowsResult>({ op: 'rows', file: this.file, ...request }, running.signal));
      const chain = chained && { files: chained.files, counted: chained.counted, atLeast: chained.atLeast, segments: chained.segments, skipped: chained.skipped.map((f) => ({ file: f.file, message: localized(f.message) })) };
      return { table, columns: result.columns, expressions, entryCut, first: result.first, next: result.next, total: result.total, entries: result.entries, rows: result.rows, ...(chain ? { chain } : {}), ...(chained?.stopped ? { stopped: true } : {}), ...id };
    } catch (err) {
      // Stopped by the user: one file's scan is a single job, and none of it is kept.
      if (running.signal.aborted && running.signal.reason === STOP_READING) return { table, columns, expressions, entryCut, first, next: first, total: 0, entries: [], rows: [], stopped: true, ...id };
      // Stopped by a newer request, whose answer the page waits for.
      if (err instanceof Error && err.name === 'AbortError') return undefined;
      const expressionError = err instanceof DataJobError && err.name === 'ExpressionError';
      const field = expressionError ? { definitions: vscode.l10n.t('Definitions: {0}', errorText(err)), scan: vscode.l10n.t('Expressions: {0}', errorText(err)) }[err.field as string] : undefined;
      const error = expressionError ? (field ?? vscode.l10n.t('Entry cut: {0}', errorText(err))) : logError(this.output, `Data explorer table (${path.basename(this.file)})`, err);
      return { table, columns, expressions, entryCut, first, next: first, total: 0, entries: [], rows: [], error, ...id };
    }
  }
}
