// Makes sure the Debian packages that the end-to-end tier and `npm start` need are present.
// As root it installs what is missing with apt-get; otherwise it says exactly what to run, because
// a silent failure deep inside code-server's install would be much harder to understand.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Each requirement: the Debian package and a file whose presence proves it is installed. */
const REQUIREMENTS = [
  { pkg: 'chromium', proof: '/usr/bin/chromium', why: 'headless browser for the end-to-end tests' },
  { pkg: 'libkrb5-dev', proof: '/usr/include/gssapi/gssapi.h', why: "headers for code-server's kerberos module" },
  { pkg: 'pkg-config', proof: '/usr/bin/pkg-config', why: "code-server's native module build" },
  { pkg: 'ripgrep', proof: '/usr/bin/rg', why: "seeds @vscode/ripgrep, whose own download cannot reach GitHub" },
  { pkg: 'make', proof: '/usr/bin/make', why: 'node-gyp builds of code-server modules' },
  { pkg: 'g++', proof: '/usr/bin/g++', why: 'node-gyp builds of code-server modules' },
  {
    pkg: 'fonts-noto-cjk',
    proof: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    why: 'Chinese text in the zh-cn end-to-end tests and screenshots',
  },
];

export function missingPackages(): typeof REQUIREMENTS {
  return REQUIREMENTS.filter((r) => !existsSync(r.proof));
}

export function ensureSystemDeps(log: (line: string) => void = console.log): void {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const names = missing.map((m) => m.pkg);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    const lines = missing.map((m) => `  ${m.pkg}: ${m.why}`).join('\n');
    throw new Error(
      `Missing system packages:\n${lines}\nInstall them as root and run again:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${names.join(' ')}`,
    );
  }
  log(`[deps] installing Debian packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', ...names], { stdio: 'inherit', env });
  const still = missingPackages();
  if (still.length > 0) {
    throw new Error(`apt-get finished but these are still missing: ${still.map((m) => m.pkg).join(', ')}`);
  }
}

if (require.main === module) {
  try {
    ensureSystemDeps();
    console.log('[deps] system packages present');
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err));
    process.exit(1);
  }
}
