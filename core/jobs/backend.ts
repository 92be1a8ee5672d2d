// One interface for every place a job can run. The controller (extension/jobs) only talks to this.
import type { JobRecord, JobUpdate } from './jobRecord';
import type { BackendKind, JobSpec } from './jobSpec';

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

export type BackendErrorKind = 'rejected' | 'unreachable' | 'auth' | 'invalid' | 'failed';

/** A failure the user can act on: the message says what happened and what to do. */
export class BackendError extends Error {
  constructor(
    message: string,
    readonly kind: BackendErrorKind,
    /** The backend's own words, for the output channel. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export interface JobBackend {
  readonly kind: BackendKind;
  submit(request: SubmitRequest): Promise<JobRecord>;
  /** The current state of jobs that are not final yet. Throws BackendError('unreachable') when it cannot tell. */
  refresh(records: readonly JobRecord[]): Promise<Map<string, JobUpdate>>;
  cancel(record: JobRecord): Promise<JobUpdate>;
  /** Partitions and their accelerators (Slurm); local: this machine's GPUs. */
  partitions(): Promise<PartitionInfo[]>;
}
