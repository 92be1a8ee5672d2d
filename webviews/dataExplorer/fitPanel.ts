// The fit row under a histogram: a function (ROOT's names, offered in a list), least squares or
// likelihood, an optional range (of a 2-D histogram, in X and in Y), the mean over each bin (option I,
// 1-D only), MINOS errors, Fit and Remove fit, and the parameters' settings (fitParameters.ts). The
// host fits (in a data worker) and answers with the result, which the chart draws in red (a 2-D one
// as contours) and the statistics box lists as ROOT's fit panel does.
import { FIT_MODEL_EXAMPLES, FIT_MODEL_EXAMPLES_2D, type FitPayload, type FitRequest } from '../../core/protocol/dataExplorerMessages';
import { button, el, type Labels, numberInput, textInput } from './dom';
import { ContourPicker } from './fitContour';
import { ParameterTable } from './fitParameters';

export class FitPanel {
  readonly element = el('form');
  readonly model = textInput('fitModel');
  private readonly method = el('select');
  private readonly low = numberInput('fitLow', 'any');
  private readonly high = numberInput('fitHigh', 'any');
  private readonly lowY = numberInput('fitLowY', 'any');
  private readonly highY = numberInput('fitHighY', 'any');
  private readonly models = el('datalist');
  private readonly yRange: HTMLElement[];
  /** Whether the histogram drawn is 2-D: the Y range shown, option I hidden, 2-D functions offered. */
  private twoD = false;
  private readonly minos = el('input');
  private readonly integral = el('input');
  private readonly fitButton = button('fit', 'action secondary', 'submit');
  private readonly removeButton = button('removeFit', 'action secondary');
  private readonly texts = new Map<string, HTMLElement>();
  private readonly parameters = new ParameterTable();
  private readonly contour = new ContourPicker();
  /** The fit of the histogram drawn, if any. */
  fit: FitPayload | undefined;
  private labels: Labels = {};
  /**
   * The last request sent: the host's answer to an older one (a fit still running when the
   * next was sent), or any answer once the row was changed since, does not write over the row.
   */
  private asked: FitRequest | undefined;

  constructor(
    send: (request: FitRequest | undefined) => void,
    private readonly error: (message: string) => void,
  ) {
    this.element.id = 'fit-row';
    this.element.noValidate = true;
    const models = this.models;
    models.id = 'fit-models';
    models.append(...FIT_MODEL_EXAMPLES.map((m) => Object.assign(el('option'), { value: m })));
    this.model.setAttribute('list', models.id);
    this.model.placeholder = 'gaus + pol1';
    this.method.id = 'fitMethod';
    this.method.append(Object.assign(el('option'), { value: 'chi2' }), Object.assign(el('option'), { value: 'likelihood' }));
    const label = (input: HTMLElement, key: string): HTMLLabelElement => {
      const l = el('label');
      l.htmlFor = input.id;
      this.texts.set(key, l);
      return l;
    };
    this.minos.type = 'checkbox';
    this.minos.id = 'fitMinos';
    this.integral.type = 'checkbox';
    this.integral.id = 'fitIntegral';
    this.removeButton.hidden = true;
    this.yRange = [label(this.lowY, 'fitLowY'), this.lowY, label(this.highY, 'fitHighY'), this.highY];
    for (const e of this.yRange) e.hidden = true;
    this.element.append(label(this.model, 'fitModel'), this.model, models, this.method, label(this.low, 'fitLow'), this.low, label(this.high, 'fitHigh'), this.high, ...this.yRange, this.integral, label(this.integral, 'fitIntegral'), this.minos, label(this.minos, 'fitMinos'), this.contour.element, this.fitButton, this.removeButton, this.parameters.element, this.contour.chart);
    this.element.addEventListener('submit', (e) => {
      e.preventDefault();
      const request = this.request();
      if (!request) return;
      this.asked = request;
      send(request);
    });
    this.removeButton.addEventListener('click', () => {
      this.asked = undefined;
      send(undefined);
    });
  }

  setLabels(labels: Labels): void {
    for (const [key, l] of this.texts) l.textContent = labels[key] ?? key;
    this.fitButton.textContent = labels.fit ?? 'Fit';
    this.removeButton.textContent = labels.removeFit ?? 'Remove fit';
    this.model.title = (this.twoD ? labels.fitModelHint2D : labels.fitModelHint) ?? '';
    this.low.title = this.high.title = labels.fitRangeHint ?? '';
    this.lowY.title = this.highY.title = labels.fitRangeYHint ?? '';
    this.minos.title = (this.texts.get('fitMinos') as HTMLElement).title = labels.fitMinosHint ?? '';
    this.integral.title = (this.texts.get('fitIntegral') as HTMLElement).title = labels.fitIntegralHint ?? '';
    const [chi2, likelihood] = [...this.method.options];
    chi2.textContent = labels.fitChi2 ?? 'χ²';
    likelihood.textContent = labels.fitLikelihood ?? 'Likelihood';
    this.labels = labels;
    this.parameters.setLabels(labels);
    this.contour.setLabels(labels);
  }

