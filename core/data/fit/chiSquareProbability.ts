// The probability of a χ² at least this large with ndf degrees of freedom (ROOT's TMath::Prob):
// the regularised upper incomplete gamma function Q(ndf/2, χ²/2), by its power series below a + 1 and
// its continued fraction (modified Lentz) above, each to double precision. A statistics library would
// bring some 240 npm packages for this one function.

const EPS = 1e-15;
const MAX_STEPS = 1000;

/** ln Γ(a) for a > 0, by the Lanczos approximation (g = 7, 9 terms; ~15 digits). */
export function logGamma(a: number): number {
  if (a < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = a - 1;
  let sum = c[0];
  for (let i = 1; i < c.length; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Q(a, x) = Γ(a, x) / Γ(a), for a > 0, x ≥ 0. */
export function upperGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const front = Math.exp(-x + a * Math.log(x) - logGamma(a));
  if (x < a + 1) {
    // P(a, x) = front · Σ xⁿ / (a (a+1) … (a+n))
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_STEPS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return Math.max(0, 1 - front * sum);
  }
  // Q(a, x) = front · 1 / (x + 1 − a − 1·(1 − a) / (x + 3 − a − …)), by the modified Lentz method.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < MAX_STEPS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return front * h;
}

/** P(χ² ≥ chi2) for ndf degrees of freedom; NaN without degrees of freedom. */
export function chiSquareProbability(chi2: number, ndf: number): number {
  if (!(ndf > 0) || !(chi2 >= 0)) return NaN;
  return upperGammaQ(ndf / 2, chi2 / 2);
}
