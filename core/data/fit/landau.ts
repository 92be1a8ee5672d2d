// The Landau density φ(λ) — the energy a charged particle loses in a thin layer (a silicon sensor, a
// gas gap) — as ROOT's TMath::Landau and CERNLIB's DENLAN define it:
//   φ(λ) = (1/π) ∫₀^∞ exp(−t ln t − λt) sin(πt) dt,  most probable at λ ≈ −0.22278, where φ ≈ 0.18066.
// That integral oscillates and cancels to nothing in the left tail, so φ is computed from the
// Landau law's form as a stable law (α = 1, β = 1; Zolotarev's integral as Nolan writes it), whose
// integrand is positive:
//   φ(λ) = (1/π) ∫₀^π exp(u − e^u) ds,  u(s) = ln(s / sin s) − s·cot s − λ,
//   φ′(λ) = (1/π) ∫₀^π exp(u − e^u) (e^u − 1) ds,
// split where u = 0 (the integrand's peak). Both are tabulated once, as ln φ and φ′/φ, and read by
// cubic Hermite interpolation: every bin of every step of a fit asks for φ and φ′.

/** The table's left end: below it φ < 1e-140 (φ(−6) ≈ 1e-63), taken as 0. */
const LEFT = -7;
/** Steps of 0.01 up to λ = 10, then steps of 1 % of λ up to 10⁸; beyond, φ falls as 1/λ². */
const STEP = 0.01;
const MIDDLE = 10;
const RATIO = 1.01;
const RIGHT = 1e8;

interface Table {
  readonly lambda: Float64Array;
  readonly lnPhi: Float64Array;
  /** d ln φ / dλ = φ′ / φ. */
  readonly slope: Float64Array;
  readonly uniform: number;
}

let table: Table | undefined;

/** The Landau density at λ. */
export function landau(lambda: number): number {
  return landauWithSlope(lambda)[0];
}

/** φ(λ) and φ′(λ). */
export function landauWithSlope(lambda: number): [number, number] {
  const t = (table ??= buildTable());
  const n = t.lambda.length;
  if (!(lambda >= LEFT)) return [0, 0];
  if (lambda >= t.lambda[n - 1]) {
    // φ(λ) → 1/λ² (1 + O(ln λ / λ)): carried on from the table's last value.
    const phi = Math.exp(t.lnPhi[n - 1]) * (t.lambda[n - 1] / lambda) ** 2;
    return [phi, (-2 * phi) / lambda];
  }
  const i = lambda < MIDDLE ? Math.min(t.uniform - 1, Math.floor((lambda - LEFT) / STEP)) : Math.min(n - 2, t.uniform + Math.floor(Math.log(lambda / MIDDLE) / Math.log(RATIO)));
  const [a, b] = [t.lambda[i], t.lambda[i + 1]];
  const h = b - a;
  const x = (lambda - a) / h;
  // Cubic Hermite on ln φ: values and slopes at both ends of the interval.
  const [y0, y1, m0, m1] = [t.lnPhi[i], t.lnPhi[i + 1], t.slope[i] * h, t.slope[i + 1] * h];
  const x2 = x * x;
  const x3 = x2 * x;
  const y = (2 * x3 - 3 * x2 + 1) * y0 + (x3 - 2 * x2 + x) * m0 + (-2 * x3 + 3 * x2) * y1 + (x3 - x2) * m1;
  const dy = ((6 * x2 - 6 * x) * y0 + (3 * x2 - 4 * x + 1) * m0 + (-6 * x2 + 6 * x) * y1 + (3 * x2 - 2 * x) * m1) / h;
  const phi = Math.exp(y);
  return [phi, phi * dy];
}

function buildTable(): Table {
  const nodes: number[] = [];
  const uniform = Math.round((MIDDLE - LEFT) / STEP);
  for (let i = 0; i < uniform; i++) nodes.push(LEFT + i * STEP);
  const steps = Math.ceil(Math.log(RIGHT / MIDDLE) / Math.log(RATIO));
  for (let k = 0; k <= steps; k++) nodes.push(MIDDLE * RATIO ** k);
  const lambda = Float64Array.from(nodes);
  const lnPhi = new Float64Array(lambda.length);
  const slope = new Float64Array(lambda.length);
  lambda.forEach((l, i) => {
    const [phi, dphi] = integrate(l);
    lnPhi[i] = Math.log(phi);
    slope[i] = dphi / phi;
  });
  return { lambda, lnPhi, slope, uniform };
}

