// What differs between slurmrestd's OpenAPI versions, in one place. v0.0.38 (Slurm 22.05) is what
// we test against; v0.0.39 turned job.environment into a list of "NAME=value" strings and exit_code
// into an object; v0.0.40+ made job_state a list and times {set, infinite, number} objects.
import { slurmTimeMinutes } from './slurmTime';
import type { JobSpec } from './jobSpec';

export type RestVersion = 'v0.0.38' | 'v0.0.39' | 'v0.0.40' | 'v0.0.41';

export interface RestSubmit {
  readonly spec: JobSpec;
  readonly script: string;
  readonly workdir: string;
  readonly stdoutPattern: string;
  readonly gres?: string;
  readonly environment: Readonly<Record<string, string>>;
}

/** The body of POST /slurm/<version>/job/submit. */
export function submitBody(version: RestVersion, s: RestSubmit): Record<string, unknown> {
  const r = s.spec.resources ?? {};
  const o = s.spec.slurm ?? {};
  const env = version === 'v0.0.38' ? { ...s.environment } : Object.entries(s.environment).map(([k, v]) => `${k}=${v}`);
  const job: Record<string, unknown> = {
    name: s.spec.name,
    current_working_directory: s.workdir,
    environment: env,
    standard_output: s.stdoutPattern,
    standard_error: s.stdoutPattern,
  };
  if (o.partition) job.partition = o.partition;
  if (o.account) job.account = o.account;
  if (o.qos) job.qos = o.qos;
  if (o.reservation) job.reservation = o.reservation;
  if (o.constraint) job.constraints = o.constraint;
  if (r.cpus !== undefined) job.cpus_per_task = r.cpus;
  if (r.nodes !== undefined) job.nodes = version === 'v0.0.38' ? r.nodes : String(r.nodes);
  if (r.memory !== undefined) job.memory_per_node = version === 'v0.0.38' || version === 'v0.0.39' ? memoryMiB(r.memory) : { set: true, number: memoryMiB(r.memory) };
  if (r.time !== undefined) {
    const minutes = slurmTimeMinutes(r.time);
    if (minutes !== undefined) job.time_limit = version === 'v0.0.38' || version === 'v0.0.39' ? minutes : { set: true, number: minutes };
  }
  if (s.gres) job[version === 'v0.0.38' ? 'gres' : 'tres_per_node'] = version === 'v0.0.38' ? s.gres : `gres/${s.gres}`;
  // From v0.0.40 the script belongs inside the job description.
  return version === 'v0.0.38' || version === 'v0.0.39' ? { script: s.script, job } : { job: { ...job, script: s.script } };
}

/** "16G" → 16384 (MiB, what slurmrestd's memory_per_node counts). */
export function memoryMiB(text: string): number {
  const m = /^(\d+)([KMGT]?)$/.exec(text);
  if (!m) throw new Error(`bad memory "${text}"`);
  const n = Number(m[1]);
  switch (m[2]) {
    case 'K':
      return Math.ceil(n / 1024);
    case 'G':
      return n * 1024;
    case 'T':
      return n * 1024 * 1024;
    default:
      return n;
  }
}

export interface RestJob {
  readonly jobId: string;
  readonly state: string;
  readonly reason?: string;
  readonly exitCode?: number;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly standardOutput?: string;
}

/** A number in slurmrestd's JSON: plain (v0.0.38/39) or {set, infinite, number} (v0.0.40+); undefined when unset or infinite. */
export function restNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  const o = v as { set?: unknown; infinite?: unknown; number?: unknown } | null | undefined;
  if (o && typeof o === 'object' && o.set !== false && o.infinite !== true && typeof o.number === 'number') return o.number;
  return undefined;
}

/** One entry of GET job's `jobs` list, in any of the versions, read the same way. */
export function readJob(raw: Record<string, unknown>): RestJob {
  const stateRaw = raw.job_state;
  const state = Array.isArray(stateRaw) ? String(stateRaw[0] ?? 'UNKNOWN') : String(stateRaw ?? 'UNKNOWN');
  return {
    jobId: String(raw.job_id ?? ''),
    state,
    reason: typeof raw.state_reason === 'string' && raw.state_reason !== 'None' ? raw.state_reason : undefined,
    exitCode: restExitCode(raw.exit_code),
    startTime: restSeconds(raw.start_time),
    endTime: restSeconds(raw.end_time),
    standardOutput: typeof raw.standard_output === 'string' ? raw.standard_output : undefined,
  };
}

/**
 * One entry of the accounting API's `GET /slurmdb/<version>/job/<id>` `jobs` list (what sacct shows),
 * read as a RestJob: `state: {current, reason}` (current a list from v0.0.40), `exit_code` an
 * object as in the job API, times under `time: {start, end}`.
 */
export function readDbJob(raw: Record<string, unknown>): RestJob {
  const st = (raw.state ?? {}) as { current?: unknown; reason?: unknown };
  const state = Array.isArray(st.current) ? String(st.current[0] ?? 'UNKNOWN') : String(st.current ?? 'UNKNOWN');
  const time = (raw.time ?? {}) as { start?: unknown; end?: unknown };
  return {
    jobId: String(raw.job_id ?? ''),
    state,
    reason: typeof st.reason === 'string' && st.reason !== 'None' ? st.reason : undefined,
    exitCode: restExitCode(raw.exit_code),
    startTime: restSeconds(time.start),
    endTime: restSeconds(time.end),
  };
}

/** An exit code as a shell reports it (128 + the signal for a killed job), from any version's JSON. */
function restExitCode(ec: unknown): number | undefined {
  // v0.0.38's job API gives waitpid's raw status: the code in the high byte, a signal in the low bits.
  if (typeof ec === 'number') return ec & 0x7f ? 128 + (ec & 0x7f) : ec >> 8;
  if (!ec || typeof ec !== 'object') return undefined;
  const e = ec as { return_code?: unknown; signal?: { id?: unknown; signal_id?: unknown } };
  const signal = restNumber(e.signal?.id ?? e.signal?.signal_id);
  return signal ? 128 + signal : restNumber(e.return_code);
}

/** Seconds since 1970 → ms; 0 (not set) → undefined. */
function restSeconds(v: unknown): number | undefined {
  const n = restNumber(v);
  return n ? n * 1000 : undefined;
}

/** slurmrestd hands back standard_output unexpanded: fill in %j (and %% → %). */
export function expandJobPattern(pattern: string, jobId: string): string {
  return pattern.replace(/%(%|j)/g, (_, c: string) => (c === '%' ? '%' : jobId));
}
