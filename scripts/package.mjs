// `npm run package`: a production build and a platform-specific .vsix for this machine (hai.vsix),
// or, with `--all`, hai-<target>.vsix for every target we ship. `npm run release` uses packageTarget.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hostTarget, TARGETS } from './stageNative.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });

/** Builds the production bundles for `target` and packages them into `out` (relative to the root). */
export function packageTarget(target, out) {
  run(process.execPath, ['esbuild.config.mjs', '--production', `--target=${target}`]);
  // The licences of what this build ships, from the packages themselves (ThirdPartyNotices.txt).
  run(process.execPath, ['scripts/thirdPartyNotices.mjs']);
  // vsce validates the manifest as the Marketplace does; the repository URL is the team's to give.
  run(bin('vsce'), [
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--readme-path', 'docs/extension-readme.md',
    '--target', target,
    '--out', out,
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const all = process.argv.includes('--all');
  for (const target of all ? TARGETS : [hostTarget()]) packageTarget(target, all ? `hai-${target}.vsix` : 'hai.vsix');
}
