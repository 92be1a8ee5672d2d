// The table of entries, as ROOT's TTree::Scan: the ticked branches (or arrays), a row per entry with
// its entry number, loaded a page at a time as the list is scrolled to its end; with "only entries
// passing the entry cut" ticked, the entries that pass the form's entry cut (TTree::Scan's selection).
// A jagged value shows as a list, cut after a few elements. A dataset's files are one chain (TChain::Scan):
// its entries are numbered through the files, each row's number says which file it comes from, and the
// total is "at least" until every file has been counted.
import { type RowsPayload, TABLE_CELL_ELEMENTS, type TableCell } from '../../core/protocol/dataExplorerMessages';
import { checkbox, el, fill, formatNumber, type Labels, textInput } from './dom';
import { scanExpressions } from './scanExpressions';

/** Rows asked for at a time. */
export const ROWS_PAGE = 100;

/** What a cell shows where an expression has no value (`Jet_Px[0]` in an event without jets). */
const NO_VALUE = '—';

function cell(v: TableCell): string {
  if (v === null) return NO_VALUE;
  if (typeof v === 'number') return formatNumber(v);
  // A long value comes as its head and its count.
  const { head, length } = 'head' in v ? v : { head: v, length: v.length };
  const shown = head.slice(0, TABLE_CELL_ELEMENTS).map((x) => (x === null ? NO_VALUE : formatNumber(x))).join(', ');
  return `[${shown}${length > TABLE_CELL_ELEMENTS ? `, … (${length.toLocaleString()})` : ''}]`;
}

/** What the form selects: its table, entry cut and entry range (a first entry, at most `count` from it). */
export interface FormSelection {
  readonly table: string;
  readonly entryCut: string;
  readonly first: number;
  readonly count?: number;
  /** The names the entry cut may use. */
  readonly definitions: string;
}

/** Entries one scroll asks for: a short page (a cut few pass) is followed by more requests until this many are listed. */
const WANTED = ROWS_PAGE;
/** A request still unanswered after this long offers Stop (a quick page would only flash it). */
const STOP_AFTER_MS = 400;

export class RowsTable {
  private table = '';
  private columns: string[] = [];
  /** Expressions listed after the columns, as TTree::Scan("NJet:sum(Jet_Px)"). */
  private expressions: string[] = [];
  /** The expressions typed, separated by colons as TTree::Scan's. */
  readonly expressionsInput = Object.assign(textInput('rowsExpressions'), { maxLength: 2000 });
  private readonly expressionsLabel = el('label');
  /** The entry cut the rows pass (TTree::Scan's selection); empty: every entry. */
  private entryCut = '';
  /** The definitions the entry cut may use. */
  private definitions = '';
  /** The entry range's start and stop (undefined: the end). */
  private start = 0;
  private stop: number | undefined;
  /** The form's selection the rows follow ('' when they follow none), to see when it changed. */
  private followed = '';
  private listed = 0;
  /** The entry to go on from. */
  private nextEntry = 0;
  private total = 0;
  /** A dataset whose later files are not yet counted: the list goes on past `total`. */
  private atLeast = false;
  private waiting = false;
  /** The number of the latest request: an answer to an earlier one (the form changed meanwhile) is dropped. */
  private asked = 0;
  /** Rows still owed to the last scroll or click. */
  private wanted = 0;
  private readonly body = el('tbody');
  private readonly head = el('thead');
  private readonly caption = el('div', '', 'muted');
  /** A dataset's files that could not be read, left out of the list. */
  private readonly skipped = el('div', '', 'muted');
  private readonly more = el('button', '', 'action secondary');
  /** Stops the page being read: a dataset counted to a far page, or a cut few entries pass scanned on through the entries. */
  private readonly stopButton = el('button', '', 'action secondary');
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  /** Stop was pressed: the answer to the request waiting is the last (it holds what was read before the stop). */
  private stopping = false;
  /** Only the entries the form draws: its entry cut, first entry and entries. */
  readonly withCut = checkbox('rowsWithCut');
  private readonly withCutLabel = el('label');
  private readonly observer: IntersectionObserver;

