// A real single-node Slurm 22.05 with slurmrestd, started for the tests on 127.0.0.1 (the recipe of
// the team's notes, as code): munged, slurmctld, slurmd with two fake GPUs (mknod copies of
// /dev/null, which slurmd accepts as devices), slurmrestd with JWT. Needs root, Debian's slurm-wlm,
// munge, slurmrestd and slurm-wlm-jwt-plugin (scripts/systemDeps.ts installs them for the tier).
// It writes /etc/slurm (clients find their config there without SLURM_CONF) and state under ROOT.
// With `accounting`, also MariaDB and slurmdbd with a site's accounts and QOS (slurmAccountingDb.ts),
// enforced, a second partition "long", and slurmrestd's accounting API (openapi/dbv0.0.38).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { accountingAvailable, accountingConfig, SlurmAccountingDb, stopProcess } from './slurmAccountingDb';
import { until } from './until';

export const SLURM_ROOT = '/tmp/hai-slurm';
export const REST_PORT = 6820;
export const JOB_USER = 'alice';

function sh(file: string, args: readonly string[]): string {
  return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function trySh(file: string, args: readonly string[]): string | undefined {
  try {
    return sh(file, args);
  } catch {
    return undefined;
  }
}

function ensureUser(name: string, system: boolean): void {
  if (trySh('id', ['-u', name]) !== undefined) return;
  sh('useradd', system ? ['-r', '-M', '-s', '/usr/sbin/nologin', name] : ['-m', name]);
}

function idOf(name: string): { uid: number; gid: number } {
  return { uid: Number(sh('id', ['-u', name]).trim()), gid: Number(sh('id', ['-g', name]).trim()) };
}

function config(host: string, s: string, accounting: boolean): string {
  return [
    'ClusterName=hai-test',
    `SlurmctldHost=${host}(127.0.0.1)`,
    'SlurmUser=slurm',
    'SlurmdUser=root',
    'SlurmctldPort=6817',
    'SlurmdPort=6818',
    'AuthType=auth/munge',
    'CredType=cred/munge',
    'AuthAltTypes=auth/jwt',
    `AuthAltParameters=jwt_key=${s}/jwt_hs256.key`,
    `StateSaveLocation=${s}/state`,
    `SlurmdSpoolDir=${s}/spool`,
    `SlurmctldPidFile=${s}/slurmctld.pid`,
    `SlurmdPidFile=${s}/slurmd.pid`,
    `SlurmctldLogFile=${s}/log/slurmctld.log`,
    `SlurmdLogFile=${s}/log/slurmd.log`,
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core_Memory',
    'DefMemPerCPU=1000',
    'SchedulerType=sched/backfill',
    'GresTypes=gpu',
    'MpiDefault=none',
    'MailProg=/bin/true',
    'ReturnToService=2',
    'MinJobAge=300',
    'JobCompType=jobcomp/filetxt',
    `JobCompLoc=${s}/log/jobcomp.txt`,
    'JobAcctGatherType=jobacct_gather/none',
    ...(accounting ? accountingConfig() : ['AccountingStorageType=accounting_storage/none']),
    `NodeName=${host} NodeAddr=127.0.0.1 CPUs=${os.cpus().length} RealMemory=4000 Gres=gpu:2 State=UNKNOWN`,
    'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
    ...(accounting ? ['PartitionName=long Nodes=ALL MaxTime=2-00:00:00 State=UP'] : []),
    '',
  ].join('\n');
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class SlurmCluster {
  private ctld: ChildProcess | undefined;
  private slurmd: ChildProcess | undefined;
  private rest: ChildProcess | undefined;
  readonly host = os.hostname();
  private startedMunge = false;
  readonly restUrl = `http://127.0.0.1:${REST_PORT}`;

  /** MariaDB and slurmdbd, when the cluster keeps accounting. */
  readonly accountingDb: SlurmAccountingDb | undefined;

  private constructor(accounting: boolean) {
    this.accountingDb = accounting ? new SlurmAccountingDb() : undefined;
  }

  static available(options: { accounting?: boolean } = {}): string | undefined {
    if (process.getuid?.() !== 0) return 'the Slurm tests need root (slurmd runs jobs as their users)';
    for (const f of ['/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/sbin/slurmrestd', '/usr/sbin/munged']) if (!existsSync(f)) return `${f} is missing`;
    return options.accounting ? accountingAvailable() : undefined;
  }

  static async start(options: { accounting?: boolean } = {}): Promise<SlurmCluster> {
    const missing = SlurmCluster.available(options);
    if (missing) throw new Error(`Cannot start Slurm: ${missing}`);
    const c = new SlurmCluster(!!options.accounting);
    try {
      await c.startAll();
    } catch (err) {
      await c.stop();
      throw err;
    }
    return c;
  }

  private async startAll(): Promise<void> {
    const s = SLURM_ROOT;
    ensureUser('slurmrest', true);
    ensureUser(JOB_USER, false);
    rmSync(s, { recursive: true, force: true });
    for (const d of ['state', 'spool', 'log', 'jobs', 'fakegpu']) mkdirSync(path.join(s, d), { recursive: true });
    const slurm = idOf('slurm');
    for (const d of ['state', 'log']) chownSync(path.join(s, d), slurm.uid, slurm.gid);
    const alice = idOf(JOB_USER);
    mkdirSync(path.join(s, 'jobs', JOB_USER), { recursive: true });
    chownSync(path.join(s, 'jobs', JOB_USER), alice.uid, alice.gid);
    chmodSync(path.join(s, 'jobs'), 0o755);
    writeFileSync(path.join(s, 'jwt_hs256.key'), Buffer.from(Array.from({ length: 32 }, () => Math.floor(Math.random() * 256))));
    chownSync(path.join(s, 'jwt_hs256.key'), slurm.uid, slurm.gid);
    chmodSync(path.join(s, 'jwt_hs256.key'), 0o600);
    for (const n of [0, 1]) sh('mknod', ['-m', '666', path.join(s, 'fakegpu', `nvidia${n}`), 'c', '1', '3']);
    mkdirSync('/etc/slurm', { recursive: true });
    writeFileSync('/etc/slurm/slurm.conf', config(this.host, s, !!this.accountingDb));
    writeFileSync('/etc/slurm/gres.conf', `NodeName=${this.host} Name=gpu File=${s}/fakegpu/nvidia[0-1]\n`);

    // munged daemonizes itself; one may be running from an earlier run.
    if (!this.mungeRunning()) {
      this.startedMunge = true;
      const munge = idOf('munge');
      mkdirSync('/run/munge', { recursive: true });
      chownSync('/run/munge', munge.uid, munge.gid);
      chmodSync('/run/munge', 0o755);
      sh('setpriv', ['--reuid=munge', '--regid=munge', '--init-groups', '/usr/sbin/munged']);
    }
    if (this.accountingDb) {
      // slurmctld registers with slurmdbd as it starts: the database and its accounts come first.
      await this.accountingDb.start(s, path.join(s, 'jwt_hs256.key'));
      this.accountingDb.setUp('hai-test', { jobUser: JOB_USER });
    }
    await this.startController();
    this.slurmd = spawn('/usr/sbin/slurmd', ['-D'], { stdio: 'ignore' });
    // One line per partition the node is in.
    const idle = (): boolean => (trySh('sinfo', ['-h', '-N', '-o', '%t']) ?? '').trim().split('\n').every((state) => state.trim() === 'idle');
    await until(async () => (idle() ? true : undefined), 'the node is idle', 20_000);
    this.rest = spawn('/usr/sbin/slurmrestd', ['-u', 'slurmrest', '-g', 'slurmrest', '-a', 'rest_auth/jwt', '-s', this.accountingDb ? 'openapi/v0.0.38,openapi/dbv0.0.38' : 'openapi/v0.0.38', `127.0.0.1:${REST_PORT}`], {
      stdio: 'ignore',
      env: { ...process.env, SLURM_JWT: 'daemon' },
    });
    await until(async () => ((await portOpen(REST_PORT)) ? true : undefined), 'slurmrestd listens', 20_000);
  }

  private mungeRunning(): boolean {
    try {
      const pid = Number(readFileSync('/run/munge/munged.pid', 'utf8').trim());
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Starts slurmctld. `clearState` starts it without its saved state (-c): it has forgotten every
   * job, as it does each finished job MinJobAge after its end, while slurmdbd keeps their records.
   */
  async startController(options: { clearState?: boolean } = {}): Promise<void> {
    this.ctld = spawn('/usr/sbin/slurmctld', ['-D', ...(options.clearState ? ['-c'] : [])], { stdio: 'ignore' });
    await until(async () => (/UP/.test(trySh('scontrol', ['ping']) ?? '') ? true : undefined), 'slurmctld answers ping', 20_000);
  }

  async stopController(): Promise<void> {
    await stopProcess(this.ctld);
    this.ctld = undefined;
  }

  /** A JWT for a user, as `scontrol token` issues it. */
  token(user: string, lifespanSeconds = 3600): string {
    const out = sh('scontrol', ['token', `username=${user}`, `lifespan=${lifespanSeconds}`]);
    const m = /SLURM_JWT=(\S+)/.exec(out);
    if (!m) throw new Error(`scontrol token printed no token: ${out}`);
    return m[1];
  }

  async stop(): Promise<void> {
    trySh('scancel', ['--user=root']);
    trySh('scancel', [`--user=${JOB_USER}`]);
    await stopProcess(this.rest);
    await stopProcess(this.slurmd);
    await stopProcess(this.ctld);
    await this.accountingDb?.stop();
    // Leftover job steps, if any, would keep the fake GPUs "in use" for the next start.
    trySh('pkill', ['-f', 'slurmstepd']);
    if (this.startedMunge) {
      try {
        const pid = Number(readFileSync('/run/munge/munged.pid', 'utf8').trim());
        process.kill(pid, 'SIGTERM');
        for (let i = 0; i < 100; i++) {
          process.kill(pid, 0);
          await new Promise((r) => setTimeout(r, 100));
        }
      } catch {
        // Gone.
      }
    }
  }
}
