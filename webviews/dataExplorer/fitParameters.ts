// The fit's parameters, under the fit row once a fit has named them: for each, a start value, Fixed,
// and limits, as ROOT's fit panel sets them. Kept by name, so that they hold across refits and across
// a change of function that keeps the name (Mean stays Mean from gaus to gaus + pol1).
import type { FitParameter, FitPayload, FitRequest } from '../../core/protocol/dataExplorerMessages';
import { el, formatNumber, type Labels, numberInput } from './dom';

interface Setting {
  value?: number;
  fixed: boolean;
  low?: number;
  high?: number;
}

export class ParameterTable {
  readonly element = el('details');
  private readonly summary = el('summary');
  private readonly table = el('table');
  private names: readonly string[] = [];
  private readonly settings = new Map<string, Setting>();
  private readonly inputs = new Map<string, { value: HTMLInputElement; fixed: HTMLInputElement; low: HTMLInputElement; high: HTMLInputElement }>();
  private labels: Labels = {};

  constructor() {
    this.element.id = 'fit-parameters';
    this.element.hidden = true;
    this.element.append(this.summary, this.table);
  }

  setLabels(labels: Labels): void {
    this.labels = labels;
    this.summary.textContent = labels.fitParameters ?? 'Parameters';
    if (this.names.length) this.build();
  }

  /** After a fit: a row per parameter, its fitted value shown in the start field until one is typed. */
  show(fit: FitPayload | undefined, request: FitRequest | undefined, echo = true): void {
    // `echo`: the settings become the request's; otherwise they stay as the user left them.
    if (request && echo) {
      // What the host fits with: the settings changed in place, which the rows' inputs write to.
      const given = new Map((request.parameters ?? []).map((p) => [p.name, p]));
      for (const name of new Set([...this.settings.keys(), ...given.keys()])) {
        const s = this.settings.get(name) ?? { fixed: false };
        const p = given.get(name);
        Object.assign(s, { value: p?.value, fixed: !!p?.fixed, low: p?.low, high: p?.high });
        this.settings.set(name, s);
      }
    }
    if (!fit) {
      if (!request) this.element.hidden = true;
      return;
    }
    if (fit.names.join('\n') !== this.names.join('\n')) {
      this.names = fit.names;
      this.build();
    }
    for (const [name, s] of this.settings) {
      const inputs = this.inputs.get(name);
      if (!inputs) continue;
      for (const key of ['value', 'low', 'high'] as const) inputs[key].value = s[key] === undefined ? '' : String(s[key]);
      inputs.fixed.checked = s.fixed;
    }
    fit.names.forEach((name, i) => {
      const input = this.inputs.get(name)?.value;
      if (input) input.placeholder = formatNumber(fit.values[i]);
    });
    this.element.hidden = false;
  }

  /** What the user set, for the request: only parameters with a setting. */
  parameters(): FitParameter[] {
    return this.names.flatMap((name) => {
      const s = this.settings.get(name);
      if (!s || (s.value === undefined && !s.fixed && s.low === undefined && s.high === undefined)) return [];
      return [{ name, ...(s.value === undefined ? {} : { value: s.value }), ...(s.fixed ? { fixed: true } : {}), ...(s.low === undefined ? {} : { low: s.low }), ...(s.high === undefined ? {} : { high: s.high }) }];
    });
  }

  private build(): void {
    const l = this.labels;
    const head = el('tr');
    head.append(...[l.fitParameter, l.fitStart, l.fitFixed, l.fitMin, l.fitMax].map((t) => el('th', t ?? '')));
    this.inputs.clear();
    const rows = this.names.map((name, i) => {
      const s = this.settings.get(name) ?? { fixed: false };
      this.settings.set(name, s);
      const number = (key: 'value' | 'low' | 'high', what: string): HTMLInputElement => {
        const input = numberInput(`fit-${key}-${i}`, 'any');
        input.value = s[key] === undefined ? '' : String(s[key]);
        input.setAttribute('aria-label', `${name}: ${what}`);
        // On every key, so that Enter (which submits the fit) finds the value typed.
        input.addEventListener('input', () => {
          s[key] = input.value.trim() === '' || !Number.isFinite(input.valueAsNumber) ? undefined : input.valueAsNumber;
        });
        return input;
      };
      const value = number('value', l.fitStart ?? 'start');
      const fixed = el('input');
      fixed.type = 'checkbox';
      fixed.id = `fit-fixed-${i}`;
      fixed.checked = s.fixed;
      fixed.setAttribute('aria-label', `${name}: ${l.fitFixed ?? 'fixed'}`);
      fixed.addEventListener('change', () => {
        s.fixed = fixed.checked;
        // Fixed with no value typed: fixed where the last fit left it.
        if (fixed.checked && s.value === undefined && value.placeholder !== '') {
          value.value = value.placeholder;
          s.value = Number(value.placeholder);
        }
      });
      const row = el('tr');
      const cells = [el('td', name), el('td'), el('td'), el('td'), el('td')];
      cells[1].append(value);
      cells[2].append(fixed);
      const low = number('low', l.fitMin ?? 'min');
      const high = number('high', l.fitMax ?? 'max');
      this.inputs.set(name, { value, fixed, low, high });
      cells[3].append(low);
      cells[4].append(high);
      row.append(...cells);
      return row;
    });
    this.table.replaceChildren(head, ...rows);
  }
}
