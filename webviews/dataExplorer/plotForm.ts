// The explorer's form: the tree, the expression and y expression, both cuts, the weight, the entries
// read (TTree::Draw's firstentry and nentries), the binning of each axis, log axes and the profile
// option with its errors; what it asks for (a PlotRequest) and filling it again
// from one (a branch clicked, a histogram drawn). Labels and hints arrive with the file's structure.
import { PROFILE_ERRORS, type PlotField, type PlotRequest, type ProfileErrors } from '../../core/protocol/dataExplorerMessages';
import { button, checkbox, el, fill, type Labels, numberInput, textInput } from './dom';
import type { FormSelection } from './rowsTable';

export class PlotForm {
  readonly element = el('form');
  readonly tree = el('select');
  /** Names for expressions, one per line (`pt = hypot(Jet_Px, Jet_Py)`), used in the other fields. */
  readonly definitions = definitionsInput();
  readonly inputs: Record<PlotField, HTMLInputElement | HTMLTextAreaElement> = {
    expression: textInput('expression'),
    yExpression: textInput('yExpression'),
    entryCut: textInput('entryCut'),
    elementCut: textInput('elementCut'),
    weight: textInput('weight'),
    definitions: this.definitions,
  };
  readonly bins = numberInput('bins', '1');
  readonly low = numberInput('low', 'any');
  readonly high = numberInput('high', 'any');
  readonly yBins = numberInput('yBins', '1');
  readonly yLow = numberInput('yLow', 'any');
  readonly yHigh = numberInput('yHigh', 'any');
  /** Only some entries: the first read and how many (TTree::Draw's firstentry, nentries); empty: all. */
  readonly firstEntry = numberInput('firstEntry', '1');
  readonly entryCount = numberInput('entryCount', '1');
  readonly logX = checkbox('logX');
  readonly logY = checkbox('logY');
  /** With a y expression: the mean of y per x bin (ROOT's profile) instead of the 2-D histogram. */
  readonly profile = checkbox('profile');
  /** A profile's errors, as ROOT's error options: of the mean, spread "s", integer "i", 1/√Σw "g". */
  readonly profileErrors = el('select');
  readonly drawButton = button('draw', 'action', 'submit');
  readonly cancelButton = button('cancel', 'action secondary');
  private readonly labelsOf = new Map<string, HTMLElement>();
  private readonly hints = new Map<string, HTMLElement>();
  private readonly yBinning = el('div', undefined, 'wide');
  private labels: Labels = {};

