// One explorer page's fit: what was asked (kept until Remove fit, so that each 1-D histogram drawn
// after it is fitted again) and its result on the histogram drawn, for the page, Copy as Python, the
// SVG and the CSV. Fits run in a data worker. A fit of an older histogram that finishes after a newer
// one was asked for is dropped: each new histogram counts as a generation.
import * as vscode from 'vscode';
import type { FitResult } from '../../core/data/fit/histogramFit';
import { DataJobError } from '../../core/data/workers/workerPool';
import type { DataExplorerUpdate, FitRequest, HistogramPayload } from '../../core/protocol/dataExplorerMessages';
import { errorText } from '../errorNotice';
import type { DataService } from './dataService';

/** The histogram to fit: its bins, or a 2-D one (which is not fitted). */
/** The histogram drawn as the fit takes it; a profile's bins are means with their errors. */
export type FitTarget = { readonly histogram: HistogramPayload; readonly twoD: boolean; readonly profile?: boolean };

/** What the page asked for, without the message's type: each field only when set. */
export function fitRequestOf(m: FitRequest): FitRequest {
  return {
    model: m.model,
    method: m.method,
    ...(m.low === undefined ? {} : { low: m.low }),
    ...(m.high === undefined ? {} : { high: m.high }),
    ...(m.parameters?.length ? { parameters: m.parameters } : {}),
    ...(m.minos ? { minos: true } : {}),
    ...(m.integral ? { integral: true } : {}),
  };
}

export class ExplorerFit {
  private request: FitRequest | undefined;
  private fitted: FitResult | undefined;
  private generation = 0;

  constructor(
    private readonly data: DataService,
    private readonly post: (update: DataExplorerUpdate) => Promise<unknown>,
    private readonly fail: (err: unknown) => Promise<void>,
  ) {}

  /** The fit of the histogram drawn, if any. */
  get result(): FitResult | undefined {
    return this.fitted;
  }

  /** A new histogram was asked for: a fit still running is of the old one. */
  newHistogram(): void {
    this.generation++;
    this.fitted = undefined;
  }

  /** The new histogram was not drawn (cancelled, failed): the page dropped the fit; so does what is copied or saved. */
  async histogramDropped(): Promise<void> {
    this.fitted = undefined;
    await this.post({ type: 'fit', request: this.request });
  }

  async ask(request: FitRequest, target: FitTarget | undefined, current: () => boolean): Promise<void> {
    this.request = request;
    await this.refit(target, current);
  }

  async remove(): Promise<void> {
    this.request = undefined;
    this.fitted = undefined;
    await this.post({ type: 'fit' });
  }

  /**
   * Fits the histogram drawn with the fit asked for, if any. A mistake in the model points into its
   * field and forgets it; a fit this histogram does not allow (too few bins in range) is said, and
   * tried again on the next one. `current` says whether the target is still the histogram drawn.
   */
  async refit(target: FitTarget | undefined, current: () => boolean): Promise<void> {
    const request = this.request;
    const generation = this.generation;
    this.fitted = undefined;
    if (!target || !request) return;
    const stale = (): boolean => !current() || this.request !== request || this.generation !== generation;
    if (target.twoD) {
      await this.post({ type: 'fit', request });
      await this.post({ type: 'error', message: vscode.l10n.t('A fit needs a 1-D histogram: clear the Y expression, or remove the fit.') });
      return;
    }
    if (target.profile && request.method === 'likelihood') {
      // Means are not counts: said here, since a profile's numbers may look like counts to the fit.
      await this.post({ type: 'fit', request });
      await this.post({ type: 'error', message: vscode.l10n.t('The likelihood fit needs plain counts, and this histogram has weights (or is a profile): fit it with least squares (χ²).') });
      return;
    }
    try {
      const fit = await this.data.run<FitResult>({ op: 'fit', histogram: target.histogram, ...request });
      if (stale()) return;
      this.fitted = fit;
      await this.post({ type: 'fit', fit, request });
    } catch (err) {
      if (stale()) return;
      if (err instanceof DataJobError && err.name === 'FitModelError') {
        // Forgotten: the next histogram would fail the same way. The row keeps the text to correct.
        this.request = undefined;
        await this.post({ type: 'fit' });
        await this.post({ type: 'error', message: errorText(err), field: 'fitModel', start: err.start, end: err.end });
        return;
      }
      await this.post({ type: 'fit', request });
      // A fit this histogram does not allow is said, not logged as a failure; it is tried on the next one.
      if (err instanceof DataJobError && err.name === 'FitError') await this.post({ type: 'error', message: errorText(err) });
      else await this.fail(err);
    }
  }
}
