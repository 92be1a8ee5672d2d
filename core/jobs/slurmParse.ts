// Reading what Slurm's commands and slurmrestd say about jobs and partitions.
import { english, type Message, msg } from '../text/message';
import type { PartitionInfo } from './backend';
import { because, FINAL_STATES, type JobState, type JobUpdate } from './jobRecord';

/** Slurm's job state (JOB_STATE, with or without flags such as "CANCELLED by 1001") → ours. */
export function slurmState(state: string): JobState {
  const s = state.trim().split(/[\s+]/)[0].toUpperCase();
  switch (s) {
    case 'PENDING':
    case 'REQUEUED':
    case 'REQUEUE_HOLD':
    case 'REQUEUE_FED':
    case 'RESV_DEL_HOLD':
    case 'PREEMPTED':
      return 'pending';
    case 'CONFIGURING':
    case 'RUNNING':
    case 'COMPLETING':
    case 'SUSPENDED':
    case 'STAGE_OUT':
    case 'SIGNALING':
    case 'RESIZING':
      return 'running';
    case 'COMPLETED':
      return 'completed';
    case 'CANCELLED':
      return 'cancelled';
    case 'TIMEOUT':
    case 'DEADLINE':
      return 'timeout';
    case 'FAILED':
    case 'NODE_FAIL':
    case 'BOOT_FAIL':
    case 'OUT_OF_MEMORY':
    case 'SPECIAL_EXIT':
    case 'REVOKED':
      return 'failed';
    default:
      return 'unknown';
  }
}

/** "2:0" (exit code 2) or "0:15" (signal 15) → the exit code a shell would report. */
export function slurmExitCode(text: string | undefined): number | undefined {
  const m = /^(\d+):(\d+)$/.exec(text?.trim() ?? '');
  if (!m) return undefined;
  const [code, signal] = [Number(m[1]), Number(m[2])];
  return signal > 0 ? 128 + signal : code;
}

/** Slurm's "2026-11-28T10:00:00" (local time), "Unknown", "None" → ms since the epoch. */
export function slurmTime(text: string | undefined): number | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(text)) return undefined;
  const t = new Date(text).getTime();
  return Number.isFinite(t) ? t : undefined;
}

/** Slurm's reason as it wrote it; for a failed job, with its exit code in the user's language. */
function reasonFor(state: JobState, reason: string | undefined, exitCode: number | undefined): Pick<JobUpdate, 'reason' | 'reasonText'> {
  const r = reason && reason !== 'None' && reason !== '(null)' ? reason : undefined;
  if (state === 'failed' && exitCode !== undefined) return because(r ? msg('{0}, exit code {1}', r, exitCode) : msg('exit code {0}', exitCode));
  return { reason: r, reasonText: undefined };
}

/** `scontrol show job -o` (one job per line, Key=Value fields) → updates by Slurm job id. */
export function parseScontrolJobs(stdout: string): Map<string, JobUpdate & { readonly stdOut?: string }> {
  const out = new Map<string, JobUpdate & { stdOut?: string }>();
  for (const line of stdout.split('\n')) {
    const fields = new Map<string, string>();
    for (const m of line.matchAll(/(?:^|\s)([A-Za-z:/]+)=(\S*)/g)) if (!fields.has(m[1])) fields.set(m[1], m[2]);
    const id = fields.get('JobId');
    const rawState = fields.get('JobState');
    if (!id || !rawState) continue;
    const state = slurmState(rawState);
    const exitCode = FINAL_STATES.has(state) ? slurmExitCode(fields.get('ExitCode')) : undefined;
    // An array task's line names its own JobId; a record may name it as ArrayJobId_ArrayTaskId.
    const [arrayJob, task] = [fields.get('ArrayJobId'), fields.get('ArrayTaskId')];
    const ids = arrayJob && task && /^\d+$/.test(task) ? [id, `${arrayJob}_${task}`] : [id];
    for (const key of ids) out.set(key, {
      state,
      exitCode,
      ...reasonFor(state, fields.get('Reason'), exitCode),
      startedAt: state === 'pending' ? undefined : slurmTime(fields.get('StartTime')),
      endedAt: FINAL_STATES.has(state) ? slurmTime(fields.get('EndTime')) : undefined,
      stdOut: fields.get('StdOut'),
    });
  }
  return out;
}

/** squeue's format for `parseSqueue`: the job as named (123_4 for an array task), its JobId, state, reason, start, end. */
export const SQUEUE_FORMAT = '%i|%A|%T|%r|%S|%e';

/**
 * `squeue -h -o SQUEUE_FORMAT` → updates by job id, under both names of an array task (123_4 and
 * its own JobId); squeue has no exit code, so a job that ended is asked again with scontrol.
 */
export function parseSqueue(stdout: string): Map<string, JobUpdate> {
  const out = new Map<string, JobUpdate>();
  for (const line of stdout.split('\n')) {
    const [named, jobId, rawState, reason, start, end] = line.trim().split('|');
    if (!named || !jobId || !rawState) continue;
    const state = slurmState(rawState);
    const update: JobUpdate = {
      state,
      ...reasonFor(state, reason, undefined),
      startedAt: state === 'pending' ? undefined : slurmTime(start),
      endedAt: FINAL_STATES.has(state) ? slurmTime(end) : undefined,
    };
    out.set(named, update);
    // Pending tasks folded into one line (`1_[2-3,7%2]`, where squeue runs without -r): each task by
    // its own name, so that a task still waiting is never taken for one Slurm forgot.
    for (const task of arrayTasks(named)) if (!out.has(task)) out.set(task, update);
    if (!out.has(jobId)) out.set(jobId, update);
  }
  return out;
}

