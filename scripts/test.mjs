// The README's test command (`npm test`). On a clean clone it installs what it needs (npm packages,
// Debian packages as root, code-server into .cache/), builds and packages the extension, then runs
// the three tiers, each printing `<tier>: N passed, N failed`, and a summary with wall times.
// `node scripts/test.mjs unit protocol` runs only the named tiers.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIERS = {
  unit: ['core/**/*.test.ts', 'server/**/*.test.ts', 'extension/**/*.test.ts', 'test/architecture/**/*.test.ts', 'bench/**/*.test.ts', 'models/**/*.test.ts', 'test/grammar/**/*.test.ts'],
  protocol: ['test/lsp/**/*.test.ts', 'test/package/**/*.test.ts', 'test/hub/**/*.test.ts', 'test/jobs/**/*.test.ts'],
  e2e: ['test/e2e/**/*.test.ts'],
};

const requested = process.argv.slice(2);
for (const name of requested) {
  if (!(name in TIERS)) {
    console.error(`Unknown tier "${name}". Tiers: ${Object.keys(TIERS).join(', ')}`);
    process.exit(2);
  }
}
const tiers = requested.length > 0 ? requested : Object.keys(TIERS);

function run(cmd, args, extraEnv = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  return { ok: result.status === 0, seconds: (Date.now() - started) / 1000 };
}

function step(title, cmd, args) {
  console.log(`\n=== ${title} ===`);
  const r = run(cmd, args);
  if (!r.ok) {
    console.error(`\n${title} failed; no tests were run.`);
    process.exit(1);
  }
  console.log(`(${title}: ${r.seconds.toFixed(1)} s)`);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

if (!existsSync(bin('mocha')) || !existsSync(bin('tsx'))) {
  step('install npm packages', npm, ['ci', '--no-audit', '--no-fund']);
}
// Debian packages: PyTorch for the unit tier's snippet checks, Chromium and build tools for e2e.
step('system packages', bin('tsx'), ['scripts/systemDeps.ts', ...tiers]);
// Lint, type check, production bundles and the .vsix: the protocol and e2e tiers test the package.
step('build and package', npm, ['run', 'package']);
if (tiers.includes('e2e')) {
  step('code-server', bin('tsx'), ['scripts/codeServer.ts']);
}

const summary = [];
for (const tier of tiers) {
  console.log(`\n=== ${tier} tier ===`);
  const r = run(bin('mocha'), [...TIERS[tier]], { HAI_TEST_TIER: tier });
  summary.push({ tier, ok: r.ok, seconds: r.seconds });
}

console.log('\n=== summary ===');
for (const s of summary) console.log(`${s.tier.padEnd(9)} ${s.ok ? 'ok    ' : 'FAILED'} ${s.seconds.toFixed(1)} s`);
process.exit(summary.every((s) => s.ok) ? 0 : 1);
