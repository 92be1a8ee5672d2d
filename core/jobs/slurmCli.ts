// The slurm-cli backend: sbatch, scontrol, sacct, scancel and sinfo through execFile with argument
// arrays. It is meant for VS Code or code-server running on a login node: the job folder sits in the
// working directory, which compute nodes share, so the log is read as a file.
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { msg } from '../text/message';
import { type Accounting, BackendError, type JobBackend, newRecord, type PartitionInfo, type SubmitRequest, writeJobFolder } from './backend';
import { because, FINAL_STATES, isFinal, type JobRecord, type JobUpdate, slurmJobId } from './jobRecord';
import { sbatchArgs, WORD } from './sbatchArgs';
import { ASSOCIATION_FORMAT, accountingError, noAccountingStorage, parseAssociations, parseQos, QOS_FORMAT, SLURM_USER, withYourAccounts } from './slurmAccounting';
import { explainSlurmError, parseSacct, parseScontrolJobs, parseSinfo, parseSqueue, SQUEUE_FORMAT } from './slurmParse';

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
  /** Killed after the time it was given. */
  readonly timedOut?: boolean;
}

/** Runs a Slurm command; never throws for a non-zero exit (the caller reads stderr). */
export function runCommand(file: string, args: readonly string[], timeoutMs = 30_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new BackendError('unreachable', msg('{0} was not found: Slurm\'s commands are not installed on this machine. Run VS Code on a login node, or use slurmrestd.', file), ''));
        return;
      }
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ stdout: String(stdout), stderr: String(stderr), code, timedOut: !!(err as { killed?: boolean } | null)?.killed });
    });
  });
}

/** Slurm expands %j and friends in --output; a literal % in the folder is written %%. */
export function slurmPathPattern(dir: string, file: string): string {
  return path.join(dir.replace(/%/g, '%%'), file);
}

/** sacctmgr and scontrol for accounts: completion waits for them, and so does a refused job's message. */
const ACCOUNTING_TIMEOUT_MS = 10_000;

/** Job ids per squeue call: about 8 KB of command line. */
const SQUEUE_BATCH = 500;

export class SlurmCli implements JobBackend {
  readonly kind = 'slurm-cli' as const;

  async partitions(): Promise<PartitionInfo[]> {
    const r = await runCommand('sinfo', ['-h', '-o', '%P|%a|%l|%G']);
    if (r.code !== 0) throw this.error(r);
    return parseSinfo(r.stdout);
  }

  /**
   * The user's associations on this cluster and the QOS defined, from sacctmgr; undefined on a cluster
   * without slurmdbd. Asked with a short timeout: it is for completion and for a refusal's hint.
   */
  async accounting(): Promise<Accounting | undefined> {
    const user = os.userInfo().username;
    if (!SLURM_USER.test(user)) return undefined;
    // One slurmdbd may keep several clusters' accounts (and a default account on each).
    const { cluster, enforce } = await this.accountingConfig();
    const where = cluster ? [`cluster=${cluster}`] : [];
    const sacctmgr = (args: string[]): Promise<CommandResult> => runCommand('sacctmgr', ['-n', '-P', ...args], ACCOUNTING_TIMEOUT_MS);
    const [assoc, account, qos] = await Promise.all([
      sacctmgr(['show', 'associations', 'where', `user=${user}`, ...where, `format=${ASSOCIATION_FORMAT}`]),
      sacctmgr(['show', 'user', 'where', `name=${user}`, ...where, 'format=DefaultAccount']),
      sacctmgr(['show', 'qos', `format=${QOS_FORMAT}`]),
    ]);
    for (const r of [assoc, account, qos]) {
      if (r.code === 0) continue;
      if (r.timedOut) throw new BackendError('unreachable', msg('sacctmgr did not answer within {0} s: Slurm\'s accounting database (slurmdbd) may be down or busy.', ACCOUNTING_TIMEOUT_MS / 1000), '');
      if (noAccountingStorage(r.stderr + r.stdout)) return undefined;
      throw accountingError(r.stderr || r.stdout);
    }
    const defaultAccount = account.stdout.trim().split('\n')[0]?.trim() ?? '';
    return { user, associations: parseAssociations(assoc.stdout, defaultAccount, cluster), qos: parseQos(qos.stdout), enforce };
  }

