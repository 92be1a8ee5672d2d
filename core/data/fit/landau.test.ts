// The Landau density against its definition, φ(λ) = (1/π) ∫₀^∞ exp(−t ln t − λt) sin(πt) dt,
// integrated by mpmath (python3-mpmath) at 30 to 90 digits over unit steps of t — the cancellation
// that makes that integral useless in doubles is harmless there —, and the NumPy helper that Copy as
// Python writes against HAI's values.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { PYTHON } from '../../testing/fitHistograms';
import { PYTHON_HELPERS } from './fitPython';
import { integrate, landau, landauWithSlope } from './landau';

/** φ(λ) and φ′(λ) by mpmath, each λ with the digits and the reach in t its cancellation needs. */
function definition(points: readonly [number, number, number][]): [number, number][] {
  const script = [
    'import json, sys',
    'import mpmath as mp',
    'out = []',
    'for lam, dps, reach in json.loads(sys.argv[1]):',
    '    mp.mp.dps = dps',
    '    l = mp.mpf(lam)',
    '    f = lambda t: mp.exp(-t * mp.log(t) - l * t) * mp.sin(mp.pi * t) if t > 0 else mp.mpf(0)',
    '    cuts = [mp.mpf(k) * reach / 64 for k in range(65)]',
    '    phi = mp.quad(f, cuts) / mp.pi',
    '    slope = -mp.quad(lambda t: t * f(t), cuts) / mp.pi',
    '    out.append([float(phi), float(slope)])',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync(PYTHON, ['-c', script, JSON.stringify(points)], { encoding: 'utf8', timeout: 120_000 })) as [number, number][];
}

describe('The Landau density', function () {
  this.timeout(180_000);

  it('is the defining integral, from the far left tail to the far right, with its slope', () => {
    // [λ, digits, t reached]: left of the peak the integrand grows to e^(e^(−λ−1)) before it falls.
    const points: [number, number, number][] = [
      [-5, 90, 256],
      [-4, 60, 128],
      [-3, 40, 64],
      [-1.5, 30, 64],
      [-0.22278298, 30, 64],
      [0, 30, 64],
      [0.7, 30, 64],
      [3.3, 30, 32],
      [9.99, 30, 16],
      [19.999, 30, 8],
      [20.001, 30, 8],
      [150, 30, 1],
      [4321, 30, 0.05],
    ];
    const reference = definition(points);
    points.forEach(([lambda], i) => {
      const [phi, slope] = reference[i];
      for (const [name, [ours, ourSlope]] of [['table', landauWithSlope(lambda)], ['integral', integrate(lambda)]] as const) {
        assert.ok(Math.abs(ours / phi - 1) < 1e-9, `${name} φ(${lambda}) = ${ours}, the definition ${phi}`);
        assert.ok(Math.abs(ourSlope - slope) < 1e-7 * Math.abs(slope) + 1e-8 * phi, `${name} φ′(${lambda}) = ${ourSlope}, the definition ${slope}`);
      }
    });
  });

  it('peaks at −0.22278 at 0.18066, holds all its probability and falls as 1/λ²', () => {
    let top = -1;
    for (let l = -0.3; l <= -0.15; l += 1e-5) if (landau(l) > landau(top)) top = l;
    assert.ok(Math.abs(top + 0.22278) < 2e-5, `peak at ${top}`);
    assert.ok(Math.abs(landau(top) - 0.180656) < 1e-6, `peak ${landau(top)}`);
    // ∫ φ over [−7, 1000] by Simpson's rule in steps of 0.001, plus the tail beyond: ∫ 1/λ² = 1/1000.
    const h = 1e-3;
    const n = Math.round(1007 / h);
    let sum = landau(-7) + landau(1000);
    for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * landau(-7 + i * h);
    const total = (sum * h) / 3 + 1e-3;
    assert.ok(Math.abs(total - 1) < 2e-5, `total probability ${total}`);
    for (const l of [1e5, 1e7, 1e9, 1e12]) assert.ok(Math.abs(l * l * landau(l) - 1) < 3e-4, `λ² φ(λ) at ${l}: ${l * l * landau(l)}`);
    assert.deepEqual(landauWithSlope(-7.5), [0, 0]);
    assert.deepEqual(landauWithSlope(Number.NaN), [0, 0]);
  });

  it('is what the Python that Copy as Python writes computes', () => {
    const at = [-6.5, -4, -2.37, -0.5, 0, 1.234, 9.995, 10.01, 19.99, 20.5, 77, 1234.5, 1e6, 9.9e7, 3e8, -9];
    const script = [...PYTHON_HELPERS.landau, '', 'import json, sys', 'import numpy as np', 'print(json.dumps([float(v) for v in landau(np.array(json.loads(sys.argv[1])))]))'].join('\n');
    const python = JSON.parse(execFileSync(PYTHON, ['-c', `import numpy as np\n${script}`, JSON.stringify(at)], { encoding: 'utf8' })) as number[];
    at.forEach((l, i) => {
      const ours = landau(l);
      assert.ok(ours === 0 ? python[i] === 0 : Math.abs(python[i] / ours - 1) < 1e-9, `φ(${l}): ${ours} here, ${python[i]} in Python`);
    });
  });
});
