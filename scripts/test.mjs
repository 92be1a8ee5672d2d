// The README's test command (`npm test`). On a clean clone it installs what it needs (npm packages,
// Debian packages as root, code-server into .cache/), builds and packages the extension, then runs
// the three tiers, each printing `<tier>: N passed, N failed`, and a summary with wall times.
// `node scripts/test.mjs unit protocol` runs only the named tiers; `npm run test:unit`
// (`unit --no-package`) runs the unit tier at once, without packaging or Debian packages.
// What runs is decided in testPlan.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { planRun, ROOT, TIERS } from './testPlan.mjs';

const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

let plan;
try {
  plan = planRun(process.argv.slice(2), { npmPackages: existsSync(bin('mocha')) && existsSync(bin('tsx')) });
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}

function run(cmd, args, extraEnv = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

for (const step of plan.steps) {
  console.log(`\n=== ${step.title} ===`);
  const r = run(step.cmd, step.args);
  if (!r.ok) {
    console.error(`\n${step.title} failed; no tests were run.`);
    process.exit(1);
  }
  console.log(`(${step.title}: ${r.seconds.toFixed(1)} s)`);
}

const summary = [];
for (const tier of plan.tiers) {
  console.log(`\n=== ${tier} tier ===`);
  const r = run(bin('mocha'), [...TIERS[tier]], { HAI_TEST_TIER: tier });
  summary.push({ tier, ok: r.ok, seconds: r.seconds });
}

console.log('\n=== summary ===');
for (const s of summary) console.log(`${s.tier.padEnd(9)} ${s.ok ? 'ok    ' : 'FAILED'} ${s.seconds.toFixed(1)} s`);
process.exit(summary.every((s) => s.ok) ? 0 : 1);
