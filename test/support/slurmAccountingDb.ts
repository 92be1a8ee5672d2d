// Slurm's accounting for the test cluster: MariaDB and slurmdbd on 127.0.0.1 (the team's notes' recipe,
// as code), with accounts, QOS and users as a site would have them. Needs root and Debian's slurmdbd
// and mariadb-server (scripts/systemDeps.ts installs them for the tiers that start Slurm).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import * as path from 'node:path';
import { until } from './until';

export const DBD_PORT = 6819;
const MYSQL_PORT = 3306;

function sh(file: string, args: readonly string[]): string {
  return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function ok(file: string, args: readonly string[]): boolean {
  try {
    sh(file, args);
    return true;
  } catch {
    return false;
  }
}

/** The lines slurm.conf needs to send its records to this slurmdbd and enforce the associations. */
export function accountingConfig(): string[] {
  return [
    'AccountingStorageType=accounting_storage/slurmdbd',
    'AccountingStorageHost=127.0.0.1',
    `AccountingStoragePort=${DBD_PORT}`,
    // A job must name an account and QOS the user has, as on IHEP's clusters.
    'AccountingStorageEnforce=associations,limits,qos',
  ];
}

export function accountingAvailable(): string | undefined {
  for (const f of ['/usr/sbin/slurmdbd', '/usr/sbin/mariadbd', '/usr/bin/mariadb-install-db']) if (!existsSync(f)) return `${f} is missing`;
  return undefined;
}

export class SlurmAccountingDb {
  private mariadb: ChildProcess | undefined;
  private dbd: ChildProcess | undefined;

  /** Starts MariaDB and slurmdbd under `root` (the cluster's state folder) for the cluster `cluster`. */
  async start(root: string, jwtKey: string): Promise<void> {
    const data = path.join(root, 'mysql');
    const socket = path.join(data, 'mysqld.sock');
    mkdirSync(data, { recursive: true });
    chownSync(data, Number(sh('id', ['-u', 'mysql'])), Number(sh('id', ['-g', 'mysql'])));
    sh('mariadb-install-db', ['--user=mysql', `--datadir=${path.join(data, 'data')}`, '--auth-root-authentication-method=socket', '--skip-test-db']);
    this.mariadb = spawn(
      '/usr/sbin/mariadbd',
      ['--user=mysql', `--datadir=${path.join(data, 'data')}`, `--socket=${socket}`, `--pid-file=${path.join(data, 'mysqld.pid')}`, '--bind-address=127.0.0.1', `--port=${MYSQL_PORT}`, `--log-error=${path.join(root, 'log', 'mariadb.err')}`],
      { stdio: 'ignore' },
    );
    await until(async () => (ok('mariadb', ['-S', socket, '-e', 'SELECT 1']) ? true : undefined), 'MariaDB answers', 30_000);
    sh('mariadb', ['-S', socket, '-e', "CREATE DATABASE slurm_acct_db; CREATE USER 'slurm'@'localhost' IDENTIFIED BY 'slurmpw'; GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';"]);
    const conf = '/etc/slurm/slurmdbd.conf';
    writeFileSync(
      conf,
      [
        'AuthType=auth/munge',
        'AuthAltTypes=auth/jwt',
        `AuthAltParameters=jwt_key=${jwtKey}`,
        'DbdHost=localhost',
        'DbdAddr=127.0.0.1',
        `DbdPort=${DBD_PORT}`,
        'SlurmUser=slurm',
        `LogFile=${path.join(root, 'log', 'slurmdbd.log')}`,
        `PidFile=${path.join(root, 'slurmdbd.pid')}`,
        'StorageType=accounting_storage/mysql',
        'StorageHost=127.0.0.1',
        `StoragePort=${MYSQL_PORT}`,
        'StorageUser=slurm',
        'StoragePass=slurmpw',
        'StorageLoc=slurm_acct_db',
        '',
      ].join('\n'),
    );
    // slurmdbd refuses a config file others can read (it holds the database password).
    chownSync(conf, Number(sh('id', ['-u', 'slurm'])), Number(sh('id', ['-g', 'slurm'])));
    chmodSync(conf, 0o600);
    await this.startDbd();
  }

  /** slurmdbd alone (MariaDB running): for a test that stops it and starts it again. */
  async startDbd(): Promise<void> {
    this.dbd = spawn('/usr/sbin/slurmdbd', ['-D'], { stdio: 'ignore' });
    await until(async () => (ok('sacctmgr', ['-n', 'list', 'cluster']) ? true : undefined), 'slurmdbd answers', 30_000);
  }

  async stopDbd(): Promise<void> {
    await stopProcess(this.dbd);
    this.dbd = undefined;
  }

  /** What a site's administrators set up: the cluster, two QOS, two accounts, each user's associations, and another cluster. */
  setUp(cluster: string, users: { readonly jobUser: string }): void {
    const mgr = (...args: string[]): void => void sh('sacctmgr', ['-i', ...args]);
    mgr('add', 'cluster', cluster);
    mgr('add', 'qos', 'high', 'MaxWall=2-00:00:00', 'Description=priority for deadlines');
    mgr('add', 'qos', 'gpu-debug', 'Description=short GPU tests');
    mgr('add', 'account', 'physics', 'Description=jet tagging', 'Organization=ihep');
    mgr('add', 'account', 'ml', 'Description=machine learning', 'Organization=ihep');
    // The job user: physics by default (QOS normal by default, high allowed), ml only on partition long.
    mgr('add', 'user', users.jobUser, 'account=physics', 'DefaultAccount=physics', 'qos=normal,high', 'DefaultQOS=normal');
    mgr('add', 'user', users.jobUser, 'account=ml', 'partition=long', 'qos=normal,gpu-debug');
    // root (the tests' own user, for sbatch) keeps the root account as its default and gets ml on long.
    mgr('add', 'user', 'root', 'account=ml', 'partition=long', 'qos=normal,gpu-debug');
    // Another cluster in the same database, where both users charge cms by default: never offered here.
    mgr('add', 'cluster', 'other');
    mgr('add', 'account', 'cms', 'cluster=other', 'Description=another cluster', 'Organization=ihep');
    for (const user of [users.jobUser, 'root']) mgr('add', 'user', user, 'account=cms', 'cluster=other', 'DefaultAccount=cms');
  }

  async stop(): Promise<void> {
    await stopProcess(this.dbd);
    await stopProcess(this.mariadb);
  }
}

export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