  /** This cluster's name and what its accounting enforces (slurm.conf, as scontrol shows it); undefined where it does not say. */
  private async accountingConfig(): Promise<{ cluster?: string; enforce?: string[] }> {
    const r = await runCommand('scontrol', ['show', 'config'], ACCOUNTING_TIMEOUT_MS);
    const name = /^ClusterName\s*=\s*(\S+)/m.exec(r.stdout)?.[1];
    const enforce = /^AccountingStorageEnforce\s*=\s*(\S+)/m.exec(r.stdout)?.[1];
    return { cluster: name && WORD.test(name) ? name : undefined, enforce: enforce === undefined ? undefined : enforce.toLowerCase().split(',').filter((w) => w && w !== 'none' && w !== '(null)') };
  }

  /** The cluster's GRES name for accelerators: the spec's, else gpu if the cluster has it, else the one it has. */
  async gresName(requested: string | undefined, partition: string | undefined): Promise<string> {
    if (requested) return requested;
    const parts = await this.partitions().catch(() => []);
    const p = parts.find((x) => x.name === partition) ?? parts.find((x) => x.isDefault) ?? parts[0];
    const names = new Set((p?.gres ?? []).map((g) => g.name));
    if (names.has('gpu') || names.size === 0) return 'gpu';
    return [...names][0];
  }

  async submit(req: SubmitRequest): Promise<JobRecord> {
    const { scriptPath } = await writeJobFolder(req);
    const gres = req.spec.resources?.gpus ? await this.gresName(req.spec.slurm?.gres, req.spec.slurm?.partition) : 'gpu';
    const logPattern = slurmPathPattern(req.jobDir, 'slurm-%j.log');
    const args = sbatchArgs({ spec: req.spec, workdir: req.workdir, scriptPath, logPath: logPattern, gresName: gres });
    const submittedAt = Date.now();
    const r = await runCommand('sbatch', args);
    const id = /^(\d+)/.exec(r.stdout.trim())?.[1];
    if (r.code !== 0 || !id) throw await withYourAccounts(this.error(r), () => this.accounting());
    return newRecord(req, 'slurm-cli', { backendId: id, logPath: path.join(req.jobDir, `slurm-${id}.log`), submittedAt, state: 'pending' });
  }

  async refresh(records: readonly JobRecord[]): Promise<Map<string, JobUpdate>> {
    const mine = records.filter((r) => r.backend === 'slurm-cli' && !isFinal(r));
    const updates = new Map<string, JobUpdate>();
    if (mine.length === 0) return updates;
    const live = await this.jobsNamed([...new Set(mine.map((rec) => slurmJobId(rec.backendId)).filter((id): id is string => id !== undefined))]);
    const forgotten: JobRecord[] = [];
    for (const rec of mine) {
      if (!slurmJobId(rec.backendId)) {
        updates.set(rec.id, { state: 'unknown', ...because(notAJobId(rec).text!) });
        continue;
      }
      const u = live.get(rec.backendId);
      if (u) {
        updates.set(rec.id, { state: u.state, exitCode: u.exitCode, reason: u.reason, reasonText: u.reasonText, startedAt: u.startedAt, endedAt: u.endedAt });
      } else forgotten.push(rec);
    }
    if (forgotten.length > 0) {
      // slurmctld drops finished jobs after MinJobAge: ask accounting, or the job completion log.
      const ids = forgotten.map((f) => f.backendId).join(',');
      const fields = ['-n', '-P', '-o', 'JobID,State,ExitCode,Start,End', `--jobs=${ids}`];
      let acct = await runCommand('sacct', fields);
      const noStorage = acct.code !== 0 && /accounting storage is disabled/i.test(acct.stderr);
      if (noStorage) acct = await runCommand('sacct', ['-c', ...fields]);
      const done = acct.code === 0 ? parseSacct(acct.stdout) : new Map<string, JobUpdate>();
      for (const rec of forgotten) {
        const found = done.get(rec.backendId);
        if (found) updates.set(rec.id, found);
        // An answer without the job (or no accounting at all): it is over and how cannot be known, so
        // it ends here (final, not polled forever). sacct failing otherwise (slurmdbd down) may pass.
        else if (acct.code === 0 || noStorage) updates.set(rec.id, { state: 'ended', endedAt: Date.now(), ...because(msg('Slurm no longer knows this job and has no accounting record of it; see its log for how it ended')) });
        else updates.set(rec.id, { state: 'unknown', ...because(msg('Slurm no longer knows this job, and its accounting database does not answer ({0}); HAI asks again', acct.stderr.trim() || `sacct exit code ${acct.code}`)) });
      }
    }
    return updates;
  }

