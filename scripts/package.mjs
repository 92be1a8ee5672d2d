// `npm run package`: a production build and a platform-specific .vsix for this machine (hai.vsix),
// or, with `--all`, hai-<target>.vsix for every target we ship.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostTarget, TARGETS } from './stageNative.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });

const all = process.argv.includes('--all');
const targets = all ? TARGETS : [hostTarget()];
for (const target of targets) {
  run(process.execPath, ['esbuild.config.mjs', '--production', `--target=${target}`]);
  // The licences of what this build ships, from the packages themselves (ThirdPartyNotices.txt).
  run(process.execPath, ['scripts/thirdPartyNotices.mjs']);
  const out = all ? `hai-${target}.vsix` : 'hai.vsix';
  run(bin('vsce'), [
    'package',
    '--no-dependencies',
    '--skip-license',
    '--allow-missing-repository',
    '--readme-path', 'docs/extension-readme.md',
    '--target', target,
    '--out', out,
  ]);
}
