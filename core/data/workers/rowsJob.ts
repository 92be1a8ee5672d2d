// The explorer's table, as ROOT's TTree::Scan: the values of some columns, an entry a row, from a
// given entry on. With an entry cut (`NJet >= 6`), only the entries that pass it, each row with its
// entry number, as TTree::Scan("Jet_Px:NJet", "NJet >= 6") lists them: the file is read in steps
// until the page is full or SCAN_ENTRIES have been read, and the result says where to go on from.
import * as path from 'node:path';
import type { Column } from '../expression/columns';
import { type Columns, evaluate } from '../expression/evaluate';
import { entryCutColumn, passesEntryCut } from '../expression/selection';
import { checkDefinitionNames, parseDefinitions, parseField } from '../expression/definitions';
import { ExpressionError, inField, namesIn } from '../expression/syntax';
import { TABLE_CELL_ELEMENTS, type TableCell } from '../../protocol/dataExplorerMessages';
import { LocalizedError, type Message, msg } from '../../text/message';
import { MAX_READ_VALUES } from '../readLimits';
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
  /** Expressions listed after the columns, as TTree::Scan("NJet:sum(Jet_Px)") lists them. */
  readonly expressions?: readonly string[];
  /** Names for expressions the cut and the expressions may use, one per line (expression/definitions.ts). */
  readonly definitions?: string;
  /** The chain's entry number of the file's entry 0, for Entry$ (a dataset's table); absent: 0. */
  readonly entryOffset?: number;
}

/** A cell: a number, a jagged value's elements or its first ones, or nothing where an expression has no value (`Jet_Px[0]` without jets). */
export type RowCell = TableCell;

export interface RowsResult {
  readonly columns: readonly string[];
  readonly first: number;
  /** The entry to go on from: every entry before it was read (and listed, or failed the cut). */
  readonly next: number;
  /** Entries in the tree or the arrays, or the range's stop when it comes first: the end of what is listed. */
  readonly total: number;
  /** Each row's entry number. */
  readonly entries: number[];
  /** One row per entry: a number per flat column, a list per jagged one; then the expressions' values. */
  readonly rows: RowCell[][];
  /** The expressions listed after the columns. */
  readonly expressions: readonly string[];
}

/** A ticked column the file lacks: over a dataset, another file than the structure's may (datasetParts.ts). */
export class MissingColumnError extends LocalizedError {
  constructor(
    message: Message,
    readonly missing: string,
  ) {
    super(message);
    this.name = 'MissingColumnError';
  }
}

/** Entries read per step of a scan with a cut (each step opens the file again: a parquet row group is decoded from its start). */
const SCAN_STEP = 65_536;
/**
 * Values a step reads at most: rows of 1024 values take 8192 entries a step of a scan with a cut, not
 * 65,536 (67 M values, past what one read takes), and a page of a detector's 4 M-pixel frames takes
 * two frames a request, not 100 (the page asks on); a quarter of that bound, for the worker's memory.
 */
const SCAN_STEP_VALUES = MAX_READ_VALUES / 4;
/** Entries one request reads at most with a cut: a cut that few pass comes back with a short page, to go on from `next`. */
export const SCAN_ENTRIES = 1 << 20;

export async function rows(job: RowsJob): Promise<RowsResult> {
  const expressions = job.expressions ?? [];
  const defs = parseDefinitions(job.entryCut?.trim() || expressions.length ? job.definitions : undefined);
  const cut = job.entryCut?.trim() ? parseField('entryCut', job.entryCut, defs) : undefined;
  const listed = expressions.map((x) => scanned(x, () => parseField('scan', x, defs)));
  const names = [...new Set([...job.columns, ...[cut, ...listed].flatMap((x) => (x ? namesIn(x) : []))])];
  const out: RowCell[][] = [];
  const entries: number[] = [];
  let at = job.first;
  let total = at;
  do {
    const step = Math.min(cut ? SCAN_STEP : job.count, Math.max(0, (job.stop ?? Infinity) - at));
    const read = await readColumns(job, names, at, step, undefined, SCAN_STEP_VALUES);
    total = Math.min(read.total, job.stop ?? Infinity);
    const missing = job.columns.find((c) => !read.available.includes(c));
    if (missing !== undefined) {
      const file = path.basename(job.file);
      throw new MissingColumnError(job.tree ? msg('There is no column "{0}" in {1} ({2}).', missing, file, job.tree) : msg('There is no column "{0}" in {1}.', missing, file), missing);
    }
    checkDefinitionNames(defs, read.available);
    const data: Columns = { column: (n) => read.columns.get(n), names: [...read.available, ...defs.keys()], entries: read.entries, numbering: { first: at, offset: job.entryOffset ?? 0 } };
    const mask = cut ? entryCutColumn(cut, data) : undefined;
    const values = listed.map((x, i) => scanned(expressions[i], () => inField('scan', () => evaluate(x, data))));
    let e = 0;
    for (; e < read.entries && out.length < job.count; e++) {
      if (mask && !passesEntryCut(mask, e)) continue;
      entries.push(at + e);
      out.push([...job.columns.map((name) => cellOf(read.columns.get(name)!, e)), ...values.map((c) => cellOf(c, e))]);
    }
    at += e;
    if (read.entries === 0) break;
  } while (cut && out.length < job.count && at < total && at - job.first < SCAN_ENTRIES);
  return { columns: job.columns, expressions, first: job.first, next: at, total, entries, rows: out };
}

/** Work on one of the table's expressions: its mistake says which expression it is in. */
function scanned<T>(expression: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (!(err instanceof ExpressionError) || err.field !== 'scan') throw err;
    const named = new ExpressionError(msg('{0}: {1}', expression, err.text ?? err.message), err.start, err.end);
    named.field = 'scan';
    named.missing = err.missing;
    throw named;
  }
}

/** Entry e of a column as the table shows it. */
function cellOf(c: Column, e: number): RowCell {
  if (c.kind === 'const') return c.value;
  if (c.present && !c.present[e]) return null;
  if (c.kind === 'flat') return c.values[e];
  const [from, to] = [c.offsets[e], c.offsets[e + 1]];
  const cells: (number | null)[] = [];
  for (let k = from; k < Math.min(to, from + TABLE_CELL_ELEMENTS); k++) cells.push(c.elementPresent && !c.elementPresent[k] ? null : c.values[k]);
  return to - from > TABLE_CELL_ELEMENTS ? { head: cells, length: to - from } : cells;
}