/** The tasks `1_[2-3,7%2]` names (1_2, 1_3, 1_7), at most 100 000; none for any other name. */
function arrayTasks(named: string): string[] {
  const m = /^(\d+)_\[([\d,-]+)(?:%\d+)?\]$/.exec(named);
  if (!m) return [];
  const tasks: string[] = [];
  for (const piece of m[2].split(',')) {
    const [from, to = from] = piece.split('-').map(Number);
    for (let t = from; t <= to && tasks.length < 100_000; t++) tasks.push(`${m[1]}_${t}`);
  }
  return tasks;
}

/** `sacct -P -n -o JobID,State,ExitCode,Start,End` → updates by job id (job steps are skipped). */
export function parseSacct(stdout: string): Map<string, JobUpdate> {
  const out = new Map<string, JobUpdate>();
  for (const line of stdout.split('\n')) {
    const [id, rawState, exit, start, end] = line.split('|');
    if (!id || !rawState || id.includes('.')) continue;
    const state = slurmState(rawState);
    const exitCode = FINAL_STATES.has(state) ? slurmExitCode(exit) : undefined;
    out.set(id, { state, exitCode, ...reasonFor(state, rawState.includes(' by ') ? rawState.toLowerCase() : undefined, exitCode), startedAt: slurmTime(start), endedAt: slurmTime(end) });
  }
  return out;
}

/** `sinfo -h -o %P|%a|%l|%G` → partitions; a partition on several node types appears on several lines. */
export function parseSinfo(stdout: string): PartitionInfo[] {
  const byName = new Map<string, { name: string; isDefault: boolean; up: boolean; timeLimit?: string; gres: Map<string, { name: string; type?: string; count: number }> }>();
  for (const line of stdout.split('\n')) {
    const [rawName, avail, limit, gres] = line.split('|');
    if (!rawName) continue;
    const name = rawName.replace(/\*$/, '');
    const p = byName.get(name) ?? { name, isDefault: rawName.endsWith('*'), up: avail === 'up', timeLimit: limit, gres: new Map() };
    for (const g of parseGres(gres ?? '')) {
      const key = `${g.name}:${g.type ?? ''}`;
      const old = p.gres.get(key);
      if (!old || old.count < g.count) p.gres.set(key, g);
    }
    byName.set(name, p);
  }
  return [...byName.values()].map((p) => ({ name: p.name, isDefault: p.isDefault, up: p.up, timeLimit: p.timeLimit, gres: [...p.gres.values()] }));
}

/** "gpu:a100:4(S:0-1),npu:2" → [{gpu, a100, 4}, {npu, 2}]; "(null)" → []. */
export function parseGres(text: string): { name: string; type?: string; count: number }[] {
  const out: { name: string; type?: string; count: number }[] = [];
  for (const part of text.split(/,(?![^(]*\))/)) {
    const m = /^([A-Za-z0-9_]+)(?::([A-Za-z0-9_.-]+))?:(\d+)/.exec(part.trim());
    if (m) out.push(m[2] === undefined ? { name: m[1], count: Number(m[3]) } : { name: m[1], type: m[2], count: Number(m[3]) });
  }
  return out;
}

/**
 * Turns sbatch's and scontrol's error output into a message with what to do: `text` to show
 * translated (Slurm's own line stays as it is), `message` the same in English.
 */
export function explainSlurmError(stderr: string): { message: string; text: Message; kind: 'rejected' | 'unreachable' | 'invalid' } {
  const out = stderr.replace(/^s\w+: error: /gm, '').trim();
  const said = (kind: 'rejected' | 'unreachable' | 'invalid', text: Message) => ({ kind, text, message: english(text) });
  const last = lastLine(out);
  if (/Unable to contact slurm controller|Connection refused|Socket timed out|Zero Bytes were transmitted/i.test(out)) {
    return said('unreachable', msg('The Slurm controller does not answer ({0}). Check that slurmctld is running, or ask the cluster\'s administrators.', last));
  }
  if (/Invalid partition name/i.test(out)) return said('rejected', msg('Slurm does not know this partition: choose one that sinfo lists ({0}).', last));
  if (/Invalid generic resource|Invalid GRES|Requested node configuration is not available/i.test(out)) {
    return said('rejected', msg('No node can give this job what it asks for (GPU type or count, memory, CPUs): {0}. Ask for less, or another partition.', last));
  }
  if (/Invalid account|Invalid qos/i.test(out)) return said('rejected', msg('Slurm refused the account or QOS: {0}.', last));
  if (/Job violates accounting\/QOS policy/i.test(out)) {
    return said('rejected', msg('The job goes beyond a limit of its account or QOS (time, jobs, GPUs): {0}. Ask for less, or use a QOS that allows more.', last));
  }
  if (/time limit/i.test(out)) return said('rejected', msg('The time limit is not allowed here: {0}.', last));
  return said('rejected', msg('Slurm refused the job: {0}.', last || msg('no reason given')));
}

function lastLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? '';
}
