// The explorer's table, as ROOT's TTree::Scan: the values of some columns, an entry a row, from a
// given entry on. With an entry cut (`NJet >= 6`), only the entries that pass it, each row with its
// entry number, as TTree::Scan("Jet_Px:NJet", "NJet >= 6") lists them: the file is read in steps
// until the page is full or SCAN_ENTRIES have been read, and the result says where to go on from.
import * as path from 'node:path';
import type { Columns } from '../expression/evaluate';
import { entryCutColumn, passesEntryCut } from '../expression/selection';
import { checkDefinitionNames, parseDefinitions, parseField } from '../expression/definitions';
import { namesIn } from '../expression/syntax';
import { LocalizedError, msg } from '../../text/message';
import { readColumns } from './columnReads';

export interface RowsJob {
  readonly op: 'rows';
  readonly file: string;
  readonly tree?: string;
  readonly columns: readonly string[];
  /** The entry to start from. */
  readonly first: number;
  /** Rows at most. */
  readonly count: number;
  /** Only the entries passing this (one value per entry); empty or absent: every entry. */
  readonly entryCut?: string;
  /** No entry from this one on (the end of an entry range); absent: to the end. */
  readonly stop?: number;
  /** Names for expressions the cut may use, one per line (expression/definitions.ts). */
  readonly definitions?: string;
}

export interface RowsResult {
  readonly columns: readonly string[];
  readonly first: number;
  /** The entry to go on from: every entry before it was read (and listed, or failed the cut). */
  readonly next: number;
  /** Entries in the tree or the arrays, or the range's stop when it comes first: the end of what is listed. */
  readonly total: number;
  /** Each row's entry number. */
  readonly entries: number[];
  /** One row per entry: a number per flat column, a list per jagged one. */
  readonly rows: (number | number[])[][];
}

/** Entries read per step of a scan with a cut (each step opens the file again: a parquet row group is decoded from its start). */
const SCAN_STEP = 65_536;
/** Entries one request reads at most with a cut: a cut that few pass comes back with a short page, to go on from `next`. */
export const SCAN_ENTRIES = 1 << 20;

export async function rows(job: RowsJob): Promise<RowsResult> {
  const defs = parseDefinitions(job.entryCut?.trim() ? job.definitions : undefined);
  const cut = job.entryCut?.trim() ? parseField('entryCut', job.entryCut, defs) : undefined;
  const names = [...new Set([...job.columns, ...(cut ? namesIn(cut) : [])])];
  const out: (number | number[])[][] = [];
  const entries: number[] = [];
  let at = job.first;
  let total = at;
  do {
    const step = Math.min(cut ? SCAN_STEP : job.count, Math.max(0, (job.stop ?? Infinity) - at));
    const read = await readColumns(job, names, at, step);
    total = Math.min(read.total, job.stop ?? Infinity);
    const missing = job.columns.find((c) => !read.available.includes(c));
    if (missing !== undefined) {
      const file = path.basename(job.file);
      throw new LocalizedError(job.tree ? msg('There is no column "{0}" in {1} ({2}).', missing, file, job.tree) : msg('There is no column "{0}" in {1}.', missing, file));
    }
    checkDefinitionNames(defs, read.available);
    const data: Columns = { column: (n) => read.columns.get(n), names: [...read.available, ...defs.keys()], entries: read.entries };
    const mask = cut ? entryCutColumn(cut, data) : undefined;
    let e = 0;
    for (; e < read.entries && out.length < job.count; e++) {
      if (mask && !passesEntryCut(mask, e)) continue;
      entries.push(at + e);
      out.push(
        job.columns.map((name) => {
          const c = read.columns.get(name)!;
          if (c.kind === 'const') return c.value;
          return c.kind === 'flat' ? c.values[e] : Array.from(c.values.subarray(c.offsets[e], c.offsets[e + 1]));
        }),
      );
    }
    at += e;
    if (read.entries === 0) break;
  } while (cut && out.length < job.count && at < total && at - job.first < SCAN_ENTRIES);
  return { columns: job.columns, first: job.first, next: at, total, entries, rows: out };
}
