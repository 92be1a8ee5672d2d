// One interface for every place a job can run. The controller (extension/jobs) only talks to this.
// Also what every backend does the same way: the job folder with its script, and the record's
// common fields.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ActionableError } from '../errors';
import { msg } from '../text/message';
import type { JobRecord, JobState, JobUpdate } from './jobRecord';
import { jobScript } from './jobScript';
import type { BackendKind, JobSpec } from './jobSpec';
import { METRICS_FILE_ENV, RUN_METRICS_FILE } from './runMetricsFile';

export interface SubmitRequest {
  readonly id: string;
  readonly spec: JobSpec;
  readonly specPath?: string;
  readonly workdir: string;
  /** Our folder for this job (script, log, exit status). */
  readonly jobDir: string;
  /** Absolute metrics.jsonl path, if the spec names one. */
  readonly metricsPath?: string;
}

/** A partition and what it offers, for the submit quick picks. */
export interface PartitionInfo {
  readonly name: string;
  readonly isDefault: boolean;
  readonly up: boolean;
  /** GRES per node, e.g. [{ name: 'gpu', type: 'a100', count: 4 }]. */
  readonly gres: readonly { readonly name: string; readonly type?: string; readonly count: number }[];
  readonly timeLimit?: string;
}

/**
 * An account the user may charge jobs to, as Slurm's accounting database keeps it (an association of
 * user, account and maybe one partition), with the QOS it allows.
 */
export interface SlurmAssociation {
  readonly account: string;
  /** The cluster it belongs to (a database may serve several). */
  readonly cluster?: string;
  /** Only for this partition; undefined: for all of them. */
  readonly partition?: string;
  readonly qos: readonly string[];
  /** The QOS a job gets without --qos, when the association names one. */
  readonly defaultQos?: string;
  /** The user's default account (what a job gets without --account). */
  readonly isDefault: boolean;
}

/** A QOS as the accounting database describes it. */
export interface QosInfo {
  readonly name: string;
  readonly description?: string;
  /** The longest a job may run under it, in Slurm's time format (e.g. 2-00:00:00). */
  readonly maxWall?: string;
}

/** What the cluster's accounting says the user may use: their associations and the QOS defined. */
export interface Accounting {
  readonly user: string;
  readonly associations: readonly SlurmAssociation[];
  readonly qos: readonly QosInfo[];
  /** slurm.conf's AccountingStorageEnforce, in lower case ("associations", "limits", "qos"…); undefined when not known. */
  readonly enforce?: readonly string[];
}

export type BackendErrorKind = 'rejected' | 'unreachable' | 'auth' | 'invalid' | 'failed';

/**
 * A failure the user can act on. Most backend messages carry their next step in the sentence
 * itself, so `hint` is often empty; `detail` keeps the backend's own words for the output channel.
 */
export class BackendError extends ActionableError<BackendErrorKind> {}

export interface JobBackend {
  readonly kind: BackendKind;
  submit(request: SubmitRequest): Promise<JobRecord>;
  /** The current state of jobs that are not final yet. Throws BackendError('unreachable') when it cannot tell. */
  refresh(records: readonly JobRecord[]): Promise<Map<string, JobUpdate>>;
  cancel(record: JobRecord): Promise<JobUpdate>;
  /** Partitions and their accelerators (Slurm); local: this machine's GPUs. */
  partitions(): Promise<PartitionInfo[]>;
  /** The user's accounts and QOS (Slurm with accounting); undefined where there is no accounting (local, or a cluster without slurmdbd). */
  accounting(): Promise<Accounting | undefined>;
}

/**
 * Checks the working directory, creates the job folder inside it and writes the job's script there
 * (the backend runs that file, or, for slurmrestd, sends its text). Returns the script's path and text.
 */
export async function writeJobFolder(req: SubmitRequest, extraEnv?: Readonly<Record<string, string>>): Promise<{ scriptPath: string; script: string }> {
  const stat = await fs.stat(req.workdir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new BackendError('invalid', msg('The working directory {0} does not exist: fix "workdir" in the spec.', req.workdir), '');
  await fs.mkdir(req.jobDir, { recursive: true });
  const scriptPath = path.join(req.jobDir, 'job.sh');
  // Every run is told where its own metrics go; a script that writes there keeps them apart from
  // other runs of the spec (runMetricsFile.ts).
  const env = { [METRICS_FILE_ENV]: path.join(req.jobDir, RUN_METRICS_FILE), ...extraEnv };
  const script = jobScript({ spec: req.spec, workdir: req.workdir, extraEnv: env });
  await fs.writeFile(scriptPath, script, { mode: 0o700 });
  return { scriptPath, script };
}

/** The fields of a new job's record that do not depend on the backend. */
export function newRecord(req: SubmitRequest, backend: BackendKind, run: { backendId: string; logPath: string; submittedAt: number; state: JobState }): JobRecord {
  return {
    id: req.id,
    name: req.spec.name,
    backend,
    ...run,
    specPath: req.specPath,
    workdir: req.workdir,
    jobDir: req.jobDir,
    metricsPath: req.metricsPath,
    weaverLog: (req.spec.metrics?.log ?? 'weaver') === 'weaver',
    gpus: req.spec.resources?.gpus || undefined,
    gpuType: req.spec.resources?.gpuType,
    partition: backend === 'local' ? undefined : req.spec.slurm?.partition,
  };
}
