// A graph stored in a ROOT file as the data explorer's messages carry it: its points in stored order,
// their errors, its titles and, for a TEfficiency, how its intervals were found.

/** A graph's errors at each point, as distances below and above it (a TGraphErrors' are equal). */
export interface GraphErrorsPayload {
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/** TEfficiency::EStatOption, in its order: how an efficiency's interval is found. */
export const EFFICIENCY_STATISTICS = ['clopperPearson', 'normal', 'wilson', 'agrestiCoull', 'feldmanCousins', 'jeffrey', 'uniform', 'bayesian', 'midP'] as const;
export type EfficiencyStatistic = (typeof EFFICIENCY_STATISTICS)[number];

/** A TEfficiency drawn as a graph: how its intervals were found, and each point's events. */
export interface EfficiencyPayload {
  /**
   * The option drawn; `asked` when the stored one is not what is drawn: Feldman–Cousins and the shortest
   * Bayesian interval are not computed here, and ROOT gives a weighted efficiency's frequentist options
   * the normal approximation.
   */
  readonly statistic: EfficiencyStatistic;
  readonly asked?: 'feldmanCousins' | 'shortest' | 'weighted';
  /** The interval's probability content (fConfLevel). */
  readonly level: number;
  /** Filled with weights (kUseWeights): passed and total are sums of weights. */
  readonly weighted: boolean;
  /** The Beta prior of a Bayesian option (α, β); the efficiency its posterior's mode rather than its mean (kPosteriorMode). */
  readonly prior?: readonly [number, number];
  /** A prior of each bin's own (kUseBinPrior), one per point: then `prior` is the default of bins without one. */
  readonly binPriors?: { readonly alpha: readonly number[]; readonly beta: readonly number[] };
  readonly posteriorMode?: boolean;
  /** Each point's passed and total events (its bin's). */
  readonly passed: readonly number[];
  readonly total: readonly number[];
}

/** A graph stored in a ROOT file (TGraph, TGraphErrors, TGraphAsymmErrors…): its points in their stored order, and its titles. */
export interface GraphPayload {
  readonly name: string;
  readonly className: string;
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Absent: the graph stores no errors on that axis. */
  readonly ex?: GraphErrorsPayload;
  readonly ey?: GraphErrorsPayload;
  /** A TEfficiency's: each non-empty bin a point, at its centre, its width as the x error. */
  readonly efficiency?: EfficiencyPayload;
}
