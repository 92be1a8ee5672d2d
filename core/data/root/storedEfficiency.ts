// A TEfficiency stored in a ROOT file, drawn as ROOT draws one: a graph with a point at the centre of
// each bin that has events (its width as the x error), the efficiency passed / total (a Bayesian
// option's posterior mean or mode) and its interval by the object's own statistic option and
// confidence level (efficiencyIntervals.ts). 1-D only; a TEfficiency of 2-D or 3-D histograms is refused
// with what to do. Every number is checked before use: jsroot reads the object by the file's own
// streamer description, so a forged file can put text where ROOT puts numbers.
import { msg } from '../../text/message';
import { EFFICIENCY_STATISTICS, type EfficiencyPayload, type EfficiencyStatistic } from '../../protocol/dataExplorerMessages';
import { MAX_BINS } from '../histogram';
import { type EfficiencyOptions, efficiencyInterval, isBayesian, weightedEfficiencyInterval } from './efficiencyIntervals';
import { RootError } from './rootError';
import { rootTitleParts } from '../../text/rootLatex';
import type { StoredGraph } from './storedGraph';
import type { JsHistogram } from './storedHistogram';

/** TEfficiency's status bits (TObject::fBits). */
const IS_BAYESIAN = 1 << 14;
const POSTERIOR_MODE = 1 << 15;
const SHORTEST_INTERVAL = 1 << 16;
const USE_BIN_PRIOR = 1 << 17;
const USE_WEIGHTS = 1 << 18;

/** TEfficiency's default confidence level: one standard deviation. */
const ONE_SIGMA = 0.682689492137086;

