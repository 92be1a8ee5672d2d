// The table of entries, as ROOT's TTree::Scan: the ticked branches (or arrays), a row per entry with
// its entry number, loaded a page at a time as the list is scrolled to its end; with "only entries
// passing the entry cut" ticked, the entries that pass the form's entry cut (TTree::Scan's selection).
// A jagged value shows as a list, cut after a few elements.
import type { RowsPayload } from '../../core/protocol/dataExplorerMessages';
import { checkbox, el, fill, formatNumber, type Labels } from './dom';

const SHOWN_ELEMENTS = 6;

/** Rows asked for at a time. */
export const ROWS_PAGE = 100;

function cell(v: number | readonly number[]): string {
  if (typeof v === 'number') return formatNumber(v);
  const shown = v.slice(0, SHOWN_ELEMENTS).map(formatNumber).join(', ');
  return `[${shown}${v.length > SHOWN_ELEMENTS ? `, … (${v.length})` : ''}]`;
}

export class RowsTable {
  private table = '';
  private columns: string[] = [];
  /** The entry cut the rows pass (TTree::Scan's selection); empty: every entry. */
  private entryCut = '';
  private listed = 0;
  /** The entry to go on from. */
  private nextEntry = 0;
  private total = 0;
  private waiting = false;
  private readonly body = el('tbody');
  private readonly head = el('thead');
  private readonly caption = el('div', '', 'muted');
  private readonly more = el('button', '', 'action secondary');
  /** Only the entries passing the form's entry cut. */
  readonly withCut = checkbox('rowsWithCut');
  private readonly withCutLabel = el('label');
  private readonly observer: IntersectionObserver;

  constructor(
    private readonly holder: HTMLElement,
    private readonly request: (table: string, columns: readonly string[], first: number, entryCut: string) => void,
    /** The form's entry cut, as typed now. */
    private readonly currentCut: () => string,
    private labels: Labels = {},
  ) {
    const scroll = el('div');
    scroll.id = 'rows-scroll';
    const tableEl = el('table');
    tableEl.append(this.head, this.body);
    scroll.append(tableEl, this.more);
    this.more.type = 'button';
    this.more.addEventListener('click', () => this.next());
    this.withCutLabel.htmlFor = this.withCut.id;
    this.withCut.addEventListener('change', () => this.show(this.table, this.columns));
    const options = el('div');
    options.append(this.withCut, this.withCutLabel);
    holder.append(el('h2', ''), options, this.caption, scroll);
    holder.hidden = true;
    // Reaching the end of the list asks for the next page.
    this.observer = new IntersectionObserver((seen) => seen.some((s) => s.isIntersecting) && this.next(), { root: scroll });
    this.observer.observe(this.more);
  }

  setLabels(labels: Labels): void {
    this.labels = labels;
    this.holder.querySelector('h2')!.textContent = labels.tableTitle ?? '';
    this.more.textContent = labels.loadMore ?? '';
    this.withCutLabel.textContent = labels.rowsWithCut ?? '';
    this.withCutLabel.title = this.withCut.title = labels.rowsWithCutHint ?? '';
  }

  /** Shows these columns of this table from the first entry on (those passing the entry cut, when ticked). */
  show(table: string, columns: readonly string[]): void {
    this.table = table;
    this.columns = [...columns];
    this.entryCut = this.withCut.checked ? this.currentCut().trim() : '';
    this.listed = 0;
    this.nextEntry = 0;
    this.total = 0;
    this.body.replaceChildren();
    const header = el('tr');
    header.append(el('th', this.labels.entry ?? '#'), ...columns.map((c) => el('th', c)));
    this.head.replaceChildren(header);
    this.holder.hidden = columns.length === 0;
    this.caption.textContent = '';
    this.more.hidden = false;
    this.waiting = false;
    if (columns.length) this.next();
  }

  /** A histogram was drawn: with the cut ticked, the rows follow its entry cut. */
  cutChanged(): void {
    if (this.withCut.checked && this.columns.length && this.currentCut().trim() !== this.entryCut) this.show(this.table, this.columns);
  }

  get shown(): { readonly table: string; readonly columns: readonly string[] } {
    return { table: this.table, columns: this.columns };
  }

  add(page: RowsPayload): void {
    if (page.table !== this.table || page.columns.join('\u0000') !== this.columns.join('\u0000') || page.entryCut !== this.entryCut || page.first !== this.nextEntry) return;
    this.waiting = false;
    this.total = page.total;
    page.rows.forEach((row, i) => {
      const tr = el('tr');
      tr.append(el('td', String(page.entries[i])), ...row.map((v) => el('td', cell(v))));
      this.body.append(tr);
    });
    this.listed += page.rows.length;
    this.nextEntry = page.next;
    const done = this.nextEntry >= this.total;
    const [listed, next, total] = [this.listed, this.nextEntry, this.total].map((n) => n.toLocaleString());
    this.caption.textContent = !this.entryCut ? fill(this.labels.rowsShown, listed, total) : done ? fill(this.labels.rowsPassed, listed, total) : fill(this.labels.rowsPassing, listed, next, total);
    this.more.hidden = done;
    // A cut that few entries pass: a short page read as far as one request reads; the scan goes on.
    if (!done && page.rows.length < ROWS_PAGE && page.next > page.first) this.next();
  }

  private next(): void {
    if (this.waiting || !this.columns.length || (this.total && this.nextEntry >= this.total)) return;
    this.waiting = true;
    this.request(this.table, this.columns, this.nextEntry, this.entryCut);
  }
}
