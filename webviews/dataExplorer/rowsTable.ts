// The table of first entries: the ticked branches (or arrays), a row per entry, loaded a page at a
// time as the list is scrolled to its end. A jagged value shows as a list, cut after a few elements.
import { el, fill, formatNumber, type Labels } from './dom';

const SHOWN_ELEMENTS = 6;

export interface RowsPage {
  readonly table: string;
  readonly columns: readonly string[];
  readonly first: number;
  readonly total: number;
  readonly rows: readonly (readonly (number | readonly number[])[])[];
}

function cell(v: number | readonly number[]): string {
  if (typeof v === 'number') return formatNumber(v);
  const shown = v.slice(0, SHOWN_ELEMENTS).map(formatNumber).join(', ');
  return `[${shown}${v.length > SHOWN_ELEMENTS ? `, … (${v.length})` : ''}]`;
}

export class RowsTable {
  private table = '';
  private columns: string[] = [];
  private loaded = 0;
  private total = 0;
  private waiting = false;
  private readonly body = el('tbody');
  private readonly head = el('thead');
  private readonly caption = el('div', '', 'muted');
  private readonly more = el('button', '', 'action secondary');
  private readonly observer: IntersectionObserver;

  constructor(
    private readonly holder: HTMLElement,
    private readonly request: (table: string, columns: readonly string[], first: number) => void,
    private labels: Labels = {},
  ) {
    const scroll = el('div');
    scroll.id = 'rows-scroll';
    const tableEl = el('table');
    tableEl.append(this.head, this.body);
    scroll.append(tableEl, this.more);
    this.more.type = 'button';
    this.more.addEventListener('click', () => this.next());
    holder.append(el('h2', ''), this.caption, scroll);
    holder.hidden = true;
    // Reaching the end of the list asks for the next page.
    this.observer = new IntersectionObserver((seen) => seen.some((s) => s.isIntersecting) && this.next(), { root: scroll });
    this.observer.observe(this.more);
  }

  setLabels(labels: Labels): void {
    this.labels = labels;
    this.holder.querySelector('h2')!.textContent = labels.tableTitle ?? '';
    this.more.textContent = labels.loadMore ?? '';
  }

  /** Shows these columns of this table from the first entry on. */
  show(table: string, columns: readonly string[]): void {
    this.table = table;
    this.columns = [...columns];
    this.loaded = 0;
    this.total = 0;
    this.body.replaceChildren();
    const header = el('tr');
    header.append(el('th', this.labels.entry ?? '#'), ...columns.map((c) => el('th', c)));
    this.head.replaceChildren(header);
    this.holder.hidden = columns.length === 0;
    this.caption.textContent = '';
    this.waiting = false;
    if (columns.length) this.next();
  }

  get shown(): { readonly table: string; readonly columns: readonly string[] } {
    return { table: this.table, columns: this.columns };
  }

  add(page: RowsPage): void {
    if (page.table !== this.table || page.columns.join('\u0000') !== this.columns.join('\u0000') || page.first !== this.loaded) return;
    this.waiting = false;
    this.total = page.total;
    page.rows.forEach((row, i) => {
      const tr = el('tr');
      tr.append(el('td', String(page.first + i)), ...row.map((v) => el('td', cell(v))));
      this.body.append(tr);
    });
    this.loaded += page.rows.length;
    this.caption.textContent = fill(this.labels.rowsShown, this.loaded.toLocaleString(), this.total.toLocaleString());
    this.more.hidden = this.loaded >= this.total;
  }

  private next(): void {
    if (this.waiting || !this.columns.length || (this.total && this.loaded >= this.total)) return;
    this.waiting = true;
    this.request(this.table, this.columns, this.loaded);
  }
}