export interface JsEfficiency {
  _typename: string;
  fTitle?: unknown;
  fBits?: unknown;
  fTotalHistogram?: JsHistogram | null;
  fPassedHistogram?: JsHistogram | null;
  fStatisticOption?: unknown;
  fConfLevel?: unknown;
  fBeta_alpha?: unknown;
  fBeta_beta?: unknown;
  /** Per-bin priors (kUseBinPrior), as jsroot reads a vector of pairs. */
  fBeta_bin_params?: unknown;
  fWeight?: unknown;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export function storedEfficiencyOf(name: string, e: JsEfficiency): StoredGraph {
  const damaged = (what: string): RootError => new RootError(msg('"{0}" is a TEfficiency whose {1} is not what ROOT writes: it is damaged.', name, what));
  const total = e.fTotalHistogram;
  const passed = e.fPassedHistogram;
  if (!total?.fArray || !passed?.fArray || !total.fXaxis) throw new RootError(msg('"{0}" is a TEfficiency without its histograms: it is damaged.', name));
  if (!/^TH1/.test(String(total._typename)) || !/^TH1/.test(String(passed._typename))) {
    throw new RootError(msg('"{0}" is a TEfficiency of {1} histograms: only 1-D efficiencies are drawn. Read its passed and total histograms with uproot (f["{0}"].member("fPassedHistogram")).', name, String(total._typename)));
  }
  const bins = total.fXaxis.fNbins;
  if (!Number.isInteger(bins) || bins < 1 || bins > MAX_BINS || total.fArray.length !== bins + 2 || passed.fArray.length !== bins + 2) {
    throw new RootError(msg('"{0}" has a passed and a total histogram that do not hold the {1} bins of its axis: it is damaged.', name, String(bins)));
  }
  const option = e.fStatisticOption ?? 0;
  if (!Number.isInteger(option) || (option as number) < 0 || (option as number) >= EFFICIENCY_STATISTICS.length) throw damaged('fStatisticOption');
  const bits = e.fBits ?? 0;
  if (!Number.isInteger(bits)) throw damaged('fBits');
  const has = (bit: number): boolean => ((bits as number) & bit) !== 0;
  const level = e.fConfLevel ?? ONE_SIGMA;
  if (!isNumber(level) || level <= 0 || level >= 1) throw damaged('fConfLevel');
  const priorOf = (v: unknown, field: string): number => {
    if (v === undefined) return 1;
    if (!isNumber(v) || v <= 0) throw damaged(field);
    return v;
  };
  const prior: [number, number] = [priorOf(e.fBeta_alpha, 'fBeta_alpha'), priorOf(e.fBeta_beta, 'fBeta_beta')];
  const binParams = has(USE_BIN_PRIOR) ? binPriorsOf(e.fBeta_bin_params, damaged) : [];

  const stored = EFFICIENCY_STATISTICS[option as number];
  const weighted = has(USE_WEIGHTS);
  const bayesian = isBayesian(stored) || has(IS_BAYESIAN);
  // What is drawn: Feldman–Cousins as Clopper–Pearson; a weighted frequentist efficiency by the normal
  // approximation, as ROOT gives it (TEfficiency::SetUseWeightedEvents); a Bayesian bit on another option as the object's own prior.
  const statistic: EfficiencyStatistic = bayesian ? (isBayesian(stored) ? stored : 'bayesian') : weighted ? 'normal' : stored === 'feldmanCousins' ? 'clopperPearson' : stored;
  const asked = !bayesian && weighted && stored !== 'normal' ? 'weighted' : stored === 'feldmanCousins' ? 'feldmanCousins' : bayesian && has(SHORTEST_INTERVAL) ? 'shortest' : undefined;

  const edges = total.fXaxis.fXbins?.length === bins + 1 ? Array.from(total.fXaxis.fXbins, Number) : Array.from({ length: bins + 1 }, (_, i) => total.fXaxis.fXmin + ((total.fXaxis.fXmax - total.fXaxis.fXmin) * i) / bins);
  const sumw2 = (h: JsHistogram): ArrayLike<number> => (h.fSumw2?.length === bins + 2 ? h.fSumw2 : h.fArray);
  const point = { x: [] as number[], y: [] as number[], exl: [] as number[], exh: [] as number[], eyl: [] as number[], eyh: [] as number[], passed: [] as number[], total: [] as number[], alpha: [] as number[], beta: [] as number[] };
  for (let bin = 1; bin <= bins; bin++) {
    const t = Number(total.fArray[bin]);
    const p = Number(passed.fArray[bin]);
    // ROOT's graph of a TEfficiency leaves out bins without events.
    if (!(t > 0)) continue;
    if (!(p >= 0) || p > t) throw new RootError(msg('"{0}" has {1} passed of {2} in bin {3}: more than all, so it is damaged.', name, p, t, bin));
    const [alpha, beta] = binParams[bin] ?? prior;
    const options: EfficiencyOptions = { statistic, level, alpha, beta, posteriorMode: has(POSTERIOR_MODE) };
    const r = weighted ? weightedEfficiencyInterval(p, Number(sumw2(passed)[bin]), t, Number(sumw2(total)[bin]), options) : efficiencyInterval(p, t, options);
    const centre = (edges[bin - 1] + edges[bin]) / 2;
    point.x.push(centre);
    point.exl.push(centre - edges[bin - 1]);
    point.exh.push(edges[bin] - centre);
    point.y.push(r.efficiency);
    // A posterior's mode may lie outside its central interval: ROOT draws no bar on that side.
    point.eyl.push(Math.max(0, r.efficiency - r.low));
    point.eyh.push(Math.max(0, r.high - r.efficiency));
    point.passed.push(p);
    point.total.push(t);
    point.alpha.push(alpha);
    point.beta.push(beta);
  }
  const efficiency: EfficiencyPayload = {
    statistic,
    ...(asked ? { asked } : {}),
    level,
    weighted,
    ...(bayesian ? { prior, ...(binParams.length ? { binPriors: { alpha: point.alpha, beta: point.beta } } : {}), ...(has(POSTERIOR_MODE) ? { posteriorMode: true } : {}) } : {}),
    passed: point.passed,
    total: point.total,
  };
  // ROOT 6 keeps the axis titles on the histograms' axes (TEfficiency::SetTitle moves them there); older files in the title.
  const [title, xPart, yPart] = rootTitleParts(e.fTitle);
  return {
    kind: 'graph',
    name,
    className: 'TEfficiency',
    title,
    xTitle: xPart || text(total.fXaxis.fTitle),
    yTitle: yPart || text(total.fYaxis?.fTitle),
    x: point.x,
    y: point.y,
    ex: { low: point.exl, high: point.exh },
    ey: { low: point.eyl, high: point.eyh },
    efficiency,
  };
}

/** fBeta_bin_params: a (α, β) pair per bin, flow bins included; each must be a prior (both above 0). */
function binPriorsOf(params: unknown, damaged: (what: string) => RootError): [number, number][] {
  if (params === undefined || params === null) return [];
  if (!Array.isArray(params)) throw damaged('fBeta_bin_params');
  return params.map((pair: unknown) => {
    const { first, second } = (pair ?? {}) as { first?: unknown; second?: unknown };
    if (!isNumber(first) || !isNumber(second) || first <= 0 || second <= 0) throw damaged('fBeta_bin_params');
    return [first, second];
  });
}