  constructor(
    private readonly holder: HTMLElement,
    private readonly request: (id: number, table: string, columns: readonly string[], expressions: readonly string[], first: number, entryCut: string, stop: number | undefined, definitions: string) => void,
    /** What the form selects now. */
    private readonly selection: () => FormSelection,
    /** Tells the extension to stop reading the page asked for. */
    private readonly stopReading: () => void,
    private labels: Labels = {},
  ) {
    const scroll = el('div');
    scroll.id = 'rows-scroll';
    const tableEl = el('table');
    tableEl.append(this.head, this.body);
    scroll.append(tableEl, this.more);
    this.more.type = 'button';
    this.more.addEventListener('click', () => this.ask());
    this.withCutLabel.htmlFor = this.withCut.id;
    this.withCut.addEventListener('change', () => this.show(this.table, this.columns));
    const options = el('div');
    options.append(this.withCut, this.withCutLabel);
    // Enter (or leaving the field) lists them; the form's definitions may be used.
    this.expressionsLabel.htmlFor = this.expressionsInput.id;
    this.expressionsInput.addEventListener('change', () => this.show(this.table, this.columns));
    const more = el('div', undefined, 'scan');
    more.append(this.expressionsLabel, this.expressionsInput);
    options.append(more);
    this.stopButton.type = 'button';
    this.stopButton.id = 'rowsStop';
    this.stopButton.hidden = true;
    this.stopButton.addEventListener('click', () => this.stopPage());
    const status = el('div', undefined, 'scan');
    status.append(this.caption, this.stopButton);
    holder.append(el('h2', ''), options, status, this.skipped, scroll);
    holder.hidden = true;
    // Reaching the end of the list asks for the next page.
    this.observer = new IntersectionObserver((seen) => seen.some((s) => s.isIntersecting) && this.ask(), { root: scroll });
    this.observer.observe(this.more);
  }

  setLabels(labels: Labels): void {
    this.labels = labels;
    this.heading();
    this.more.textContent = labels.loadMore ?? '';
    this.stopButton.textContent = labels.rowsStop ?? '';
    this.stopButton.title = labels.rowsStopHint ?? '';
    this.withCutLabel.textContent = labels.rowsWithCut ?? '';
    this.withCutLabel.title = this.withCut.title = labels.rowsWithCutHint ?? '';
    this.expressionsLabel.textContent = labels.rowsExpressions ?? '';
    this.expressionsLabel.title = this.expressionsInput.title = labels.rowsExpressionsHint ?? '';
    this.expressionsInput.placeholder = 'sum(Jet_Px) : Jet_Px[0]';
  }

  /** Shows these columns of this table from the first entry on (those the form draws, when ticked and it draws this table). */
  show(table: string, columns: readonly string[]): void {
    this.table = table;
    this.columns = [...columns];
    this.expressions = scanExpressions(this.expressionsInput.value);
    const form = this.selection();
    // The form's cut and range name another tree's branches when it draws another.
    this.withCut.disabled = form.table !== table;
    const drawn = this.withCut.checked && !this.withCut.disabled ? form : undefined;
    this.followed = this.followedKey();
    this.entryCut = drawn?.entryCut.trim() ?? '';
    // The definitions serve the cut drawn and the expressions listed.
    this.definitions = this.entryCut || this.expressions.length ? form.definitions : '';
    this.start = this.nextEntry = drawn?.first ?? 0;
    this.stop = drawn?.count === undefined ? undefined : drawn.first + drawn.count;
    this.listed = 0;
    this.total = 0;
    this.atLeast = false;
    this.wanted = 0;
    this.body.replaceChildren();
    const header = el('tr');
    header.append(el('th', this.labels.entry ?? '#'), ...columns.map((c) => el('th', c)), ...this.expressions.map((x) => el('th', x)));
    this.head.replaceChildren(header);
    this.holder.hidden = columns.length === 0 && this.expressions.length === 0;
    this.heading();
    this.caption.textContent = '';
    this.caption.classList.remove('error');
    this.skipped.textContent = '';
    this.more.hidden = false;
    this.answered();
    this.stopping = false;
    if (columns.length || this.expressions.length) this.ask();
  }

  /** "First entries", or "Entries drawn" while the rows follow the form. */
  private heading(): void {
    this.holder.querySelector('h2')!.textContent = (this.followed ? this.labels.tableTitleDrawn : this.labels.tableTitle) ?? '';
  }

  /** A histogram was drawn: with the box ticked, the rows follow its cut and range (and the box is off while another tree is drawn). */
  formChanged(): void {
    if (!this.columns.length && !this.expressions.length) return;
    const sameTable = this.selection().table === this.table;
    // Expressions listed use the form's definitions: drawn with others, they are listed again.
    const definitionsChanged = this.expressions.length > 0 && this.selection().definitions !== this.definitions;
    if (sameTable === this.withCut.disabled || this.followedKey() !== this.followed || definitionsChanged) this.show(this.table, this.columns);
  }

  /** The form's selection as the rows would follow it now: '' when they follow none. */
  private followedKey(): string {
    const form = this.selection();
    if (!this.withCut.checked || form.table !== this.table) return '';
    return JSON.stringify([form.entryCut.trim(), form.first, form.count ?? null, form.entryCut.trim() ? form.definitions : '']);
  }

  /** Whether expressions are listed (with or without columns). */
  get listsExpressions(): boolean {
    return this.expressions.length > 0;
  }

  get shown(): { readonly table: string; readonly columns: readonly string[] } {
    return { table: this.table, columns: this.columns };
  }

