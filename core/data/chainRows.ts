// The explorer's table over a dataset, as TChain::Scan: the files are one chain, numbered through in
// the listing's order (entry 0 is the first file's first), as the histogram's entry range counts them
// (datasetParts.ts). A page may run from one file into the next; with an entry cut, the scan goes on
// through the files until the page is full or SCAN_ENTRIES have been read. Each file's entries are
// counted once, a few files at a time and only as far as a page needs: the files after it are not
// opened, and the total is "at least" until every file is counted. A file that cannot be read, or lacks
// the tree, is left out and counted as holding no entries, as TChain skips a file it cannot open; it is
// named with the page. So is a file lacking a column, or a name of the cut or the expressions, that the
// structure shown has (a name it lacks fails the page, whichever file says so). A read that timed out is
// not taken for the file's fault: the request fails, and the next one tries the file again.
import * as path from 'node:path';
import type { RunJob } from './dataset';
import { failsRequest, isTimeout, leftOutMessage, missingNameOf } from './datasetParts';
import { dataFormatOf } from './dataFormats';
import { EntryCounts } from './entryCounts';
import { type RowsJob, type RowsResult, SCAN_ENTRIES } from './workers/rowsJob';
import { LocalizedError, type Message, messageOf, msg } from '../text/message';

/** Files counted at once when a page needs a file not yet counted. */
const COUNTED_AT_ONCE = 8;

export type ChainRowsRequest = Omit<RowsJob, 'op' | 'file'>;

/** Where a page's rows come from: `rows` rows of `file`, whose entry 0 is the chain's entry `offset`. */
export interface ChainSegment {
  readonly file: string;
  readonly offset: number;
  readonly rows: number;
}

/**
 * The reason to abort a page with when the user stops it (the table's Stop), not a newer request: the
 * page then ends where it got to, with the rows of the files read so far, and goes on from there.
 */
export const STOP_READING: unknown = Object.freeze({ stopReading: true });

export interface ChainRowsResult extends RowsResult {
  /** The user stopped it: the rows and `next` are as far as it got (the file being read when stopped is read again). */
  readonly stopped?: boolean;
  /** The dataset's files, and how many of them (the first ones) are counted: the total is at least `total` until all are. */
  readonly files: number;
  readonly counted: number;
  /** `total` is what the files counted so far hold: later files hold more. */
  readonly atLeast: boolean;
  readonly segments: readonly ChainSegment[];
  /** Files left out so far (they could not be read, or lack the table), with why. */
  readonly skipped: readonly { readonly file: string; readonly message: Message | string }[];
}

/** One table of one dataset: its files' entries as counted so far (`undefined`: not yet). */
interface Counts {
  readonly entries: (number | undefined)[];
  readonly skipped: Map<number, Message | string>;
  /**
   * Files lacking a name the request reads, by the names read: left out while the table reads them,
   * read again for other columns.
   */
  readonly lacking: Map<string, Map<number, Message | string>>;
}

export class ChainTable {
  /** By table and columns (an HDF5 group's or an archive's length is that of the arrays read). */
  private readonly counts = new Map<string, Counts>();

  constructor(
    private readonly files: readonly string[],
    private readonly run: RunJob,
    /** How a file is named to the user: a dataset's files may share a name in different folders. */
    private readonly nameOf: (file: string) => string = (file) => path.basename(file),
    /** Entries counted by the page's histograms too (an entry range counts through the files): each file is counted once. */
    private readonly shared = new EntryCounts(),
    /** The columns of a table of the structure shown: a name they lack fails the page, one only some files lack leaves them out. */
    private readonly structureNames?: (tree: string | undefined) => readonly string[] | undefined,
  ) {}

