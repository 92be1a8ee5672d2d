// sbatch's command line for a job, as an argument array for execFile: no shell sees it. Every value
// is checked against the same patterns as the spec schema again here, because sbatch itself parses
// some of them (a ',' or ':' in --gres changes its meaning).
import type { JobSpec } from './jobSpec';

export interface SbatchPlan {
  readonly spec: JobSpec;
  readonly workdir: string;
  readonly scriptPath: string;
  /** The log file, with %j for the job id. */
  readonly logPath: string;
  /** The cluster's GRES name for accelerators (gpu, npu…). */
  readonly gresName: string;
}

/** A name sbatch takes for a partition, account, QOS… (the spec's schema takes the same). */
export const WORD = /^[A-Za-z0-9_.-]{1,64}$/;

function check(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new Error(`${what} "${value}" is not allowed: use letters, digits, '.', '_' and '-'`);
  return value;
}

function noBreaks(value: string, what: string): string {
  if (/[\n\r\0]/.test(value)) throw new Error(`${what} must not contain line breaks or NUL characters`);
  return value;
}

/** The GRES request: gpu:a100:2, or gpu:2 without a type. */
export function gresRequest(gresName: string, count: number, type?: string): string {
  check(gresName, /^[A-Za-z0-9_]{1,32}$/, 'GRES name');
  if (!Number.isInteger(count) || count < 1) throw new Error(`GPU count ${count} must be a positive whole number`);
  return type ? `${gresName}:${check(type, WORD, 'GPU type')}:${count}` : `${gresName}:${count}`;
}

export function sbatchArgs(p: SbatchPlan): string[] {
  const { spec } = p;
  const r = spec.resources ?? {};
  const s = spec.slurm ?? {};
  const args = ['--parsable', `--job-name=${check(spec.name, /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'job name')}`];
  args.push(`--chdir=${noBreaks(p.workdir, 'the working directory')}`, `--output=${noBreaks(p.logPath, 'the log path')}`);
  if (s.partition) args.push(`--partition=${check(s.partition, WORD, 'partition')}`);
  if (s.account) args.push(`--account=${check(s.account, WORD, 'account')}`);
  if (s.qos) args.push(`--qos=${check(s.qos, WORD, 'QOS')}`);
  if (s.reservation) args.push(`--reservation=${check(s.reservation, WORD, 'reservation')}`);
  if (s.constraint) args.push(`--constraint=${check(s.constraint, /^[A-Za-z0-9_.&|!()[\]*-]{1,200}$/, 'constraint')}`);
  if (r.nodes !== undefined) args.push(`--nodes=${positive(r.nodes, 'nodes')}`);
  if (r.cpus !== undefined) args.push(`--cpus-per-task=${positive(r.cpus, 'cpus')}`);
  if (r.memory !== undefined) args.push(`--mem=${check(r.memory, /^[0-9]{1,9}[KMGT]?$/, 'memory')}`);
  if (r.time !== undefined) args.push(`--time=${check(r.time, /^(\d{1,5}(:\d{1,2}){0,2}|\d{1,4}-\d{1,2}(:\d{1,2}){0,2})$/, 'time limit')}`);
  if (r.gpus) args.push(`--gres=${gresRequest(p.gresName, r.gpus, r.gpuType)}`);
  args.push(noBreaks(p.scriptPath, 'the script path'));
  return args;
}

function positive(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive whole number, not ${n}`);
  return n;
}
