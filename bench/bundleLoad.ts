// How long Node takes to evaluate dist/extension.js (what VS Code counts before activate() runs),
// median of fresh processes, optionally against another build of it (`--baseline path`), run
// alternately in the same session. Prints JSON.
// Run: npm run package && npm run bench:load [-- --runs 9 --baseline /path/to/old/extension.js]
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../scripts/paths';
import { arg } from './lspSession';

const CHILD = path.join(__dirname, 'bundleLoadChild.cjs');
const TYPES = path.join(ROOT, 'node_modules', '@types', 'vscode', 'index.d.ts');

function loadOnce(bundle: string): number {
  return (JSON.parse(execFileSync(process.execPath, [CHILD, bundle, TYPES], { encoding: 'utf8' })) as { ms: number }).ms;
}

function main(): void {
  const runs = Number(arg('runs', '9'));
  const bundles = { current: path.join(ROOT, 'dist', 'extension.js'), ...(arg('baseline', '') ? { baseline: path.resolve(arg('baseline', '')) } : {}) };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(bundles).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) for (const [name, file] of Object.entries(bundles)) samples[name].push(loadOnce(file));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const round = (x: number) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify(
      {
        bench: 'bundleLoad',
        machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.versions.node}`,
        runs,
        medianMs: Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, round(median(xs))])),
        bytes: Object.fromEntries(Object.entries(bundles).map(([k, f]) => [k, statSync(f).size])),
        samples: Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, xs.map(round)])),
      },
      null,
      2,
    ),
  );
}

main();