  /** The histogram drawn is 2-D (or not): the row offers what fits it. */
  setTwoD(twoD: boolean): void {
    if (twoD === this.twoD) return;
    this.twoD = twoD;
    for (const e of this.yRange) e.hidden = !twoD;
    this.integral.hidden = (this.texts.get('fitIntegral') as HTMLElement).hidden = twoD;
    this.models.replaceChildren(...(twoD ? FIT_MODEL_EXAMPLES_2D : FIT_MODEL_EXAMPLES).map((m) => Object.assign(el('option'), { value: m })));
    this.model.placeholder = twoD ? 'xygaus' : 'gaus + pol1';
    this.model.title = (twoD ? this.labels.fitModelHint2D : this.labels.fitModelHint) ?? '';
  }

  /**
   * A range dragged across the chart: into the row, rounded to a thousandth of the range's width;
   * with a fit shown, it is fitted again over the new range at once.
   */
  chooseRange(from: number, to: number): void {
    const digits = Math.max(0, Math.min(12, -Math.floor(Math.log10((to - from) / 1000))));
    this.low.value = String(Number(from.toFixed(digits)));
    this.high.value = String(Number(to.toFixed(digits)));
    if (!this.removeButton.hidden) this.element.requestSubmit();
  }

  /** What the row asks for, or undefined (and a message) when its range is half given or empty. */
  private request(): FitRequest | undefined {
    const request = this.read();
    if (!request) this.error(this.labels.fitRangeOrder ?? '');
    return request;
  }

  /** What the row holds, as a request; undefined when its range is the wrong way round. */
  private read(): FitRequest | undefined {
    const num = (input: HTMLInputElement): number | undefined => (input.value.trim() === '' || !Number.isFinite(input.valueAsNumber) ? undefined : input.valueAsNumber);
    const low = num(this.low);
    const high = num(this.high);
    if (low !== undefined && high !== undefined && !(high > low)) return undefined;
    // A 2-D histogram's Y range; a 1-D one has none (the fields are hidden, and kept for the next 2-D).
    const lowY = this.twoD ? num(this.lowY) : undefined;
    const highY = this.twoD ? num(this.highY) : undefined;
    if (lowY !== undefined && highY !== undefined && !(highY > lowY)) return undefined;
    const parameters = this.parameters.parameters();
    const contour = this.contour.chosen();
    return {
      model: this.model.value.trim() || (this.twoD ? 'xygaus' : 'gaus'),
      method: this.method.value === 'likelihood' ? 'likelihood' : 'chi2',
      ...(low === undefined ? {} : { low }),
      ...(high === undefined ? {} : { high }),
      ...(lowY === undefined ? {} : { lowY }),
      ...(highY === undefined ? {} : { highY }),
      ...(parameters.length ? { parameters } : {}),
      ...(this.minos.checked ? { minos: true } : {}),
      ...(this.integral.checked && !this.twoD ? { integral: true } : {}),
      ...(contour ? { contour } : {}),
    };
  }

  /** The host's answer: the fit (or none), and what was asked, shown in the row. */
  show(fit: FitPayload | undefined, request: FitRequest | undefined): void {
    this.fit = fit;
    // The row shows what the host fits with (a refit of a new histogram, a page opened again), but
    // not an older request's, nor over what the user changed since the last was sent.
    const current = this.read();
    // Compared on what the row shows for the histogram drawn: a request sent under a 2-D histogram is
    // the same one when it comes back for a 1-D one, without the Y range (and option I the other way).
    const shown = (r: FitRequest): string => canonical(this.twoD ? { ...r, integral: undefined } : { ...r, lowY: undefined, highY: undefined });
    const asked = this.asked;
    const echo = !!request && (asked === undefined || (shown(request) === shown(asked) && current !== undefined && shown(current) === shown(asked)));
    if (request && echo) {
      this.model.value = request.model;
      this.method.value = request.method;
      this.low.value = request.low === undefined ? '' : String(request.low);
      this.high.value = request.high === undefined ? '' : String(request.high);
      this.lowY.value = request.lowY === undefined ? '' : String(request.lowY);
      this.highY.value = request.highY === undefined ? '' : String(request.highY);
      this.minos.checked = !!request.minos;
      this.integral.checked = !!request.integral;
    }
    this.removeButton.hidden = !request;
    this.parameters.show(fit, request, echo);
    this.contour.show(fit, request, echo, this.labels);
    this.low.placeholder = fit ? String(fit.low) : (this.labels.auto ?? '');
    this.high.placeholder = fit ? String(fit.high) : (this.labels.auto ?? '');
    this.lowY.placeholder = fit?.lowY !== undefined ? String(fit.lowY) : (this.labels.auto ?? '');
    this.highY.placeholder = fit?.highY !== undefined ? String(fit.highY) : (this.labels.auto ?? '');
  }
}

/** A request as JSON with its keys sorted at every level: the host's copy of it compares equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}
