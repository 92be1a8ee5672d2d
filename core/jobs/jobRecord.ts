// What we remember about a submitted job. Kept by us, not only by the backend: slurmctld forgets a
// finished job after MinJobAge, a local process leaves nothing behind, and the user still wants to
// see the run, its log and its metrics.
import { english, isMessage, type Message, msg, type Translate } from '../text/message';
import type { BackendKind, JobSpec } from './jobSpec';
import { HEAD_BYTES, type MetricsStart } from './runMetricsFile';

/**
 * `ended`: the job is over but how it ended is not known (Slurm forgot it and keeps no accounting
 * record of it). Final, so that it is not polled forever and can be removed; `unknown` is not: HAI
 * cannot tell whether the job still runs, and asks again.
 */
export type JobState = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'timeout' | 'ended' | 'unknown';

export const FINAL_STATES: ReadonlySet<JobState> = new Set(['completed', 'failed', 'cancelled', 'timeout', 'ended']);

/**
 * A local job still going on another machine that shares the home folder (its record names another
 * host): this window can neither see nor cancel its process, only forget its record.
 */
export function runsElsewhere(r: Pick<JobRecord, 'backend' | 'host' | 'state'>, host: string): boolean {
  return r.backend === 'local' && r.host !== undefined && r.host !== host && !FINAL_STATES.has(r.state);
}

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
  /** What metricsPath held when the run was submitted: the run's lines come after it (runMetricsFile.ts). Gone once the run ended and its lines were copied. */
  readonly metricsStart?: MetricsStart;
  readonly weaverLog: boolean;
  readonly submittedAt: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly state: JobState;
  readonly exitCode?: number;
  /** Why it is pending, how it failed; the backend's words. */
  readonly reason?: string;
  /** `reason` as a message to translate, where HAI wrote it (see `shownText`). */
  readonly reasonText?: Message;
  readonly gpus?: number;
  readonly gpuType?: string;
  /**
   * Local runner: the machine (host name) the job's process runs on. Windows on other machines that
   * share the home folder (login nodes over NFS, Remote-SSH) see the record but not the process.
   */
  readonly host?: string;
  /** Local runner: the CUDA_VISIBLE_DEVICES it gave the job. */
  readonly devices?: string;
  readonly partition?: string;
  /**
   * Local runner: when the job's process started, in seconds since 1970 (from /proc or ps), to tell
   * a reused pid apart. Nothing is signalled unless the running process started then.
   */
  readonly processStartedAt?: number;
  /** Records of earlier versions: the same start in clock ticks since boot (Linux /proc only). */
  readonly processStart?: number;
  /** The spec as submitted, for resubmitting after the file changed or went away. */
  readonly spec?: JobSpec;
  /** Hub model and dataset the job trains (templates set them): the metrics view shows the paper's numbers. */
  readonly hub?: { readonly model: string; readonly dataset: string };
  /** Set while the backend cannot be reached; the state is the last one known. */
  readonly unreachable?: string;
  /** `unreachable` as a message to translate. */
  readonly unreachableText?: Message;
}

/** A state change reported by a backend. */
export type JobUpdate = Partial<Pick<JobRecord, 'state' | 'exitCode' | 'reason' | 'reasonText' | 'startedAt' | 'endedAt' | 'unreachable' | 'unreachableText' | 'metricsPath' | 'metricsStart'>>;

/** A reason HAI gives, in English and as a message (a backend's own reason is plain text). */
export function because(text: Message): { readonly reason: string; readonly reasonText: Message } {
  return { reason: english(text), reasonText: text };
}

/**
 * A record's reason (or unreachable note) as the user reads it: translated while its message still
 * says what the English says. An update that brings the backend's own words replaces the English
 * only, and a record is a file anyone may edit: the English, which is shown otherwise, is what counts.
 */
export function shownText(plain: string | undefined, text: unknown, translate: Translate): string | undefined {
  return plain !== undefined && isMessage(text) && english(text) === plain ? translate(text) : plain;
}

export function isFinal(record: Pick<JobRecord, 'state'>): boolean {
  return FINAL_STATES.has(record.state);
}

/** A new job id: readable, sortable by time, unique enough for one user. */
export function newJobId(name: string, now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${name}-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Our job ids are file names in the job store: letters, digits, '.', '_' and '-', not starting with a dot. */
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,159}$/;
/** A Slurm job id, or an array job's task: anything else would reach scancel or a URL as something else. */
const SLURM_JOB_ID = /^\d{1,12}(_\d{1,9})?$/;
/** The largest pid Linux hands out (2^22); macOS stays far below it. */
const PID_MAX = 4_194_304;

