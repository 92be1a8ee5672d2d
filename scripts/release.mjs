// `npm run release`: from a clean build, the unit tier, then one .vsix per platform in release/, each
// checked for what it must and may hold and against its size budget (scripts/vsixContents.mjs), the
// host's package installed into code-server, and release/release.json with sizes and SHA-256 sums.
// Any problem stops the command with a non-zero exit and says which package and what.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageTarget } from './package.mjs';
import { hostTarget } from './stageNative.mjs';
import {
  committedDemoFiles,
  manifestProblems,
  mib,
  readVsix,
  SIZE_BUDGET,
  TARGETS,
  vsixProblems,
} from './vsixContents.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'release');
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function step(title, fn) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const result = await fn();
  console.log(`(${title}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

function fail(message) {
  console.error(`\nRelease stopped: ${message}`);
  process.exit(1);
}

const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const problems = manifestProblems(manifest);
if (problems.length > 0) fail(`the manifest is not publishable:\n  ${problems.join('\n  ')}`);
if (!manifest.repository) {
  console.warn('Note: package.json has no "repository": the marketplaces will show no source link.');
}

await step('clean build', () => {
  rmSync(path.join(ROOT, 'dist'), { recursive: true, force: true });
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  run(npm, ['run', 'lint']);
  run(npm, ['run', 'typecheck']);
});

await step('unit tier', () => {
  try {
    run(process.execPath, ['scripts/test.mjs', 'unit', '--no-package']);
  } catch {
    fail('the unit tier failed (its output is above).');
  }
});

// The host's platform last, so that dist/ is left built for this machine.
const host = hostTarget();
const targets = [...TARGETS.filter((t) => t !== host), ...TARGETS.filter((t) => t === host)];
const demoFiles = committedDemoFiles(ROOT);
const packages = [];
for (const target of targets) {
  const file = `${manifest.name}-${manifest.version}-${target}.vsix`;
  await step(`package ${target}`, async () => {
    packageTarget(target, path.join('release', file));
    const full = path.join(OUT, file);
    const bytes = statSync(full).size;
    const { entries, vsixManifest } = await readVsix(full);
    const found = vsixProblems({ target, entries, vsixManifest, demoFiles, bytes });
    if (found.length > 0) fail(`${file}:\n  ${found.join('\n  ')}`);
    const sha256 = createHash('sha256').update(readFileSync(full)).digest('hex');
    packages.push({ target, file, bytes, sha256, budgetBytes: SIZE_BUDGET[target], files: entries.length });
    console.log(`${file}: ${mib(bytes)} (budget ${mib(SIZE_BUDGET[target])}), ${entries.length} files, OK`);
  });
}

const hostPackage = packages.find((p) => p.target === host);
if (hostPackage) {
  await step(`install ${hostPackage.file} into code-server`, () => installCheck(path.join(OUT, hostPackage.file)));
}

const release = {
  name: `${manifest.publisher}.${manifest.name}`,
  version: manifest.version,
  vscode: manifest.engines.vscode,
  commit: git('rev-parse', 'HEAD'),
  // Packages built from a tree with uncommitted changes are not what the commit says.
  dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
  builtAt: new Date().toISOString(),
  packages: packages.sort((a, b) => TARGETS.indexOf(a.target) - TARGETS.indexOf(b.target)),
};
const tmp = path.join(OUT, `.release.json.${process.pid}`);
writeFileSync(tmp, `${JSON.stringify(release, null, 2)}\n`);
renameSync(tmp, path.join(OUT, 'release.json'));

console.log('\n=== release ===');
for (const p of release.packages) console.log(`${p.file.padEnd(32)} ${mib(p.bytes).padStart(9)}  sha256 ${p.sha256}`);
console.log(`release/release.json written${release.dirty ? ' (from a tree with uncommitted changes)' : ''}.`);

/**
 * Installs the package as a user of code-server would and asks code-server which extensions it now
 * has: a manifest code-server rejects, or a package for another platform, fails here.
 */
function installCheck(vsix) {
  let codeServer;
  try {
    codeServer = execFileSync(bin('tsx'), ['scripts/codeServer.ts'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop();
  } catch {
    fail('code-server could not be installed to check the package (see above); `npm test` installs it the same way.');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-release-'));
  try {
    const dirs = ['--user-data-dir', path.join(dir, 'user'), '--extensions-dir', path.join(dir, 'extensions')];
    execFileSync(codeServer, [...dirs, '--install-extension', vsix], { stdio: 'pipe' });
    const listed = execFileSync(codeServer, [...dirs, '--list-extensions', '--show-versions'], { encoding: 'utf8' });
    const want = `${manifest.publisher}.${manifest.name}@${manifest.version}`;
    if (!listed.split('\n').some((l) => l.trim() === want)) fail(`code-server lists ${JSON.stringify(listed.trim())}, not ${want}`);
    console.log(`code-server ${path.basename(path.dirname(path.dirname(path.dirname(codeServer))))} installed ${want}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