  constructor(
    onLogChange: () => void,
    private readonly onError: (message: string) => void,
  ) {
    this.element.id = 'plot-form';
    this.element.noValidate = true;
    this.tree.id = 'tree';
    for (const box of [this.logX, this.logY]) box.addEventListener('change', onLogChange);
    this.cancelButton.disabled = true;
    for (const input of Object.values(this.inputs)) input.style.width = '100%';
    const binning = el('div', undefined, 'wide');
    binning.append(this.labelFor(this.bins, 'bins'), this.bins, this.labelFor(this.low, 'low'), this.low, this.labelFor(this.high, 'high'), this.high, this.logX, this.labelFor(this.logX, 'logX'), this.logY, this.labelFor(this.logY, 'logY'));
    // The y binning shows when there is a y expression (a 2-D histogram); a profile has none on y.
    this.profileErrors.id = 'profileErrors';
    for (const value of PROFILE_ERRORS) this.profileErrors.append(new Option(value, value));
    this.yBinning.append(
      ...[this.labelFor(this.yBins, 'yBins'), this.yBins, this.labelFor(this.yLow, 'yLow'), this.yLow, this.labelFor(this.yHigh, 'yHigh'), this.yHigh],
      // The profile and its errors wrap to the next line together.
      pair(this.profile, this.labelFor(this.profile, 'profile'), this.labelFor(this.profileErrors, 'profileErrors'), this.profileErrors),
    );
    this.inputs.yExpression.addEventListener('input', () => this.showYBinning());
    this.profile.addEventListener('change', () => this.showYBinning());
    // Another error option redraws at once (the extension reuses the profile's sums: nothing is read again).
    this.profileErrors.addEventListener('change', () => {
      if (this.isProfile) this.element.requestSubmit();
    });
    // Enter starts a new definition; Ctrl+Enter draws, as Enter does in the other fields.
    this.definitions.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.element.requestSubmit();
      }
    });
    this.definitions.addEventListener('input', () => this.fitDefinitions());
    const entries = el('div', undefined, 'wide');
    entries.append(this.labelFor(this.firstEntry, 'firstEntry'), this.firstEntry, this.labelFor(this.entryCount, 'entryCount'), this.entryCount);
    const buttons = el('div', undefined, 'wide');
    buttons.append(this.drawButton, this.cancelButton);
    this.element.append(
      ...this.fieldRow(this.tree, 'tree'),
      ...this.fieldRow(this.inputs.expression, 'expression', 'expressionHint'),
      ...this.fieldRow(this.inputs.yExpression, 'yExpression', 'yExpressionHint'),
      ...this.fieldRow(this.inputs.entryCut, 'entryCut', 'entryCutHint'),
      ...this.fieldRow(this.inputs.elementCut, 'elementCut', 'elementCutHint'),
      ...this.fieldRow(this.inputs.weight, 'weight', 'weightHint'),
      ...this.fieldRow(this.definitions, 'definitions', 'definitionsHint'),
      entries,
      binning,
      this.yBinning,
      buttons,
    );
  }

  setLabels(labels: Labels): void {
    this.labels = labels;
    for (const [key, l] of this.labelsOf) l.textContent = labels[key] ?? key;
    for (const [key, h] of this.hints) h.textContent = labels[key] ?? '';
    this.drawButton.textContent = labels.draw ?? 'draw';
    this.cancelButton.textContent = labels.cancel ?? 'cancel';
    for (const input of [this.low, this.high, this.yLow, this.yHigh]) input.placeholder = labels.auto ?? '';
    this.bins.placeholder = '100';
    this.firstEntry.placeholder = '0';
    this.entryCount.placeholder = labels.allEntries ?? '';
    for (const input of [this.firstEntry, this.entryCount, this.label('firstEntry'), this.label('entryCount')]) input.title = labels.entryRangeHint ?? '';
    for (const option of this.profileErrors.options) option.textContent = labels[`profileErrors_${option.value}`] ?? option.value;
    this.profileErrors.title = this.label('profileErrors').title = labels.profileErrorsHint ?? '';
    this.yBins.placeholder = '40';
    this.showYBinning();
  }

  /** A field's label (the tree's is renamed for HDF5 groups and checkpoint parts). */
  label(key: string): HTMLElement {
    return this.labelsOf.get(key)!;
  }

  setHint(key: string, text: string): void {
    this.hints.get(key)!.textContent = text;
  }

  /** Whether the form asks for a profile: a y expression with the profile ticked. */
  get isProfile(): boolean {
    return this.inputs.yExpression.value.trim() !== '' && this.profile.checked;
  }

  /** What the form asks for; undefined (with the error shown) when a number of bins is out of range. */
  request(): PlotRequest | undefined {
    const num = (input: HTMLInputElement): number | undefined => (input.value.trim() === '' || !Number.isFinite(input.valueAsNumber) ? undefined : input.valueAsNumber);
    const hasY = this.inputs.yExpression.value.trim() !== '';
    const twoD = hasY && !this.profile.checked;
    const profile = this.isProfile;
    const b = num(this.bins);
    const yb = twoD ? num(this.yBins) : undefined;
    const most = twoD ? 1000 : 10_000;
    for (const [value, key, limit] of [[b, 'bins', most], [yb, 'yBins', 1000]] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > limit)) {
        this.onError(fill(this.labels.binsRange ?? '{0}: 1 … {1}', this.labels[key] ?? key, limit.toLocaleString()));
        return undefined;
      }
    }
    const first = num(this.firstEntry);
    const count = num(this.entryCount);
    for (const [input, value, key, least] of [[this.firstEntry, first, 'firstEntry', 0], [this.entryCount, count, 'entryCount', 1]] as const) {
      // A number field whose text is not a number reads as empty: the browser says so by badInput.
      if (input.validity.badInput || (value !== undefined && (!Number.isSafeInteger(value) || value < least))) {
        this.onError(fill(this.labels.entryRange ?? '{0}: {1} …', this.labels[key] ?? key, least));
        return undefined;
      }
    }
    return {
      table: this.tree.value,
      expression: this.inputs.expression.value.trim(),
      yExpression: this.inputs.yExpression.value.trim(),
      entryCut: this.inputs.entryCut.value,
      elementCut: this.inputs.elementCut.value,
      weight: this.inputs.weight.value,
      definitions: this.definitions.value.trim() ? this.definitions.value : undefined,
      bins: b,
      low: num(this.low),
      high: num(this.high),
      yBins: yb,
      // With a y expression: a 2-D histogram's y range, or a profile's y limits (TProfile's ylow, yup).
      yLow: hasY ? num(this.yLow) : undefined,
      yHigh: hasY ? num(this.yHigh) : undefined,
      profile: profile || undefined,
      profileErrors: profile && this.profileErrors.value !== 'mean' ? (this.profileErrors.value as ProfileErrors) : undefined,
      firstEntry: first || undefined,
      entryCount: count,
    };
  }

  /** The table, entry cut and entry range the form selects now (a range field that is not a whole number as empty). */
  selection(): FormSelection {
    const whole = (input: HTMLInputElement, least: number): number | undefined => (Number.isSafeInteger(input.valueAsNumber) && input.valueAsNumber >= least ? input.valueAsNumber : undefined);
    return { table: this.tree.value, entryCut: this.inputs.entryCut.value, first: whole(this.firstEntry, 0) ?? 0, count: whole(this.entryCount, 1), definitions: this.definitions.value };
  }

  fill(r: PlotRequest): void {
    const text = (v: number | undefined): string => (v === undefined ? '' : String(v));
    this.tree.value = r.table;
    this.inputs.expression.value = r.expression;
    this.inputs.entryCut.value = r.entryCut;
    this.inputs.elementCut.value = r.elementCut;
    this.inputs.weight.value = r.weight ?? '';
    // A branch clicked in the Data view asks for no definitions: those typed stay, as the user's.
    if (r.definitions !== undefined) this.definitions.value = r.definitions;
    this.fitDefinitions();
    this.bins.value = text(r.bins);
    this.low.value = text(r.low);
    this.high.value = text(r.high);
    this.inputs.yExpression.value = r.yExpression;
    this.yBins.value = text(r.yBins);
    this.yLow.value = text(r.yLow);
    this.yHigh.value = text(r.yHigh);
    this.profile.checked = !!r.profile;
    this.profileErrors.value = r.profileErrors ?? 'mean';
    this.firstEntry.value = text(r.firstEntry);
    this.entryCount.value = text(r.entryCount);
    this.showYBinning();
  }

  /** The range and bins the data gave, shown where the user would type them. */
  showAutomatic(x: { bins: number; low: number; high: number }, y?: { bins: number; low: number; high: number }): void {
    this.low.placeholder = String(x.low);
    this.high.placeholder = String(x.high);
    this.bins.placeholder = String(x.bins);
    if (y) {
      this.yLow.placeholder = String(y.low);
      this.yHigh.placeholder = String(y.high);
      this.yBins.placeholder = String(y.bins);
    }
  }

  private showYBinning(): void {
    this.yBinning.hidden = this.inputs.yExpression.value.trim() === '';
    // A profile bins x only, and its y range limits the pairs it fills; its log axis is y's, a 2-D histogram's the colour's.
    const profile = this.profile.checked;
    this.yBins.disabled = profile;
    for (const input of [this.yLow, this.yHigh]) {
      input.title = profile ? (this.labels.yLimitsHint ?? '') : '';
      if (profile) input.placeholder = this.labels.noLimit ?? '';
      else if (input.placeholder === this.labels.noLimit) input.placeholder = this.labels.auto ?? '';
    }
    this.profileErrors.disabled = !this.profile.checked;
    this.label('logY').textContent = (this.yBinning.hidden || this.profile.checked ? this.labels.logY : this.labels.logZ) ?? '';
  }

  /** The definitions' box shows every line, up to ten (then it scrolls). */
  private fitDefinitions(): void {
    this.definitions.rows = Math.min(10, Math.max(1, this.definitions.value.split('\n').length));
  }

  private labelFor(input: HTMLElement, key: string): HTMLLabelElement {
    const l = el('label');
    l.htmlFor = input.id;
    this.labelsOf.set(key, l);
    return l;
  }

  private fieldRow(input: HTMLElement, key: string, hintKey?: string): HTMLElement[] {
    const cell = el('div');
    cell.append(input);
    if (hintKey) {
      const hint = el('div', '', 'hint');
      this.hints.set(hintKey, hint);
      cell.append(hint);
    }
    return [this.labelFor(input, key), cell];
  }
}

function pair(...children: HTMLElement[]): HTMLElement {
  const span = el('span', undefined, 'pair');
  span.append(...children);
  return span;
}

function definitionsInput(): HTMLTextAreaElement {
  const area = el('textarea');
  area.id = 'definitions';
  area.rows = 1;
  // The host takes definitions up to this length (dataExplorerMessages.ts).
  area.maxLength = 10_000;
  area.spellcheck = false;
  area.autocomplete = 'off';
  area.placeholder = 'pt = hypot(Jet_Px, Jet_Py)';
  return area;
}
