// Service tier: accounts and QOS against a real Slurm that keeps accounting — MariaDB, slurmdbd with a
// site's accounts and QOS, enforced, and slurmrestd's accounting API — started here (a cluster of its
// own: with accounting on, sacct and every job's record differ from backends.test.ts's cluster).
import * as assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { JobBackend } from '../../core/jobs/backend';
import { newJobId, type JobRecord } from '../../core/jobs/jobRecord';
import { type JobSpec, parseJobSpec } from '../../core/jobs/jobSpec';
import { SlurmCli } from '../../core/jobs/slurmCli';
import { SlurmRest } from '../../core/jobs/slurmRest';
import { clusterWarnings } from '../../core/jobs/specClusterWarnings';
import { accountValues } from '../../core/jobs/specClusterValues';
import { english } from '../../core/text/message';
import { rejection } from '../support/rejection';
import { JOB_USER, SLURM_ROOT, SlurmCluster } from '../support/slurmCluster';

function ids(user: string): [number, number] {
  return [Number(execFileSync('id', ['-u', user], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }))];
}

/** Submits a spec from a folder the submitting user owns (as their VS Code would). */
async function submit(backend: JobBackend, user: string, spec: JobSpec): Promise<JobRecord> {
  const workdir = path.join(SLURM_ROOT, 'jobs', user, 'accounts');
  const id = newJobId(spec.name);
  const jobDir = path.join(workdir, '.hai', 'jobs', id);
  mkdirSync(jobDir, { recursive: true });
  for (let d = jobDir; d.startsWith(path.join(SLURM_ROOT, 'jobs', user)); d = path.dirname(d)) {
    chownSync(d, ...ids(user));
    chmodSync(d, 0o755);
  }
  return backend.submit({ id, spec, workdir, jobDir });
}

/** The account and QOS slurmctld gave a job (scontrol's words, not ours). */
function chargedTo(jobId: string): { account?: string; qos?: string } {
  const out = execFileSync('scontrol', ['show', 'job', jobId], { encoding: 'utf8' });
  return { account: /\bAccount=(\S+)/.exec(out)?.[1], qos: /\bQOS=(\S+)/.exec(out)?.[1] };
}

