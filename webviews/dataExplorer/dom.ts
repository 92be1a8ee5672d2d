// Small helpers of the data explorer page: elements with text (never markup) and labels with their
// placeholders filled.

export type Labels = Readonly<Record<string, string>>;

/** A label with its {0}, {1}… filled in. */
export function fill(template: string | undefined, ...values: (string | number)[]): string {
  return (template ?? '').replace(/\{(\d+)\}/g, (m, i: string) => (values[Number(i)] === undefined ? m : String(values[Number(i)])));
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** A number as a statistics box shows it: 6 significant digits, integers whole. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return '—';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US', { useGrouping: false });
  return Number(v.toPrecision(6)).toString();
}

export function textInput(id: string): HTMLInputElement {
  const input = el('input');
  input.id = id;
  input.type = 'text';
  input.spellcheck = false;
  input.autocomplete = 'off';
  return input;
}
export function numberInput(id: string, step: string): HTMLInputElement {
  const input = el('input', undefined, 'number');
  input.id = id;
  input.type = 'number';
  input.step = step;
  return input;
}
export function checkbox(id: string): HTMLInputElement {
  const input = el('input');
  input.id = id;
  input.type = 'checkbox';
  return input;
}
export function button(id: string, className: string, type: 'button' | 'submit' = 'button'): HTMLButtonElement {
  const b = el('button', '', className);
  b.id = id;
  b.type = type;
  return b;
}
