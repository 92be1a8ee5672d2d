// The binning a plot request asks for, checked before anything is read: the x axis (both edges or
// neither), a 2-D histogram's y axis (at most 1000 bins each way), a profile's y limits. A mistake is
// a sentence for the page's error line.
import * as vscode from 'vscode';
import { type Axis, DEFAULT_BINS_2D } from '../../core/data/histogram';
import { type YLimits, yLimitsOf } from '../../core/data/profile';
import type { PlotRequest } from '../../core/protocol/dataExplorerMessages';

export interface PlotBinning {
  /** Undefined: from the data. */
  readonly axis: Axis | undefined;
  readonly yAxis: Axis | undefined;
  readonly twoD: boolean;
  /** A profile (the mean of y per x bin) bins x alone, as a 1-D histogram. */
  readonly profile: boolean;
  readonly yLimits: YLimits | undefined;
}

export function plotBinning(request: PlotRequest): PlotBinning | string {
  const axis = axisOf(request.low, request.high, request.bins);
  const twoD = request.yExpression.trim() !== '';
  const profile = twoD && !!request.profile;
  const yAxis = twoD && !profile ? axisOf(request.yLow, request.yHigh, request.yBins ?? DEFAULT_BINS_2D) : undefined;
  const yLimits = profile ? yLimitsOf(request.yLow, request.yHigh) : undefined;
  if (yLimits && !(yLimits.high > yLimits.low)) return vscode.l10n.t('The upper y limit must be above the lower one (a profile\'s y limits: pairs with y outside are not filled).');
  if (typeof axis === 'string') return axis;
  if (typeof yAxis === 'string') return yAxis;
  if (twoD && !profile && (request.bins ?? DEFAULT_BINS_2D) > 1000) return vscode.l10n.t('A 2-D histogram has at most 1000 bins on each axis.');
  return { axis, yAxis, twoD, profile, yLimits };
}

/** The binning asked for: both edges or neither (then from the data); a message when that is not so. */
function axisOf(low: number | undefined, high: number | undefined, bins: number | undefined): Axis | undefined | string {
  if (low === undefined && high === undefined) return undefined;
  if (low === undefined || high === undefined) return vscode.l10n.t('Give both edges of the range, or neither: the range then comes from the data.');
  if (!(high > low)) return vscode.l10n.t('The upper edge of the range must be above the lower edge.');
  return { bins: bins ?? 100, low, high };
}
