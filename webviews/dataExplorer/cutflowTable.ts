// The cut flow under the status line, as RDataFrame's Report() gives it: for an entry cut of several
// conditions joined by `and`, each condition with the entries that pass it and all before it, its
// efficiency (of those that passed the step before) and the cumulative one (of all entries read);
// with a weight per entry, the sum of the weights of those entries too (the expected yield).
import { el, formatNumber, type Labels } from './dom';

export interface CutStepPayload {
  readonly cut: string;
  readonly passed: number;
  readonly sumw?: number;
}

/** A share as a percentage with one decimal ("—" of nothing). */
function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—';
}

/** Fills `table` with the cut flow, or empties it (none: the entry cut is one condition, or absent); `sumwRead`: the weights of all entries read, when weighted. */
export function showCutflow(table: HTMLTableElement, steps: readonly CutStepPayload[] | undefined, entriesRead: number, labels: Labels, sumwRead?: number): void {
  if (!steps || steps.length === 0) {
    table.replaceChildren();
    table.hidden = true;
    return;
  }
  const caption = el('caption', labels.cutflow);
  caption.title = labels.cutflowHint ?? '';
  const head = el('tr');
  const weighted = sumwRead !== undefined && steps.every((s) => s.sumw !== undefined);
  for (const key of ['cutflowCut', 'cutflowPassed', ...(weighted ? ['cutflowSumw'] : []), 'cutflowEfficiency', 'cutflowCumulative']) head.append(el('th', labels[key] ?? key));
  const rows = steps.map((step, i) => {
    const before = i === 0 ? entriesRead : steps[i - 1].passed;
    const row = el('tr');
    const cut = el('td', step.cut, 'cut');
    cut.title = step.cut;
    row.append(cut, el('td', step.passed.toLocaleString()), ...(weighted ? [el('td', formatNumber(step.sumw!))] : []), el('td', percent(step.passed, before)), el('td', percent(step.passed, entriesRead)));
    return row;
  });
  const all = el('tr', undefined, 'all');
  all.append(el('td', labels.cutflowAll ?? ''), el('td', entriesRead.toLocaleString()), ...(weighted ? [el('td', formatNumber(sumwRead!))] : []), el('td'), el('td'));
  table.replaceChildren(caption, head, all, ...rows);
  table.hidden = false;
}
