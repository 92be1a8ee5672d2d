// One explorer page's fit: what was asked (kept until Remove fit, so that each histogram drawn after
// it is fitted again; a 1-D function waits through 2-D histograms, and a 2-D one through 1-D) and its result on the histogram drawn, for the page, Copy as Python, the
// SVG and the CSV. Fits run in a data worker. A fit of an older histogram that finishes after a newer
// one was asked for is dropped: each new histogram counts as a generation.
import * as vscode from 'vscode';
import { onlyFits } from '../../core/data/fit/fit2dModels';
import type { FitResult } from '../../core/data/fit/histogramFit';
import type { Fit2DHistogram } from '../../core/data/fit/histogramFit2d';
import { DataJobError } from '../../core/data/workers/workerPool';
import type { DataExplorerUpdate, FitRequest, HistogramPayload } from '../../core/protocol/dataExplorerMessages';
import { errorText } from '../errorNotice';
import type { DataService } from './dataService';

/** The histogram drawn as the fit takes it: a 1-D one's bins (a profile's are means with their errors), or a 2-D one's cells. */
export type FitTarget = { readonly histogram: HistogramPayload | Fit2DHistogram; readonly profile?: boolean };

/** What the page asked for, without the message's type: each field only when set. */
export function fitRequestOf(m: FitRequest): FitRequest {
  return {
    model: m.model,
    method: m.method,
    ...(m.low === undefined ? {} : { low: m.low }),
    ...(m.high === undefined ? {} : { high: m.high }),
    ...(m.lowY === undefined ? {} : { lowY: m.lowY }),
    ...(m.highY === undefined ? {} : { highY: m.highY }),
    ...(m.parameters?.length ? { parameters: m.parameters } : {}),
    ...(m.minos ? { minos: true } : {}),
    ...(m.integral ? { integral: true } : {}),
    ...(m.contour ? { contour: { x: m.contour.x, y: m.contour.y } } : {}),
  };
}

export class ExplorerFit {
  private request: FitRequest | undefined;
  private fitted: FitResult | undefined;
  private generation = 0;
  /** The fit running, stopped when it is of no more use (a new histogram, Remove fit, another fit): a 2-D likelihood over many cells can take seconds. */
  private running: AbortController | undefined;

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
    this.running?.abort();
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
    this.running?.abort();
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
    this.running?.abort();
    const running = new AbortController();
    this.running = running;
    if (!target || !request) return;
    const stale = (): boolean => !current() || this.request !== request || this.generation !== generation;
    const twoD = !('axis' in target.histogram);
    const only = onlyFits(request.model);
    if (only !== undefined && only !== (twoD ? 2 : 1)) {
      // Kept for the next histogram of its kind: a user comparing a 1-D and a 2-D view keeps both.
      await this.post({ type: 'fit', request });
      await this.post({
        type: 'error',
        message: twoD
          ? vscode.l10n.t('{0} fits a 1-D histogram: write a 2-D function to fit this one (xygaus, bigaus, xyexpo, or a formula in x and y), or remove the fit.', request.model)
          : vscode.l10n.t('{0} fits a 2-D histogram: write a 1-D function to fit this one (gaus, expo, pol1…), or remove the fit.', request.model),
      });
      return;
    }
    if (target.profile && request.method === 'likelihood') {
      // Means are not counts: said here, since a profile's numbers may look like counts to the fit.
      await this.post({ type: 'fit', request });
      await this.post({ type: 'error', message: vscode.l10n.t('The likelihood fit needs plain counts, and this histogram has weights (or is a profile): fit it with least squares (χ²).') });
      return;
    }
    try {
      // Option I is 1-D's: a request kept from a 1-D histogram fits a 2-D one without it (its box is hidden there).
      const { integral, ...rest } = request;
      const fit = await this.data.run<FitResult>({ op: 'fit', histogram: target.histogram, ...rest, ...(integral && !twoD ? { integral } : {}) }, running.signal);
      if (stale()) return;
      this.fitted = fit;
      await this.post({ type: 'fit', fit, request });
    } catch (err) {
      // Stopped by a newer fit or histogram: that one answers.
      if (stale() || running.signal.aborted) return;
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