  add(page: RowsPayload): void {
    const same = (a: readonly string[], b: readonly string[]): boolean => a.join('\u0000') === b.join('\u0000');
    if (page.id !== this.asked || page.table !== this.table || !same(page.columns, this.columns) || !same(page.expressions, this.expressions) || page.entryCut !== this.entryCut || page.first !== this.nextEntry) return;
    // Stop stays while a cut few entries pass is scanned on, page after page (hidden at each, it could not be clicked).
    this.waiting = false;
    clearTimeout(this.stopTimer);
    if (page.error !== undefined) {
      this.answered();
      // Nothing more is asked until the table is shown again (ticked, or the form drawn).
      this.wanted = 0;
      this.caption.textContent = page.error;
      this.caption.classList.add('error');
      this.more.hidden = true;
      return;
    }
    const chain = page.chain;
    // One file's page stopped says nothing of its end; a dataset's does (its files counted so far).
    const endKnown = !(page.stopped && !chain);
    if (endKnown) {
      this.total = page.total;
      this.atLeast = chain?.atLeast ?? false;
    }
    const files = fileOfRows(page);
    page.rows.forEach((row, i) => {
      const tr = el('tr');
      const entry = el('td', String(page.entries[i]));
      // Which file of the dataset, and its own entry number there (as TChain::Scan's entry is the chain's).
      if (files[i]) entry.title = fill(this.labels.rowsEntryInFile, files[i]!.file, (page.entries[i] - files[i]!.offset).toLocaleString());
      tr.append(entry, ...row.map((v) => el('td', cell(v))));
      this.body.append(tr);
    });
    this.listed += page.rows.length;
    this.wanted = Math.max(0, this.wanted - page.rows.length);
    this.nextEntry = page.next;
    const done = endKnown && !this.atLeast && this.nextEntry >= this.total;
    const [listed, start, last, total] = [this.listed, this.start, this.nextEntry - 1, this.total].map((n) => n.toLocaleString());
    if (this.followed) this.caption.textContent = fill(done ? this.labels.rowsPassed : this.labels.rowsPassing, listed, start, last);
    else if (!chain) this.caption.textContent = fill(this.labels.rowsShown, listed, total);
    else this.caption.textContent = this.atLeast ? fill(this.labels.rowsShownAtLeast, listed, total, chain.counted.toLocaleString(), chain.files.toLocaleString()) : fill(this.labels.rowsShownChain, listed, total, chain.files.toLocaleString());
    this.skipped.textContent = chain?.skipped.length ? fill(this.labels.rowsSkipped, chain.skipped.map((f) => `${f.file} (${f.message})`).join('; ')) : '';
    this.more.hidden = done;
    if (this.stopping || page.stopped) {
      // Stopped: what was read before it stays listed, and More entries goes on from where it ended.
      this.stopping = false;
      this.wanted = 0;
      this.answered();
      if (!done) this.caption.textContent = fill(this.labels.rowsStopped, listed, this.nextEntry.toLocaleString());
      return;
    }
    // A cut that few entries pass: a short page, read as far as one request reads; the scan goes on until the rows asked for are there.
    if (!done && this.wanted > 0 && page.next > page.first) this.next();
    else this.answered();
  }

  /** A dataset's files being counted to the page asked for: how far (the answer replaces it). */
  progress(p: { readonly id?: number; readonly counted: number; readonly files: number }): void {
    if (p.id !== this.asked || !this.waiting) return;
    this.caption.classList.remove('error');
    this.caption.textContent = fill(this.labels.rowsCounting, p.counted.toLocaleString(), p.files.toLocaleString());
  }

  /** No request is waiting any more: Stop goes. */
  private answered(): void {
    this.waiting = false;
    clearTimeout(this.stopTimer);
    this.stopButton.hidden = true;
  }

  /**
   * The user stopped the page being read. Its answer comes at once, with what was read before the stop
   * (a dataset's files scanned to their end); the rows listed stay, and More entries goes on from where
   * it ended (the files counted stay counted).
   */
  private stopPage(): void {
    if (!this.waiting) return;
    this.stopping = true;
    this.wanted = 0;
    clearTimeout(this.stopTimer);
    this.stopButton.hidden = true;
    this.stopReading();
  }

  /** The user scrolled to the end or clicked: a page more. */
  private ask(): void {
    if (this.waiting) return;
    this.stopping = false;
    this.wanted = WANTED;
    this.next();
  }

  private next(): void {
    if (this.waiting || (!this.columns.length && !this.expressions.length) || (this.total && !this.atLeast && this.nextEntry >= this.total)) return;
    this.waiting = true;
    clearTimeout(this.stopTimer);
    const asked = this.asked + 1;
    if (this.stopButton.hidden) {
      this.stopTimer = setTimeout(() => {
        if (this.waiting && this.asked === asked) this.stopButton.hidden = false;
      }, STOP_AFTER_MS);
    }
    this.request(++this.asked, this.table, this.columns, this.expressions, this.nextEntry, this.entryCut, this.stop, this.definitions);
  }
}

/** Each row's file in a dataset's page (undefined for a single file's). */
function fileOfRows(page: RowsPayload): ({ readonly file: string; readonly offset: number } | undefined)[] {
  return page.chain ? page.chain.segments.flatMap((s) => Array.from({ length: s.rows }, () => s)) : [];
}
