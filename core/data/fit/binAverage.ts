// ROOT's fit option I: the function's mean over each bin (its integral over the bin divided by the
// bin's width) in place of its value at the bin's centre. At a bin centre a steep spectrum — a pT or
// a decay time falling by a large factor across one wide bin — is below its mean over the bin, which
// biases the slope; the mean is what the counts measure. Five-point Gauss–Legendre over each bin:
// exact for polynomials up to degree 9, and far inside the counts' errors for any smooth function.
import type { Model } from './minimize';

/** The five nodes on [−1, 1] and their weights (halved: they sum to 1, a mean). */
const NODES = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
const WEIGHTS = [0.5688888888888889, 0.47862867049936647, 0.47862867049936647, 0.23692688505618908, 0.23692688505618908].map((w) => w / 2);

/**
 * The model averaged over each bin, for the minimiser: it is asked at the bins' centres, each of
 * which is found with its half width in `halfWidths` (centre → half width).
 */
export function binAveraged(model: Model, halfWidths: ReadonlyMap<number, number>, parameters: number): Model {
  const part = new Float64Array(parameters);
  const half = (x: number): number => halfWidths.get(x) ?? 0;
  return {
    evaluate: (x, p) => {
      const h = half(x);
      let v = 0;
      for (let k = 0; k < NODES.length; k++) v += WEIGHTS[k] * model.evaluate(x + NODES[k] * h, p);
      return v;
    },
    gradient: (x, p, out) => {
      const h = half(x);
      out.fill(0);
      let v = 0;
      for (let k = 0; k < NODES.length; k++) {
        part.fill(0);
        v += WEIGHTS[k] * model.gradient(x + NODES[k] * h, p, part);
        for (let j = 0; j < parameters; j++) out[j] += WEIGHTS[k] * part[j];
      }
      return v;
    },
  };
}

/**
 * The same in Python, for Copy as Python, after `inside` is set: `binned(x, …)` is `model` averaged
 * over the bins in the range, whose centres x are (fitFormula.ts keeps these names from parameters).
 */
export function binAveragePython(names: string): string[] {
  return [
    '',
    '',
    "# The function's mean over each bin (ROOT's option I): five-point Gauss-Legendre over the bins in the range.",
    'gl_nodes, gl_weights = np.polynomial.legendre.leggauss(5)',
    'half = ((edges[1:] - edges[:-1]) / 2)[inside]',
    '',
    '',
    `def binned(x, ${names}):`,
    `    return sum(gl_weight / 2 * model(x + gl_node * half, ${names}) for gl_node, gl_weight in zip(gl_nodes, gl_weights))`,
  ];
}