const BACKENDS: ReadonlySet<string> = new Set(['local', 'slurm-cli', 'slurm-rest']);
const STATES: ReadonlySet<string> = new Set(['pending', 'running', 'completed', 'failed', 'cancelled', 'timeout', 'ended', 'unknown']);

export function isJobId(id: unknown): id is string {
  return typeof id === 'string' && JOB_ID.test(id);
}

/**
 * The process group a local record names, or undefined. Pid 1 and below are refused: kill(-1)
 * signals every process of the user, and 0 the caller's own group.
 */
export function localPid(backendId: string): number | undefined {
  if (!/^[1-9]\d{0,6}$/.test(backendId)) return undefined;
  const pid = Number(backendId);
  return pid > 1 && pid <= PID_MAX ? pid : undefined;
}

/** The Slurm job id a record names, or undefined when it is not one (an option, a list, shell text). */
export function slurmJobId(backendId: string): string | undefined {
  return SLURM_JOB_ID.test(backendId) ? backendId : undefined;
}

/** Why the backend id of a record cannot be acted on, or undefined when it can. */
export function backendIdProblem(r: Pick<JobRecord, 'backend' | 'backendId' | 'state' | 'processStartedAt' | 'processStart'>): Message | undefined {
  if (r.backend === 'local') {
    if (localPid(r.backendId) === undefined) return msg('"{0}" is not a pid of a job\'s own process group (an integer above 1)', r.backendId);
    const started = [r.processStartedAt, r.processStart].some((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
    if (!isFinal(r) && !started) return msg('it does not say which process it started (no start time of pid {0})', r.backendId);
    return undefined;
  }
  return slurmJobId(r.backendId) === undefined ? msg('"{0}" is not a Slurm job id (digits, or digits_digits for an array task)', r.backendId) : undefined;
}

/** Why a record is refused: `problem` in English, `text` to show it translated. */
export interface RecordProblem {
  readonly problem: string;
  readonly text: Message;
}

const refused = (text: Message): RecordProblem => ({ problem: english(text), text });

/**
 * Checks a record read from disk before anything acts on it: the file may be from another version,
 * damaged, or edited by hand. Returns the record, or why it cannot be used.
 */
export function parseRecord(raw: unknown): { record: JobRecord } | RecordProblem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return refused(msg('it is not an object'));
  const r = raw as Record<string, unknown>;
  // JSON.stringify(undefined) is undefined: String() keeps the words the record shows as they were.
  if (!isJobId(r.id)) return refused(msg('its job id {0} is not a plain name (letters, digits, \'.\', \'_\', \'-\')', String(JSON.stringify(r.id))));
  if (typeof r.backend !== 'string' || !BACKENDS.has(r.backend)) return refused(msg('unknown backend {0}', String(JSON.stringify(r.backend))));
  if (typeof r.state !== 'string' || !STATES.has(r.state)) return refused(msg('unknown state {0}', String(JSON.stringify(r.state))));
  for (const key of ['name', 'backendId', 'workdir', 'jobDir', 'logPath'] as const) {
    if (typeof r[key] !== 'string') return refused(msg('{0} is missing or not text', key));
  }
  for (const key of ['specPath', 'metricsPath', 'reason', 'gpuType', 'devices', 'partition', 'unreachable', 'host'] as const) {
    if (r[key] !== undefined && typeof r[key] !== 'string') return refused(msg('{0} is not text', key));
  }
  for (const key of ['submittedAt', 'startedAt', 'endedAt', 'exitCode', 'gpus', 'processStartedAt', 'processStart'] as const) {
    if (r[key] !== undefined && (typeof r[key] !== 'number' || !Number.isFinite(r[key]))) return refused(msg('{0} is not a number', key));
  }
  if (typeof r.submittedAt !== 'number') return refused(msg('{0} is missing', 'submittedAt'));
  const start = r.metricsStart as Record<string, unknown> | undefined;
  if (start !== undefined && (typeof start !== 'object' || start === null || !Number.isSafeInteger(start.size) || (start.size as number) < 0 || typeof start.head !== 'string' || start.head.length > HEAD_BYTES)) {
    return refused(msg('{0} is not a size and a line', 'metricsStart'));
  }
  if (typeof r.weaverLog !== 'boolean') return refused(msg('{0} is missing', 'weaverLog'));
  const record = raw as unknown as JobRecord;
  const idProblem = backendIdProblem(record);
  return idProblem ? refused(idProblem) : { record };
}
