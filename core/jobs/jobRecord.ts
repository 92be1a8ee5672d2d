// What we remember about a submitted job. Kept by us, not only by the backend: slurmctld forgets a
// finished job after MinJobAge, a local process leaves nothing behind, and the user still wants to
// see the run, its log and its metrics.
import type { BackendKind, JobSpec } from './jobSpec';

export type JobState = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'timeout' | 'unknown';

export const FINAL_STATES: ReadonlySet<JobState> = new Set(['completed', 'failed', 'cancelled', 'timeout']);

export interface JobRecord {
  /** Our id: the name, the submit time and a random suffix (also the job folder's name). */
  readonly id: string;
  readonly name: string;
  readonly backend: BackendKind;
  /** The backend's id: the process group for local jobs, the Slurm job id otherwise. */
  readonly backendId: string;
  readonly specPath?: string;
  readonly workdir: string;
  /** Our folder for the job: its script, its exit status (local runner). */
  readonly jobDir: string;
  readonly logPath: string;
  /** The metrics file to follow, absolute; weaver log lines are read from logPath. */
  readonly metricsPath?: string;
  readonly weaverLog: boolean;
  readonly submittedAt: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly state: JobState;
  readonly exitCode?: number;
  /** Why it is pending, how it failed; the backend's words. */
  readonly reason?: string;
  readonly gpus?: number;
  readonly gpuType?: string;
  /** Local runner: the CUDA_VISIBLE_DEVICES it gave the job. */
  readonly devices?: string;
  readonly partition?: string;
  /** Local runner: the process's start time in clock ticks since boot, to tell a reused pid apart. */
  readonly processStart?: number;
  /** The spec as submitted, for resubmitting after the file changed or went away. */
  readonly spec?: JobSpec;
  /** Hub model and dataset the job trains (templates set them): the metrics view shows the paper's numbers. */
  readonly hub?: { readonly model: string; readonly dataset: string };
  /** Set while the backend cannot be reached; the state is the last one known. */
  readonly unreachable?: string;
}

/** A state change reported by a backend. */
export type JobUpdate = Partial<Pick<JobRecord, 'state' | 'exitCode' | 'reason' | 'startedAt' | 'endedAt' | 'unreachable'>>;

export function isFinal(record: Pick<JobRecord, 'state'>): boolean {
  return FINAL_STATES.has(record.state);
}

/** A new job id: readable, sortable by time, unique enough for one user. */
export function newJobId(name: string, now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${name}-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}
