// An overlay's comparison with the histogram drawn, in a few words beside its name: the χ² test's and
// the Kolmogorov test's p-values (two profiles: their means' χ² p-value), or why they were not computed.
import type { ComparisonPayload, NotCompared } from '../../core/protocol/dataExplorerMessages';
import { fill, type Labels } from './dom';

const REASONS: Record<NotCompared['reason'], string> = { binning: 'compareBinning', weights: 'compareWeights', empty: 'compareEmpty', kinds: 'compareKinds', profileErrors: 'compareProfileErrors' };

export function comparisonText(c: ComparisonPayload | undefined, labels: Labels): string {
  if (!c) return '';
  if ('reason' in c) return labels[REASONS[c.reason]] ?? '';
  if ('means' in c) return fill(labels.compareMeansLine, probability(c.chi2Probability));
  return fill(labels.compareLine, probability(c.chi2Probability), probability(c.ksProbability));
}

/** A p-value as one reads it: two significant digits, and below 10⁻⁴ as a power of ten. */
export function probability(p: number): string {
  if (Number.isNaN(p)) return '—';
  if (p === 0) return '0';
  if (p < 1e-4) return `${p.toExponential(0).replace('e', '×10^')}`;
  return String(Number(p.toPrecision(2)));
}
