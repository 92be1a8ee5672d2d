// What `node scripts/test.mjs` will do, decided apart from doing it, so that a unit test can check
// that `npm test` prepares everything on a clean clone and that `npm run test:unit` prepares nothing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The mocha globs of each tier. */
export const TIERS = {
  unit: [
    'core/**/*.test.ts',
    'server/**/*.test.ts',
    'extension/**/*.test.ts',
    'webviews/**/*.test.ts',
    'test/architecture/**/*.test.ts',
    'bench/**/*.test.ts',
    'models/**/*.test.ts',
    'test/grammar/**/*.test.ts',
  ],
  protocol: ['test/lsp/**/*.test.ts', 'test/package/**/*.test.ts', 'test/hub/**/*.test.ts', 'test/jobs/**/*.test.ts'],
  e2e: ['test/e2e/**/*.test.ts'],
};

/**
 * `--no-package` is the contributor's loop: the unit tier needs neither the .vsix nor code-server,
 * and a contributor installs Debian packages once, on purpose, rather than on every run.
 */
const FLAGS = ['--no-package'];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);

/**
 * The steps before the tests and the tiers to run. `installed.npmPackages`: whether mocha and tsx
 * are in node_modules already. Throws with the accepted words when an argument is unknown.
 */
export function planRun(argv, installed) {
  const flags = argv.filter((a) => a.startsWith('--'));
  const names = argv.filter((a) => !a.startsWith('--'));
  for (const flag of flags) {
    if (!FLAGS.includes(flag)) throw new Error(`Unknown option "${flag}". Options: ${FLAGS.join(', ')}`);
  }
  for (const name of names) {
    if (!(name in TIERS)) throw new Error(`Unknown tier "${name}". Tiers: ${Object.keys(TIERS).join(', ')}`);
  }
  const tiers = names.length > 0 ? names : Object.keys(TIERS);
  const noPackage = flags.includes('--no-package');
  if (noPackage && tiers.some((t) => t !== 'unit')) {
    throw new Error('--no-package runs the unit tier only: the protocol and e2e tiers test the packaged extension.');
  }
  const steps = [];
  if (!installed.npmPackages) steps.push({ title: 'install npm packages', cmd: npm, args: ['ci', '--no-audit', '--no-fund'] });
  if (!noPackage) {
    // Debian packages: PyTorch for the unit tier's snippet checks, Chromium and build tools for e2e.
    steps.push({ title: 'system packages', cmd: bin('tsx'), args: ['scripts/systemDeps.ts', ...tiers] });
    // Lint, type check, production bundles and the .vsix: the protocol and e2e tiers test the package.
    steps.push({ title: 'build and package', cmd: npm, args: ['run', 'package'] });
    if (tiers.includes('e2e')) steps.push({ title: 'code-server', cmd: bin('tsx'), args: ['scripts/codeServer.ts'] });
  }
  return { tiers, steps };
}
