// The editor page's controls: tools, class, display window, frame and folder navigation, assists and
// the help panel. Elements with text only (never markup); the words come from the host (en or zh-cn).
import type { AnnotationTool } from '../../core/protocol/annotationMessages';
import type { ColourMap, Scale } from './windowing';

export type Words = Readonly<Record<string, string>>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

export function fill(template: string | undefined, ...values: (string | number)[]): string {
  return (template ?? '').replace(/\{(\d+)\}/g, (m, i: string) => (values[Number(i)] === undefined ? m : String(values[Number(i)])));
}

export const TOOLS: readonly AnnotationTool[] = ['select', 'box', 'polygon', 'point', 'fill'];

export interface Controls {
  readonly bar: HTMLElement;
  readonly tools: Record<AnnotationTool, HTMLButtonElement>;
  readonly classSelect: HTMLSelectElement;
  readonly newClass: HTMLInputElement;
  readonly low: HTMLInputElement;
  readonly high: HTMLInputElement;
  readonly auto: HTMLButtonElement;
  readonly scale: HTMLSelectElement;
  readonly gamma: HTMLInputElement;
  readonly colourMap: HTMLSelectElement;
  readonly tolerance: HTMLInputElement;
  readonly previous: HTMLButtonElement;
  readonly next: HTMLButtonElement;
  readonly position: HTMLElement;
  readonly page: HTMLInputElement;
  readonly pageBox: HTMLElement;
  readonly prelabel: HTMLButtonElement;
  readonly spots: HTMLButtonElement;
  readonly acceptAll: HTMLButtonElement;
  readonly rejectAll: HTMLButtonElement;
  readonly help: HTMLButtonElement;
}

function button(id: string, className = 'tool'): HTMLButtonElement {
  const b = el('button', undefined, className);
  b.id = id;
  b.type = 'button';
  return b;
}

function select(id: string, options: readonly string[]): HTMLSelectElement {
  const s = el('select');
  s.id = id;
  for (const o of options) {
    const opt = el('option');
    opt.value = o;
    s.append(opt);
  }
  return s;
}

function number(id: string, step = 'any'): HTMLInputElement {
  const i = el('input', undefined, 'number');
  i.id = id;
  i.type = 'number';
  i.step = step;
  return i;
}

function group(...children: HTMLElement[]): HTMLElement {
  const g = el('div', undefined, 'group');
  g.append(...children);
  return g;
}

export function buildControls(): Controls {
  const tools = Object.fromEntries(TOOLS.map((t) => [t, button(`tool-${t}`)])) as Record<AnnotationTool, HTMLButtonElement>;
  const classSelect = select('class', []);
  const newClass = el('input');
  newClass.id = 'newClass';
  newClass.type = 'text';
  newClass.spellcheck = false;
  newClass.autocomplete = 'off';
  const controls: Controls = {
    bar: el('div'),
    tools,
    classSelect,
    newClass,
    low: number('low'),
    high: number('high'),
    auto: button('auto', 'small'),
    scale: select('scale', ['linear', 'log', 'gamma'] satisfies Scale[]),
    gamma: number('gamma', '0.1'),
    colourMap: select('colourMap', ['grey', 'inverted', 'viridis', 'hot'] satisfies ColourMap[]),
    tolerance: number('tolerance', '0.01'),
    previous: button('previous', 'small'),
    next: button('next', 'small'),
    position: el('span', undefined, 'muted'),
    page: number('page', '1'),
    pageBox: el('label'),
    prelabel: button('prelabel', 'small'),
    spots: button('spots', 'small'),
    acceptAll: button('acceptAll', 'small'),
    rejectAll: button('rejectAll', 'small'),
    help: button('help', 'small'),
  };
  controls.bar.id = 'toolbar';
  controls.gamma.min = '0.1';
  controls.gamma.max = '5';
  controls.gamma.value = '0.5';
  controls.tolerance.min = '0';
  controls.tolerance.max = '1';
  controls.tolerance.value = '0.1';
  controls.page.min = '1';
  controls.previous.textContent = '◀';
  controls.next.textContent = '▶';
  controls.pageBox.append(controls.page);
  controls.pageBox.hidden = true;
  controls.bar.append(
    group(...TOOLS.map((t) => tools[t])),
    group(classSelect, newClass),
    group(controls.low, controls.high, controls.auto, controls.scale, controls.gamma, controls.colourMap),
    group(controls.tolerance, controls.prelabel, controls.spots, controls.acceptAll, controls.rejectAll),
    group(controls.previous, controls.position, controls.next, controls.pageBox),
    group(controls.help),
  );
  return controls;
}

/** Puts the words on the controls (the host sends them once, in the user's language). */
export function labelControls(c: Controls, w: Words): void {
  for (const t of TOOLS) {
    c.tools[t].textContent = w[`tool.${t}`] ?? t;
    c.tools[t].title = w[`tool.${t}.hint`] ?? '';
  }
  c.newClass.placeholder = w.newClass ?? '';
  c.newClass.title = w.newClassHint ?? '';
  c.classSelect.title = w.classHint ?? '';
  c.low.title = w.low ?? '';
  c.high.title = w.high ?? '';
  c.low.setAttribute('aria-label', w.low ?? '');
  c.high.setAttribute('aria-label', w.high ?? '');
  c.auto.textContent = w.auto ?? 'Auto';
  c.auto.title = w.autoHint ?? '';
  for (const o of Array.from(c.scale.options)) o.textContent = w[`scale.${o.value}`] ?? o.value;
  for (const o of Array.from(c.colourMap.options)) o.textContent = w[`map.${o.value}`] ?? o.value;
  c.gamma.title = w.gamma ?? '';
  c.tolerance.title = w.tolerance ?? '';
  // Controls that show a value rather than a word: named for screen readers and in their tooltip.
  c.scale.title = w.scaleHint ?? '';
  c.colourMap.title = w.colourMapHint ?? '';
  for (const [control, name] of [[c.classSelect, w.classHint], [c.scale, w.scaleHint], [c.colourMap, w.colourMapHint], [c.gamma, w.gamma], [c.tolerance, w.tolerance]] as const) control.setAttribute('aria-label', name ?? '');
  c.previous.title = w.previous ?? '';
  c.next.title = w.next ?? '';
  c.pageBox.prepend(document.createTextNode(`${w.frame ?? 'Frame'} `));
  c.prelabel.textContent = w.prelabel ?? '';
  c.prelabel.title = w.prelabelHint ?? '';
  c.spots.textContent = w.spots ?? '';
  c.spots.title = w.spotsHint ?? '';
  c.acceptAll.textContent = w.acceptAll ?? '';
  c.rejectAll.textContent = w.rejectAll ?? '';
  c.help.textContent = w.help ?? '?';
}
