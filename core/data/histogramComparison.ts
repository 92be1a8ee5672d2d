// Whether two histograms of counts could come from one distribution, as ROOT's TH1::Chi2Test ("UU":
// both unweighted, each normalised to its own total) and TH1::KolmogorovTest (on the bins, so its
// probability is approximate: too high for coarse bins) answer it. This is the check of a classifier's
// output on the training and the test sample (overtraining), or of data against simulation. Two
// profiles (the response against pT in data and simulation) are compared by their means' χ².
import type { ComparisonPayload, HistogramPayload, HistogramsCompared, NotCompared, OverlayPayload, ProfileErrors, ProfilesCompared } from '../protocol/dataExplorerMessages';
import { sameBins } from '../text/binEdges';
import { chiSquareProbability } from './fit/chiSquareProbability';

/** Bins as the explorer holds them ([underflow, bin 1 … bin n, overflow]; variable bins with their edges). */
export type BinnedCounts = HistogramPayload;

/** Both tests' results, a profiles' χ², or why not (other bins, weights, no entries in one of them, other kinds): the protocol's shape. */
export type Comparison = ComparisonPayload;

export function compareHistograms(a: BinnedCounts, b: BinnedCounts): HistogramsCompared | NotCompared {
  if (!sameBins(a, b)) return { reason: 'binning' };
  if (!unweighted(a) || !unweighted(b)) return { reason: 'weights' };
  const n = a.axis.bins;
  const first = a.sumw.slice(1, n + 1);
  const second = b.sumw.slice(1, n + 1);
  const total1 = first.reduce((s, v) => s + v, 0);
  const total2 = second.reduce((s, v) => s + v, 0);
  if (!(total1 > 0) || !(total2 > 0)) return { reason: 'empty' };
  // χ² = Σ (N₂·n₁ᵢ − N₁·n₂ᵢ)² / (n₁ᵢ + n₂ᵢ) / (N₁·N₂), over the bins either fills; ndf = those bins − 1.
  let chi2 = 0;
  let used = 0;
  // The largest distance between the two cumulative fractions, bin by bin.
  let cumulative1 = 0;
  let cumulative2 = 0;
  let ksDistance = 0;
  for (let i = 0; i < n; i++) {
    const both = first[i] + second[i];
    if (both > 0) {
      const d = total2 * first[i] - total1 * second[i];
      chi2 += (d * d) / both;
      used++;
    }
    cumulative1 += first[i] / total1;
    cumulative2 += second[i] / total2;
    ksDistance = Math.max(ksDistance, Math.abs(cumulative1 - cumulative2));
  }
  chi2 /= total1 * total2;
  const ndf = used - 1;
  const z = ksDistance * Math.sqrt((total1 * total2) / (total1 + total2));
  return { chi2, ndf, chi2Probability: chiSquareProbability(chi2, ndf), ksDistance, ksProbability: kolmogorovProbability(z) };
}

/** What an overlay or the drawn plot is: a histogram's bins, or a profile's means with its entries and error option. */
export type Compared = Pick<OverlayPayload, 'histogram' | 'profile'>;

/**
 * An overlay against what is drawn: two histograms by ROOT's tests, two profiles by their means, a
 * profile against a histogram not at all (their bins are not the same kind of number).
 */
export function compareOverlay(overlay: Compared, drawn: Compared): Comparison {
  if (!overlay.profile !== !drawn.profile) return { reason: 'kinds' };
  if (!overlay.profile || !drawn.profile) return compareHistograms(overlay.histogram, drawn.histogram);
  // Errors of the means (option i is one too); a spread says how wide y is, not how well its mean is known.
  const ofMeans = (errors: ProfileErrors): boolean => errors === 'mean' || errors === 'integer';
  if (!ofMeans(overlay.profile.errors) || !ofMeans(drawn.profile.errors)) return { reason: 'profileErrors' };
  return compareProfiles(overlay.histogram, overlay.profile.binEntries, drawn.histogram, drawn.profile.binEntries);
}

/**
 * Whether two profiles show one dependence of y on x: χ² = Σ (ȳ₁ − ȳ₂)² / (σ₁² + σ₂²) over the bins
 * where both means have an error (a bin of one fill has none: not known, rather than exact, so it is
 * left out, as a fit leaves it out), with as many degrees of freedom as those bins (nothing was
 * normalised). The means are assumed independent (two samples, not one sample twice).
 */
export function compareProfiles(a: BinnedCounts, aEntries: readonly number[], b: BinnedCounts, bEntries: readonly number[]): ProfilesCompared | NotCompared {
  if (!sameBins(a, b)) return { reason: 'binning' };
  let chi2 = 0;
  let ndf = 0;
  for (let i = 1; i <= a.axis.bins; i++) {
    if (aEntries[i] === 0 || bEntries[i] === 0 || !(a.sumw2[i] > 0) || !(b.sumw2[i] > 0)) continue;
    chi2 += (a.sumw[i] - b.sumw[i]) ** 2 / (a.sumw2[i] + b.sumw2[i]);
    ndf++;
  }
  if (ndf === 0) return { reason: 'empty' };
  return { means: true, chi2, ndf, chi2Probability: chiSquareProbability(chi2, ndf) };
}

/** P(√n·D > z) for the Kolmogorov distribution: 2 Σ (−1)^(k−1) e^(−2k²z²), 1 below z = 0.2 (ROOT's TMath::KolmogorovProb rule). */
export function kolmogorovProbability(z: number): number {
  if (!(z >= 0.2)) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * z * z);
    sum += (k % 2 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** Counts: every bin's Σw² equal to its Σw (ROOT's UU test assumes it). */
function unweighted(h: BinnedCounts): boolean {
  return h.sumw.every((v, i) => v >= 0 && Math.abs(h.sumw2[i] - v) <= 1e-9 * Math.max(1, v));
}