  /**
   * What slurmctld knows of these jobs, and of no other: a poll that read every job of a big cluster
   * (scontrol show job, 20k jobs) would outgrow any output limit. squeue filters by id, in batches
   * that keep the command line short; a job it shows as ended is asked of scontrol for its exit
   * code (once: the record is then final). Jobs slurmctld forgot are missing from the map.
   */
  private async jobsNamed(ids: readonly string[]): Promise<Map<string, JobUpdate>> {
    const live = new Map<string, JobUpdate>();
    for (let i = 0; i < ids.length; i += SQUEUE_BATCH) {
      const batch = ids.slice(i, i + SQUEUE_BATCH);
      const r = await runCommand('squeue', ['-h', '-r', '--states=all', '-o', SQUEUE_FORMAT, `--jobs=${batch.join(',')}`]);
      // -r: an array's pending tasks a line each, as their records name them (1_2), not folded (1_[2-3]).
      // Asked for jobs that are all forgotten, squeue fails with this; with one known, it lists that one.
      if (r.code !== 0 && !/Invalid job id specified/i.test(r.stderr + r.stdout)) throw this.error(r);
      const found = parseSqueue(r.code === 0 ? r.stdout : '');
      for (const id of batch) {
        const u = found.get(id);
        if (u) live.set(id, u);
      }
    }
    for (const [id, u] of live) {
      if (!u.state || !FINAL_STATES.has(u.state)) continue;
      const r = await runCommand('scontrol', ['show', 'job', '-o', id]);
      const full = r.code === 0 ? parseScontrolJobs(r.stdout).get(id) : undefined;
      if (full) live.set(id, { state: full.state, exitCode: full.exitCode, reason: full.reason, reasonText: full.reasonText, startedAt: full.startedAt, endedAt: full.endedAt });
      // Forgotten between the two questions: accounting tells how it ended.
      else if (/Invalid job id specified/i.test(r.stderr)) live.delete(id);
    }
    return live;
  }

  async cancel(record: JobRecord): Promise<JobUpdate> {
    const id = slurmJobId(record.backendId);
    if (!id) throw notAJobId(record);
    // "--" ends scancel's options: whatever follows is a job id, never --user= or the like.
    const r = await runCommand('scancel', ['--', id]);
    if (r.code !== 0) throw this.error(r);
    return { state: 'cancelled', endedAt: Date.now(), ...because(msg('cancelled by the user')) };
  }

  private error(r: CommandResult): BackendError {
    const { text, kind } = explainSlurmError(r.stderr || r.stdout);
    return new BackendError(kind, text, '', { detail: r.stderr.trim() });
  }
}

/** A record whose id is no Slurm job id (edited by hand): nothing is sent to Slurm for it. */
export function notAJobId(record: Pick<JobRecord, 'name' | 'backendId'>): BackendError {
  return new BackendError('invalid', msg('The record of job {0} names "{1}", which is not a Slurm job id; HAI sends nothing to Slurm for it. Remove the job from the list.', record.name, record.backendId), '');
}
