// Installs code-server (a full VS Code build that runs on Node 20) into the cache folder on demand,
// so that it is not a dependency of every `npm install`. The three fixes below are each needed on
// an offline Debian machine; see docs/ARCHITECTURE.md ("End-to-end tier").
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CACHE_DIR, CODE_SERVER_VERSION } from './paths';
import { ensureSystemDeps } from './systemDeps';

const INSTALL_DIR = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
const MARKER = path.join(INSTALL_DIR, '.installed');
export const CODE_SERVER_BIN = path.join(INSTALL_DIR, 'node_modules', '.bin', 'code-server');

// @vscode/ripgrep's postinstall looks for this archive before trying GitHub.
const RIPGREP_CACHE = path.join(
  os.tmpdir(),
  'vscode-ripgrep-cache-1.15.11',
  'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz',
);

function seedRipgrepCache(): void {
  if (existsSync(RIPGREP_CACHE)) return;
  mkdirSync(path.dirname(RIPGREP_CACHE), { recursive: true });
  const staging = mkdtempSync(path.join(os.tmpdir(), 'hai-rg-'));
  try {
    copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
    execFileSync('tar', ['-czf', RIPGREP_CACHE, '-C', staging, 'rg']);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function ensureCodeServer(log: (line: string) => void = console.log): string {
  if (existsSync(MARKER) && existsSync(CODE_SERVER_BIN)) return CODE_SERVER_BIN;
  // What code-server and the demo need (`start`); a tier's own packages (the e2e tier's Slurm) come
  // from the test plan's system-packages step, not from every `npm start`.
  ensureSystemDeps(['start'], log);
  seedRipgrepCache();
  mkdirSync(INSTALL_DIR, { recursive: true });
  // A package.json of its own keeps npm from walking up into the project's.
  writeFileSync(
    path.join(INSTALL_DIR, 'package.json'),
    JSON.stringify({ name: 'hai-code-server-cache', private: true }, null, 2),
  );
  log(`[code-server] installing ${CODE_SERVER_VERSION} into ${INSTALL_DIR} (about 2 minutes, once)`);
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--unsafe-perm', `code-server@${CODE_SERVER_VERSION}`],
    // node-pty's post-install runs `npx node-gyp`, which would stop at a prompt without this.
    { cwd: INSTALL_DIR, stdio: 'inherit', env: { ...process.env, npm_config_yes: 'true' } },
  );
  const version = execFileSync(CODE_SERVER_BIN, ['--version'], { encoding: 'utf8' });
  if (!version.includes(CODE_SERVER_VERSION)) {
    throw new Error(`code-server reports version "${version.trim()}", expected ${CODE_SERVER_VERSION}`);
  }
  writeFileSync(MARKER, version);
  return CODE_SERVER_BIN;
}

if (require.main === module) {
  console.log(ensureCodeServer());
}