/** u(s) + λ: increasing from −1 at s = 0 to +∞ at s = π. */
function shape(s: number): number {
  if (s < 1e-6) return -1 + s * s / 2;
  return Math.log(s / Math.sin(s)) - s / Math.tan(s);
}

/** Where the integral over t takes over: its negative part is under e⁻²⁰ of the whole there. */
const T_FORM = 20;

/** φ(λ) and φ′(λ), integrated (the table's nodes; the tests compare them with the defining integral). */
export function integrate(lambda: number): [number, number] {
  if (lambda >= T_FORM) {
    // φ = (1/π) ∫ exp(−λt − t ln t) sin(πt) dt, φ′ = −(1/π) ∫ t exp(…) sin(πt) dt, cut where e^−λt < e⁻⁴⁵.
    const g = (t: number): [number, number] => {
      if (t <= 0) return [0, 0];
      const v = Math.exp(-lambda * t - t * Math.log(t)) * Math.sin(Math.PI * t);
      return [v, -t * v];
    };
    const [a, b] = tanhSinh(g, 0, 45 / lambda);
    return [a / Math.PI, b / Math.PI];
  }
  const f = (s: number): [number, number] => {
    const u = shape(s) - lambda;
    if (u > 700) return [0, 0];
    const eu = Math.exp(u);
    const v = Math.exp(u - eu);
    return [v, v * (eu - 1)];
  };
  let peak = 0;
  if (lambda > -1) {
    // Bisection for u(s) = 0.
    let [lo, hi] = [0, Math.PI];
    for (let k = 0; k < 200 && hi - lo > 1e-15 * Math.PI; k++) {
      const mid = (lo + hi) / 2;
      if (shape(mid) < lambda) lo = mid;
      else hi = mid;
    }
    peak = (lo + hi) / 2;
  }
  const left = peak > 0 ? tanhSinh(f, 0, peak) : [0, 0];
  const right = tanhSinh(f, peak, Math.PI);
  return [(left[0] + right[0]) / Math.PI, (left[1] + right[1]) / Math.PI];
}

/**
 * Double-exponential (tanh-sinh) quadrature of a pair of integrands: the trapezoid rule after
 * s = a + (b − a)(1 + tanh(π/2 · sinh t)) / 2, halving the step until the sum settles. Its points
 * crowd both ends, where these integrands have their peak (the split) or their fast fall.
 */
function tanhSinh(f: (s: number) => [number, number], a: number, b: number): [number, number] {
  const width = b - a;
  const T = 4;
  const sum = [0, 0];
  const add = (t: number): void => {
    const y = (Math.PI / 2) * Math.sinh(t);
    // 1 + tanh y and 1 − tanh y without cancellation: 2 / (1 + e^∓2y).
    const e = Math.exp(-2 * Math.abs(y));
    const near = (2 * e) / (1 + e);
    const far = 2 / (1 + e);
    const s = t < 0 ? a + (width / 2) * near : b - (width / 2) * near;
    const weight = (Math.PI / 2) * Math.cosh(t) * near * far;
    if (!(s > a && s < b) || weight === 0) return;
    const [v, dv] = f(s);
    sum[0] += weight * v;
    sum[1] += weight * dv;
  };
  let h = 0.5;
  for (let t = -T; t <= T + 1e-12; t += h) add(t);
  let previous = sum[0] * h;
  for (let level = 0; level < 10; level++) {
    h /= 2;
    for (let t = -T + h; t < T; t += 2 * h) add(t);
    const estimate = sum[0] * h;
    if (level >= 2 && Math.abs(estimate - previous) <= 1e-7 * Math.abs(estimate)) break;
    previous = estimate;
  }
  return [(width / 2) * sum[0] * h, (width / 2) * sum[1] * h];
}
