// A TEfficiency stored in a ROOT file, drawn as ROOT draws one: a graph with a point at the centre of
// each bin that has events (its width as the x error), the efficiency passed / total (a Bayesian
// option's posterior mean or mode) and its interval by the object's own statistic option and
// confidence level (efficiencyIntervals.ts). 1-D only; a TEfficiency of 2-D or 3-D histograms is refused
// with what to do.
import { msg } from '../../text/message';
import { EFFICIENCY_STATISTICS, type EfficiencyPayload } from '../../protocol/dataExplorerMessages';
import { MAX_BINS } from '../histogram';
import { type EfficiencyOptions, efficiencyInterval, isBayesian, weightedEfficiencyInterval } from './efficiencyIntervals';
import { RootError } from './rootError';
import type { StoredGraph } from './storedGraph';
import type { JsHistogram } from './storedHistogram';

/** TEfficiency's status bits (TObject::fBits). */
const IS_BAYESIAN = 1 << 14;
const POSTERIOR_MODE = 1 << 15;
const SHORTEST_INTERVAL = 1 << 16;
const USE_BIN_PRIOR = 1 << 17;
const USE_WEIGHTS = 1 << 18;

export interface JsEfficiency {
  _typename: string;
  fTitle?: string;
  fBits?: number;
  fTotalHistogram?: JsHistogram | null;
  fPassedHistogram?: JsHistogram | null;
  fStatisticOption?: number;
  fConfLevel?: number;
  fBeta_alpha?: number;
  fBeta_beta?: number;
  /** Per-bin priors (kUseBinPrior), as jsroot reads a vector of pairs. */
  fBeta_bin_params?: ArrayLike<{ first: number; second: number }>;
  fWeight?: number;
}

export function storedEfficiencyOf(name: string, e: JsEfficiency): StoredGraph {
  const total = e.fTotalHistogram;
  const passed = e.fPassedHistogram;
  if (!total?.fArray || !passed?.fArray || !total.fXaxis) throw new RootError(msg('"{0}" is a TEfficiency without its histograms: it is damaged.', name));
  if (!/^TH1/.test(total._typename) || !/^TH1/.test(passed._typename)) {
    throw new RootError(msg('"{0}" is a TEfficiency of {1} histograms: only 1-D efficiencies are drawn. Read its passed and total histograms with uproot (f["{0}"].member("fPassedHistogram")).', name, total._typename));
  }
  const bins = total.fXaxis.fNbins;
  if (!Number.isInteger(bins) || bins < 1 || bins > MAX_BINS || total.fArray.length !== bins + 2 || passed.fArray.length !== bins + 2) {
    throw new RootError(msg('"{0}" has a passed and a total histogram that do not hold the {1} bins of its axis: it is damaged.', name, String(bins)));
  }
  const bits = e.fBits ?? 0;
  const stored = EFFICIENCY_STATISTICS[e.fStatisticOption ?? 0] ?? 'clopperPearson';
  // Feldman–Cousins and the shortest Bayesian interval are not computed here: the central ones are drawn, and said.
  const statistic = stored === 'feldmanCousins' ? 'clopperPearson' : stored;
  const bayesian = isBayesian(statistic) || (bits & IS_BAYESIAN) !== 0;
  const level = e.fConfLevel && e.fConfLevel > 0 && e.fConfLevel < 1 ? e.fConfLevel : 0.682689492137086;
  const weighted = (bits & USE_WEIGHTS) !== 0;
  const alphaOf = (bin: number): number => ((bits & USE_BIN_PRIOR) !== 0 && e.fBeta_bin_params && bin < e.fBeta_bin_params.length ? e.fBeta_bin_params[bin].first : (e.fBeta_alpha ?? 1));
  const betaOf = (bin: number): number => ((bits & USE_BIN_PRIOR) !== 0 && e.fBeta_bin_params && bin < e.fBeta_bin_params.length ? e.fBeta_bin_params[bin].second : (e.fBeta_beta ?? 1));
  const edges = total.fXaxis.fXbins?.length === bins + 1 ? Array.from(total.fXaxis.fXbins) : Array.from({ length: bins + 1 }, (_, i) => total.fXaxis.fXmin + ((total.fXaxis.fXmax - total.fXaxis.fXmin) * i) / bins);
  const sumw2 = (h: JsHistogram): ArrayLike<number> => (h.fSumw2?.length === bins + 2 ? h.fSumw2 : h.fArray);
  const point = { x: [] as number[], y: [] as number[], exl: [] as number[], exh: [] as number[], eyl: [] as number[], eyh: [] as number[], passed: [] as number[], total: [] as number[] };
  for (let bin = 1; bin <= bins; bin++) {
    const t = total.fArray[bin];
    const p = passed.fArray[bin];
    // ROOT's graph of a TEfficiency leaves out bins without events.
    if (!(t > 0)) continue;
    if (!(p >= 0) || p > t) throw new RootError(msg('"{0}" has {1} passed of {2} in bin {3}: more than all, so it is damaged.', name, p, t, bin));
    const options: EfficiencyOptions = { statistic: bayesian && !isBayesian(statistic) ? 'bayesian' : statistic, level, alpha: alphaOf(bin), beta: betaOf(bin), posteriorMode: (bits & POSTERIOR_MODE) !== 0 };
    const r = weighted ? weightedEfficiencyInterval(p, sumw2(passed)[bin], t, sumw2(total)[bin], options) : efficiencyInterval(p, t, options);
    const centre = (edges[bin - 1] + edges[bin]) / 2;
    point.x.push(centre);
    point.exl.push(centre - edges[bin - 1]);
    point.exh.push(edges[bin] - centre);
    point.y.push(r.efficiency);
    point.eyl.push(r.efficiency - r.low);
    point.eyh.push(r.high - r.efficiency);
    point.passed.push(p);
    point.total.push(t);
  }
  const asked = stored === 'feldmanCousins' ? 'feldmanCousins' : bayesian && (bits & SHORTEST_INTERVAL) !== 0 ? 'shortest' : undefined;
  const efficiency: EfficiencyPayload = {
    statistic: bayesian && !isBayesian(statistic) ? 'bayesian' : statistic,
    ...(asked ? { asked } : {}),
    level,
    weighted,
    ...(bayesian ? { prior: [e.fBeta_alpha ?? 1, e.fBeta_beta ?? 1] as const, ...((bits & POSTERIOR_MODE) !== 0 ? { posteriorMode: true } : {}) } : {}),
    passed: point.passed,
    total: point.total,
  };
  // ROOT 6 keeps the axis titles on the histograms' axes (TEfficiency::SetTitle moves them there); older files in the title.
  const [title = '', xPart = '', yPart = ''] = (e.fTitle ?? '').split(';');
  return {
    kind: 'graph',
    name,
    className: e._typename,
    title,
    xTitle: xPart || total.fXaxis.fTitle || '',
    yTitle: yPart || total.fYaxis?.fTitle || '',
    x: point.x,
    y: point.y,
    ex: { low: point.exl, high: point.exh },
    ey: { low: point.eyl, high: point.eyh },
    efficiency,
  };
}