  /**
   * A page from the request's first entry. `onCounted` is told how many of the files are counted each
   * time more are (counting through thousands of files to a page in the middle takes seconds).
   */
  async rows(request: ChainRowsRequest, signal?: AbortSignal, onCounted?: (counted: number, files: number) => void): Promise<ChainRowsResult> {
    const counts = this.countsOf(request);
    const namesRead = JSON.stringify([[...request.columns].sort(), request.expressions ?? [], request.entryCut?.trim() ?? '', request.definitions ?? '']);
    const lacking = counts.lacking.get(namesRead) ?? new Map<number, Message | string>();
    counts.lacking.set(namesRead, lacking);
    const stop = request.stop ?? Infinity;
    const rows: RowsResult['rows'] = [];
    const entries: number[] = [];
    const segments: ChainSegment[] = [];
    let next = request.first;
    let scanned = 0;
    // The file holding the first entry asked for (past the last file: none, and nothing to list).
    let i = 0;
    let offset = 0;
    let stopped = false;
    try {
      for (; i < this.files.length; i++) {
        const known = counts.entries[i] !== undefined;
        const n = await this.count(i, request, counts, signal);
        if (!known) onCounted?.(Math.min(this.files.length, i + COUNTED_AT_ONCE), this.files.length);
        if (offset + n > request.first) break;
        offset += n;
      }
      for (; i < this.files.length && next < stop; i++) {
        const n = await this.count(i, request, counts, signal);
        const localFirst = next - offset;
        const localStop = Math.min(n, stop - offset);
        if (localStop > localFirst && !counts.skipped.has(i) && !lacking.has(i)) {
          let page: RowsResult;
          try {
            // Entry$ in the cut or the expressions is the chain's number, as the rows' own.
            page = await this.run<RowsResult>({ op: 'rows', file: this.files[i], ...request, first: localFirst, count: request.count - rows.length, stop: localStop, ...(offset ? { entryOffset: offset } : {}) }, signal);
          } catch (err) {
            if (failsRequest(err, this.structureNames?.(request.tree)) || isTimeout(err)) throw err;
            // Counted but not read (damaged past its header, or lacking a name read): its entries keep their numbers, and are left out.
            (missingNameOf(err) === undefined ? counts.skipped : lacking).set(i, leftOutMessage(err));
            page = { columns: request.columns, expressions: request.expressions ?? [], first: localFirst, next: localStop, total: n, entries: [], rows: [] };
          }
          rows.push(...page.rows);
          entries.push(...page.entries.map((e) => e + offset));
          if (page.rows.length) segments.push({ file: this.nameOf(this.files[i]), offset, rows: page.rows.length });
          scanned += page.next - localFirst;
          next = offset + page.next;
          // A full page, a scan that read as far as one request reads, or a file's job that stopped early (its own scan limit).
          if (rows.length >= request.count || (request.entryCut?.trim() && scanned >= SCAN_ENTRIES) || page.next < localStop) break;
        }
        offset += n;
        next = Math.max(next, offset);
      }
    } catch (err) {
      // Stopped by the user: what was read so far is the page (rows are added only once a file's read is done).
      if (!(signal?.aborted && signal.reason === STOP_READING)) throw err;
      stopped = true;
    }
    const counted = counts.entries.findIndex((n) => n === undefined);
    const known = counts.entries.reduce<number>((a, n) => a + (n ?? 0), 0);
    const allCounted = counted < 0;
    // With every file counted, or the range's stop among those counted, the end of the list is known.
    const end = Math.min(stop, known);
    const atLeast = !allCounted && stop > known;
    const skipped = [...counts.skipped, ...lacking].sort(([a], [b]) => a - b).map(([k, message]) => ({ file: this.nameOf(this.files[k]), message }));
    // Nothing listed and every file left out: the first file says why.
    if (rows.length === 0 && allCounted && skipped.length === this.files.length) throw new LocalizedError(msg('No file of the dataset has entries to list. {0}: {1}', skipped[0].file, skipped[0].message));
    return {
      columns: request.columns,
      expressions: request.expressions ?? [],
      first: request.first,
      next: Math.min(next, Math.max(end, request.first)),
      total: end,
      entries,
      rows,
      files: this.files.length,
      counted: allCounted ? this.files.length : counted,
      atLeast,
      segments,
      skipped,
      ...(stopped ? { stopped } : {}),
    };
  }

  /** A tree's or a parquet table's entries are the same whatever is read; an archive's or an HDF5 group's are the arrays read. */
  private get byTable(): boolean {
    return ['root', 'parquet'].includes(dataFormatOf(this.files[0] ?? '') ?? '');
  }

  private countsOf(request: ChainRowsRequest): Counts {
    const key = JSON.stringify(this.byTable ? [request.tree ?? ''] : [request.tree ?? '', [...request.columns].sort(), request.expressions ?? [], request.expressions?.length ? (request.definitions ?? '') : '']);
    let counts = this.counts.get(key);
    if (!counts) {
      counts = { entries: this.files.map(() => undefined), skipped: new Map(), lacking: new Map() };
      this.counts.set(key, counts);
    }
    return counts;
  }

  /** File i's entries, counting it and the next few files first if they are not yet (a page usually needs the next file too). */
  private async count(i: number, request: ChainRowsRequest, counts: Counts, signal?: AbortSignal): Promise<number> {
    const known = counts.entries[i];
    if (known !== undefined) return known;
    const batch: number[] = [];
    for (let k = i; k < Math.min(this.files.length, i + COUNTED_AT_ONCE); k++) {
      if (counts.entries[k] !== undefined) continue;
      const known = this.shared.get(this.files[k], request.tree);
      if (known === undefined) batch.push(k);
      else counts.entries[k] = known;
    }
    await Promise.all(
      batch.map(async (k) => {
        try {
          // A page of no rows: the file's entries as the table reads them. A tree's are counted without
          // its columns: a file lacking one keeps its entries' numbers in the chain, as the histogram's
          // range counts them. An archive's length is that of the arrays read, the expressions' too.
          const read = this.byTable ? { columns: [] } : { columns: request.columns, expressions: request.expressions, definitions: request.definitions };
          const page = await this.run<RowsResult>({ op: 'rows', file: this.files[k], tree: request.tree, ...read, first: 0, count: 0 }, signal);
          counts.entries[k] = page.total;
          this.shared.set(this.files[k], request.tree, page.total);
        } catch (err) {
          if (failsRequest(err, this.structureNames?.(request.tree)) || isTimeout(err)) throw err;
          counts.entries[k] = 0;
          counts.skipped.set(k, messageOf(err));
        }
      }),
    );
    return counts.entries[i] ?? 0;
  }
}
