// Makes sure the Debian packages that the tests and `npm start` need are present.
// As root it installs what is missing with apt-get; otherwise it says exactly what to run, because
// a silent failure deep inside code-server's install would be much harder to understand.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Each requirement: the Debian package and a file whose presence proves it is installed. */
interface Requirement {
  readonly pkg: string;
  readonly proof: string;
  readonly why: string;
  /** The test tiers (and `start` for npm start) that need it. */
  readonly for: readonly string[];
}

const E2E = ['e2e', 'start'];
// The snippet checks, and the demo's training job that `npm start` and the e2e tier run (`demo`:
// only what that job needs, for serve.ts).
const TORCH = ['unit', 'e2e', 'start', 'demo'];
// The service tier starts a real single-node Slurm with slurmrestd (test/support/slurmCluster.ts);
// the end-to-end tier too, for the spec editor's completion of the cluster's partitions.
const SLURM = ['protocol', 'e2e'];

const REQUIREMENTS: Requirement[] = [
  { pkg: 'chromium', proof: '/usr/bin/chromium', why: 'headless browser for the end-to-end tests', for: E2E },
  { pkg: 'libkrb5-dev', proof: '/usr/include/gssapi/gssapi.h', why: "headers for code-server's kerberos module", for: E2E },
  { pkg: 'pkg-config', proof: '/usr/bin/pkg-config', why: "code-server's native module build", for: E2E },
  { pkg: 'ripgrep', proof: '/usr/bin/rg', why: "seeds @vscode/ripgrep, whose own download cannot reach GitHub", for: E2E },
  { pkg: 'make', proof: '/usr/bin/make', why: 'node-gyp builds of code-server modules', for: E2E },
  { pkg: 'g++', proof: '/usr/bin/g++', why: 'node-gyp builds of code-server modules', for: E2E },
  {
    pkg: 'fonts-noto-cjk',
    proof: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
    why: 'Chinese text in the zh-cn end-to-end tests and screenshots',
    for: E2E,
  },
  { pkg: 'python3-torch', proof: '/usr/lib/python3/dist-packages/torch/__init__.py', why: 'PyTorch for the snippet tests and for the demo training job', for: TORCH },
  { pkg: 'libopenblas0-pthread', proof: `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/openblas-pthread/libblas.so.3`, why: "a fast BLAS for Debian's PyTorch (else a reference BLAS ~10x slower)", for: TORCH },
  { pkg: 'slurm-wlm', proof: '/usr/sbin/slurmctld', why: 'a real Slurm (slurmctld, slurmd, clients) for the job backend tests', for: SLURM },
  { pkg: 'munge', proof: '/usr/sbin/munged', why: "Slurm's authentication daemon", for: SLURM },
  { pkg: 'slurmrestd', proof: '/usr/sbin/slurmrestd', why: 'the slurm-rest backend tests', for: SLURM },
  { pkg: 'slurm-wlm-jwt-plugin', proof: `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/slurm-wlm/auth_jwt.so`, why: "JWT tokens for slurmrestd", for: SLURM },
  { pkg: 'slurmdbd', proof: '/usr/sbin/slurmdbd', why: "Slurm's accounting daemon, for the accounts and QOS tests", for: SLURM },
  { pkg: 'mariadb-server', proof: '/usr/sbin/mariadbd', why: "the database slurmdbd keeps accounting in", for: SLURM },
  { pkg: 'python3-yaml', proof: '/usr/lib/python3/dist-packages/yaml/__init__.py', why: 'the snippet tests parse the weaver data-config YAML', for: ['unit'] },
  { pkg: 'python3-numpy', proof: '/usr/lib/python3/dist-packages/numpy/__init__.py', why: "the data explorer's tests run the Python that Copy as Python writes", for: ['unit'] },
  { pkg: 'python3-onnx', proof: '/usr/lib/python3/dist-packages/onnx/__init__.py', why: "the recipe's test reads the shipped int8 model back into PyTorch (models/train/recover.py)", for: ['unit'] },
  { pkg: 'python3-iminuit', proof: '/usr/lib/python3/dist-packages/iminuit/__init__.py', why: "the data explorer's fits are checked against MINUIT, with the iminuit script that Copy as Python writes", for: ['unit'] },
  { pkg: 'python3-scipy', proof: '/usr/lib/python3/dist-packages/scipy/__init__.py', why: "the data explorer's TEfficiency intervals are checked against SciPy's distributions, with the scipy script that Copy as Python writes", for: ['unit'] },
  { pkg: 'python3-mpmath', proof: '/usr/lib/python3/dist-packages/mpmath/__init__.py', why: "the Landau density of the data explorer's fits is checked against its defining integral at high precision", for: ['unit'] },
  { pkg: 'python3-h5py', proof: '/usr/lib/python3/dist-packages/h5py/__init__.py', why: "the data explorer's tests run the h5py script that Copy as Python writes for HDF5", for: ['unit'] },
];

/**
 * The interpreter Debian's python3-torch belongs to. The python3 first on a login shell's PATH may be
 * another one (pyenv, conda base) without PyTorch, so `npm start` names this one in hai.jobs.python.
 */
export const DEBIAN_TORCH_PYTHON = '/usr/bin/python3';

/** Checks that DEBIAN_TORCH_PYTHON imports what the demo's train.py imports; throws what to do if not. */
export function checkTorchPython(): string {
  try {
    execFileSync(DEBIAN_TORCH_PYTHON, ['-c', 'import numpy, torch'], { stdio: 'pipe' });
  } catch (err) {
    const detail = String((err as { stderr?: Buffer }).stderr ?? err).trim().split('\n').pop();
    throw new Error(`${DEBIAN_TORCH_PYTHON} cannot import PyTorch (${detail}). Install it as root: sudo apt-get install -y python3-torch`);
  }
  return DEBIAN_TORCH_PYTHON;
}

/** What is missing for these uses (tiers, or `start`); all uses when none are named. */
export function missingPackages(uses: readonly string[] = []): Requirement[] {
  return REQUIREMENTS.filter((r) => (uses.length === 0 || r.for.some((u) => uses.includes(u))) && !existsSync(r.proof));
}

export function ensureSystemDeps(uses: readonly string[] = [], log: (line: string) => void = console.log): void {
  const missing = missingPackages(uses);
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
  const still = missingPackages(uses);
  if (still.length > 0) {
    throw new Error(`apt-get finished but these are still missing: ${still.map((m) => m.pkg).join(', ')}`);
  }
}

if (require.main === module) {
  try {
    ensureSystemDeps(process.argv.slice(2));
    console.log('[deps] system packages present');
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err));
    process.exit(1);
  }
}
