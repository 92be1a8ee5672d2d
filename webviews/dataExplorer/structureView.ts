// The file's structure beside the plot: each tree (or the NumPy file's arrays) with its branches, their
// types, entries and sizes. A branch's name draws its histogram; its box adds it to the table.
import type { ColumnInfo, StructurePayload, TableInfo } from '../../core/protocol/dataExplorerMessages';
import { formatBytes } from '../../core/text/formatting';
import { el, fill, type Labels } from './dom';
import { rootLatexText, rootTitleParts } from '../../core/text/rootLatex';

export interface StructureActions {
  histogram(table: string, column: ColumnInfo): void;
  /** Draw a histogram stored in the file. */
  stored(name: string): void;
  toggleRow(table: string, column: string, on: boolean): void;
}

function sizes(labels: Labels, bytes?: number, storedBytes?: number): string {
  if (bytes === undefined) return '';
  return storedBytes === undefined ? formatBytes(bytes) : fill(labels.sizes, formatBytes(storedBytes), formatBytes(bytes));
}

function columnRow(table: TableInfo, c: ColumnInfo, labels: Labels, actions: StructureActions): HTMLElement {
  const row = el('div', undefined, 'column');
  row.dataset.column = c.name;
  const box = el('input');
  box.type = 'checkbox';
  box.title = labels.tableTitle ?? '';
  box.setAttribute('aria-label', `${labels.tableTitle ?? ''}: ${c.name}`);
  box.disabled = c.shape === 'unsupported';
  box.addEventListener('change', () => actions.toggleRow(table.name, c.name, box.checked));
  const name = el('button', c.name, 'name');
  name.type = 'button';
  name.disabled = c.shape === 'unsupported';
  name.addEventListener('click', () => actions.histogram(table.name, c));
  const details = [c.type];
  if (c.counter) details.push(fill(labels.counter, c.counter));
  if (c.dims) details.push(fill(labels.shape, `(${c.dims.join(', ')})`));
  if (c.storage) details.push(c.storage);
  if (c.shape === 'unsupported') details.push(labels.unsupported ?? '');
  const type = el('span', details.join(' · '), 'type');
  // Sizes in the tooltip: the list stays one line per branch.
  const size = sizes(labels, c.bytes, c.storedBytes);
  const attrs = Object.entries(c.attrs ?? {}).map(([k, v]) => `${k} = ${v}`);
  row.title = [`${c.name}: ${details.join(', ')}`, size, ...attrs].filter(Boolean).join('\n');
  row.append(box, name, type);
  return row;
}

/** A NumPy or parquet file, or a bare state_dict: one table, no tree, group or part to choose. */
export function isSingleTable(s: StructurePayload): boolean {
  return s.format !== 'root' && s.format !== 'hdf5' && (s.format !== 'torch' || s.tables.length <= 1);
}

export function renderStructure(holder: HTMLElement, s: StructurePayload, labels: Labels, actions: StructureActions): void {
  const parts: HTMLElement[] = [];
  // Trees of branches (ROOT) or groups of datasets (HDF5), or one table: a NumPy file's arrays, a parquet file's columns.
  const oneTable = isSingleTable(s);
  const heading = { root: labels.trees, hdf5: labels.groups, parquet: labels.columns, torch: labels.tensors, safetensors: labels.tensors, npy: labels.arrays, npz: labels.arrays }[s.format];
  // A ROOT file of stored histograms only has no trees: no heading for none.
  if (s.tables.length) parts.push(el('h2', heading));
  for (const table of s.tables) {
    if (oneTable) {
      if (table.title) parts.push(el('div', table.title, 'muted'));
      for (const c of table.columns) parts.push(columnRow(table, c, labels, actions));
      continue;
    }
    const details = el('details');
    details.open = s.tables.length <= 3;
    details.dataset.tree = table.name;
    const summary = el('summary');
    // A checkpoint's part says how many tensors it has (its title); its tensors' first axes differ, so no entries.
    const entries = s.format === 'torch' || s.format === 'safetensors' ? '' : fill(labels.entries, table.entries.toLocaleString());
    summary.append(el('strong', table.name), el('span', ` ${[table.title, entries, sizes(labels, table.bytes, table.storedBytes)].filter(Boolean).join(' · ')}`, 'muted'));
    details.append(summary, ...table.columns.map((c) => columnRow(table, c, labels, actions)));
    parts.push(details);
  }
  if (s.objects.length) {
    parts.push(el('h2', s.format === 'safetensors' ? labels.metadata : s.format === 'torch' ? labels.values : labels.objects));
    for (const o of s.objects) {
      const row = el('div', undefined, 'column');
      row.dataset.object = o.name;
      let name: HTMLElement = el('span', o.name);
      if (o.drawable) {
        const b = el('button', o.name, 'name');
        b.type = 'button';
        b.addEventListener('click', () => actions.stored(o.name));
        name = b;
      }
      // A ROOT object's title without the axis titles ROOT keeps after semicolons, its TLatex as text; whole in the tooltip.
      // (A checkpoint's value is shown as it is.)
      const title = s.format === 'root' ? rootLatexText(rootTitleParts(o.title)[0]) : o.title;
      if (title !== o.title) row.title = o.title;
      row.append(name, el('span', [o.className, title, o.storedBytes !== undefined ? formatBytes(o.storedBytes) : ''].filter(Boolean).join(' · '), 'type'));
      parts.push(row);
    }
  }
  // What Python's torch.load would import to load the checkpoint: HAI read it without.
  if (s.pickleClasses?.length) {
    parts.push(el('h2', labels.pickleClasses));
    parts.push(el('p', labels.pickleClassesHint, 'hint'));
    for (const name of s.pickleClasses) parts.push(el('div', name, 'muted column'));
  }
  // A TorchScript archive's modules: its code is inside it, and torch.jit.load compiles that.
  if (s.torchScript) {
    parts.push(el('h2', labels.torchScript));
    parts.push(el('p', labels.torchScriptHint, 'hint'));
    for (const name of s.torchScript) parts.push(el('div', name, 'muted column'));
  }
  if (s.skipped.length) {
    parts.push(el('h2', labels.skipped));
    for (const name of s.skipped) parts.push(el('div', name, 'muted column'));
  }
  if (s.tables.length) parts.push(el('p', s.format === 'torch' || s.format === 'safetensors' ? labels.clickHintTensor : labels.clickHint, 'hint'));
  holder.replaceChildren(...parts);
}