describe('Slurm accounts and QOS, with a real slurmdbd', function () {
  this.timeout(120_000);
  let cluster: SlurmCluster;
  let rest: SlurmRest;

  before(async function () {
    this.timeout(180_000);
    cluster = await SlurmCluster.start({ accounting: true });
    const token = cluster.token(JOB_USER);
    rest = new SlurmRest({ url: cluster.restUrl, user: JOB_USER, version: 'v0.0.38', token: async () => token });
  });
  after(async function () {
    this.timeout(60_000);
    await cluster?.stop();
  });

  it('slurm-cli: lists the accounts sacctmgr has for this user, and the QOS with their limits', async () => {
    const accounting = await new SlurmCli().accounting();
    assert.ok(accounting, 'a cluster with slurmdbd has accounting');
    assert.equal(accounting.user, os.userInfo().username);
    // The tests run as root: the root account by default, and ml on partition long (not cms, its
    // default on the database's other cluster).
    assert.deepEqual(
      accounting.associations.map((a) => [a.account, a.partition, a.isDefault, [...a.qos].sort()]),
      [
        ['ml', 'long', false, ['gpu-debug', 'normal']],
        ['root', undefined, true, ['normal']],
      ],
    );
    // What slurm.conf enforces, as scontrol shows it: the warnings say only what Slurm would refuse.
    assert.deepEqual([...(accounting.enforce ?? [])].sort(), ['associations', 'limits', 'qos']);
    const high = accounting.qos.find((q) => q.name === 'high');
    assert.deepEqual(high, { name: 'high', maxWall: '2-00:00:00', description: 'priority for deadlines' });
    // What completion offers in a spec for the default partition: ml comes last, saying where it works.
    assert.deepEqual(
      accountValues('slurm.account', accounting, { partition: 'debug' }).map((v) => [v.value, v.isDefault, v.onlyOn]),
      [
        ['root', true, undefined],
        ['ml', false, ['long']],
      ],
    );
  });

  it('warns in a spec of an account the user does not have, one limited to another partition, and a QOS not allowed', async () => {
    const [accounting, partitions] = [(await rest.accounting())!, await rest.partitions()];
    const warn = (slurm: string[], time?: string): string[] => {
      const text = ['name: w', 'command: [python3, train.py]', 'backend: slurm-rest', ...(time ? ['resources:', `  time: "${time}"`] : []), 'slurm:', ...slurm.map((l) => `  ${l}`), ''].join('\n');
      const parsed = parseJobSpec(text);
      assert.ok(parsed.ok);
      return clusterWarnings(text, parsed.spec, { partitions, accounting }).map((w) => english(w.text));
    };
    assert.deepEqual(warn(['account: physics', 'qos: high']), []);
    assert.deepEqual(warn(['account: cms']), ['You have no account "cms" on this cluster. Yours: ml (only on partition long; QOS gpu-debug, normal); physics (default; QOS high, normal).']);
    assert.deepEqual(warn(['partition: debug', 'account: ml']), ['Account "ml" works only on partition long; this job goes to debug.']);
    assert.deepEqual(warn(['partition: long', 'account: ml', 'qos: high']), ['Account ml does not allow QOS "high" here; it allows normal, gpu-debug.']);
    assert.deepEqual(warn(['account: physics', 'qos: high'], '3-00:00:00'), ['QOS high lets a job run 2-00:00:00 at most; this one asks for 3-00:00:00. Ask for less time, or a QOS that allows more.']);
    // Partition long's MaxTime, from slurmrestd as from sinfo.
    assert.deepEqual(partitions.map((p) => [p.name, p.timeLimit]), [['debug', undefined], ['long', '2-00:00:00']]);
    assert.deepEqual((await new SlurmCli().partitions()).map((p) => [p.name, p.timeLimit]), [['debug', 'infinite'], ['long', '2-00:00:00']]);
    assert.deepEqual(warn(['partition: long', 'account: ml'], '3-00:00:00'), ['Partition long lets a job run 2-00:00:00 at most; this one asks for 3-00:00:00. Ask for less time, or another partition.']);
    // What the warnings say is what Slurm does: the job warned of is refused, and the one asking for
    // more time than its QOS allows is kept waiting for good (or refused, where the QOS says DenyOnLimit).
    await rejection(submit(rest, JOB_USER, { name: 'warned', command: ['true'], slurm: { partition: 'long', account: 'ml', qos: 'high' } }));
    const outcome = await submit(rest, JOB_USER, { name: 'too-long', command: ['true'], resources: { time: '3-00:00:00' }, slurm: { account: 'physics', qos: 'high' } }).then(
      (rec) => execFileSync('scontrol', ['show', 'job', rec.backendId], { encoding: 'utf8' }),
      (err: unknown) => String(err),
    );
    assert.match(outcome, /Reason=QOSMaxWallDurationPerJobLimit|MaxWall/);
  });

  it('slurm-rest: lists the token’s user’s accounts and QOS from /slurmdb/, this cluster’s only', async () => {
    const accounting = await rest.accounting();
    assert.ok(accounting);
    assert.deepEqual(
      accounting.associations.map((a) => [a.account, a.partition, a.isDefault, a.defaultQos, [...a.qos].sort()]),
      [
        ['ml', 'long', false, undefined, ['gpu-debug', 'normal']],
        ['physics', undefined, true, 'normal', ['high', 'normal']],
      ],
    );
    assert.deepEqual(
      accountValues('slurm.qos', accounting, { partition: 'debug' }).map((v) => [v.value, v.isDefault, v.info?.maxWall, v.info?.description]),
      [
        ['normal', true, undefined, 'Normal QOS default'],
        ['high', false, '2-00:00:00', 'priority for deadlines'],
      ],
    );
    // ml's association names no default QOS: a job gets "normal", which it allows.
    assert.deepEqual(
      accountValues('slurm.qos', accounting, { partition: 'long', account: 'ml' }).map((v) => [v.value, v.isDefault]),
      [
        ['normal', true],
        ['gpu-debug', false],
      ],
    );
  });

  it('slurm-cli: a job charged to an account the user does not have is refused, with their accounts; one from the list runs', async () => {
    const cli = new SlurmCli();
    const err = await rejection(submit(cli, 'root', { name: 'wrong-account', command: ['true'], slurm: { account: 'physics' } }));
    assert.equal(err.kind, 'rejected');
    assert.match(err.message, /Slurm refused the account or QOS: .*Invalid account/);
    assert.match(err.hint, /^Your accounts here: ml \(only on partition long; QOS gpu-debug, normal\); root \(default; QOS normal\)\./);
    const rec = await submit(cli, 'root', { name: 'right-account', command: ['true'], slurm: { partition: 'long', account: 'ml', qos: 'gpu-debug' } });
    assert.deepEqual(chargedTo(rec.backendId), { account: 'ml', qos: 'gpu-debug' });
  });

  it('slurm-rest: a QOS the account does not allow is refused, with the accounts; one it allows runs', async () => {
    const err = await rejection(submit(rest, JOB_USER, { name: 'wrong-qos', command: ['true'], slurm: { account: 'physics', qos: 'gpu-debug' } }));
    assert.match(`${err.message} ${err.detail}`, /Invalid qos/i);
    assert.match(err.hint, /Your accounts here: ml \(only on partition long; QOS gpu-debug, normal\); physics \(default; QOS high, normal\)\./);
    const rec = await submit(rest, JOB_USER, { name: 'right-qos', command: ['true'], slurm: { account: 'physics', qos: 'high' } });
    assert.deepEqual(chargedTo(rec.backendId), { account: 'physics', qos: 'high' });
    // Without a QOS, the one completion marks as the default.
    const accounting = (await rest.accounting())!;
    const marked = accountValues('slurm.qos', accounting, { partition: 'long', account: 'ml' }).find((v) => v.isDefault)?.value;
    const plain = await submit(rest, JOB_USER, { name: 'default-qos', command: ['true'], slurm: { partition: 'long', account: 'ml' } });
    assert.deepEqual(chargedTo(plain.backendId), { account: 'ml', qos: marked });
  });

  it('says that the accounting database does not answer when slurmdbd is down, and lists again once it is back', async () => {
    await cluster.accountingDb!.stopDbd();
    try {
      const cliErr = await rejection(new SlurmCli().accounting());
      assert.equal(cliErr.kind, 'unreachable');
      assert.match(cliErr.message, /accounting database \(slurmdbd\) does not answer/);
      const restErr = await rejection(rest.accounting());
      assert.equal(restErr.kind, 'unreachable');
      assert.match(restErr.message, /accounting database \(slurmdbd\) does not answer/);
    } finally {
      await cluster.accountingDb!.startDbd();
    }
    assert.equal((await rest.accounting())?.associations.length, 2);
  });
});
