// The local backend: a job is a detached process group on this machine, its output in a file in the
// job folder. A small fixed /bin/sh wrapper (no user text in it: the paths and the job's name come as
// arguments) records the exit status in a file, so that a window reload or an extension restart
// finds out how a job ended without having been its parent; it also ends the log with a line saying
// how (endLine.ts). Cancel signals the whole group, and only when the process
// with the recorded pid started when the record says (from /proc, or ps where there is no /proc, as
// on macOS): a pid reused by another process, or a record edited by hand, is never signalled.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promises as fs, openSync, closeSync, constants, existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { processAlive } from '../fs/fileLock';
import { msg } from '../text/message';
import { BackendError, type JobBackend, newRecord, type PartitionInfo, type SubmitRequest, writeJobFolder } from './backend';
import { appendEndLine, endLine } from './endLine';
import { because, isFinal, localPid, type JobRecord, type JobUpdate } from './jobRecord';

const run = promisify(execFile);

/**
 * Runs the job's script ($1), then appends to the log ($4, also its stdout) how the job ended, in
 * the style of the script's start line and with the job's name ($3) (endLine.ts), and writes the
 * exit status ($2) last: whoever sees the status sees the whole log. The duration is written as
 * formatDuration writes it. A cancel kills this shell with the job, and the runner writes that end.
 */
const WRAPPER = [
  't0=$(date +%s)',
  'bash "$1"; code=$?',
  'd=$(( $(date +%s) - t0 ))',
  'if [ "$d" -ge 86400 ]; then took="$((d / 86400)) d $((d % 86400 / 3600)) h"',
  'elif [ "$d" -ge 3600 ]; then took=$(printf "%d h %02d min" $((d / 3600)) $((d % 3600 / 60)))',
  'elif [ "$d" -ge 60 ]; then took=$(printf "%d min %02d s" $((d / 60)) $((d % 60)))',
  'else took="$d s"; fi',
  'if [ "$code" -eq 0 ]; then how="finished with exit code 0"',
  'elif [ "$code" -gt 128 ]; then sig=$(kill -l $((code - 128)) 2>/dev/null); how="was killed by signal $((code - 128))${sig:+ (SIG$sig)}"',
  'else how="failed with exit code $code"; fi',
  // A job killed in the middle of a line (a progress bar) leaves it open: the end line starts a new one.
  '[ -n "$(tail -c 1 "$4" 2>/dev/null)" ] && echo',
  'printf "[HAI] job %s %s at %s (after %s)\\n" "$3" "$how" "$(date \'+%Y-%m-%d %H:%M:%S\')" "$took"',
  'printf "%s\\n" "$code" > "$2.tmp" && mv -f "$2.tmp" "$2"',
].join('\n');

export interface Gpu {
  readonly index: string;
  readonly name: string;
}

/** GPUs from nvidia-smi; none when it is missing or fails. */
export async function nvidiaGpus(): Promise<Gpu[]> {
  try {
    const { stdout } = await run('nvidia-smi', ['--query-gpu=index,name', '--format=csv,noheader'], { timeout: 10_000 });
    return stdout
      .split('\n')
      .map((l) => l.split(',').map((s) => s.trim()))
      .filter(([i]) => /^\d+$/.test(i ?? ''))
      .map(([index, name]) => ({ index, name: name ?? 'GPU' }));
  } catch {
    return [];
  }
}

/** Linux reports process start times in clock ticks of 1/100 s (USER_HZ, fixed in its ABI). */
const TICKS_PER_SECOND = 100;
/** Clocks of /proc and ps may round one second apart; a reused pid would start later than that. */
const START_TOLERANCE_S = 1;

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot. */
function ticksFromStat(stat: string): number {
  // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

/** `ps -o lstart=` with LC_ALL=C and TZ=UTC, e.g. "Sun Nov 29 19:16:06 2026", as seconds since 1970. */
function secondsFromLstart(text: string): number | undefined {
  const m = /^\s*\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})\s*$/.exec(text);
  const month = m ? ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[1]) : -1;
  if (!m || month < 0) return undefined;
  return Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) / 1000;
}

const PS_ENV = { ...process.env, LC_ALL: 'C', TZ: 'UTC' };
const psArgs = (pid: number): string[] => ['-o', 'lstart=', '-p', String(pid)];

/**
 * When a process started, in seconds since 1970, or undefined when there is no such process. Read
 * from /proc (boot time plus the start in ticks, as ps computes it) where there is one, else from
 * `ps`, which macOS has and which needs no /proc there. A pid reused later has another start.
 */
export async function processStartTime(pid: number, procRoot = '/proc'): Promise<number | undefined> {
  try {
    const [stat, boot] = await Promise.all([fs.readFile(`${procRoot}/${pid}/stat`, 'utf8'), fs.readFile(`${procRoot}/stat`, 'utf8')]);
    return fromProc(stat, boot);
  } catch {
    if (await fs.access(`${procRoot}/stat`).then(() => true, () => false)) return undefined;
  }
  try {
    return secondsFromLstart((await run('ps', psArgs(pid), { env: PS_ENV, timeout: 10_000 })).stdout);
  } catch {
    return undefined;
  }
}

/** The same, without yielding: right after spawn, before the event loop can reap a job that ended at once. */
export function processStartTimeSync(pid: number, procRoot = '/proc'): number | undefined {
  try {
    return fromProc(readFileSync(`${procRoot}/${pid}/stat`, 'utf8'), readFileSync(`${procRoot}/stat`, 'utf8'));
  } catch {
    if (existsSync(`${procRoot}/stat`)) return undefined;
  }
  try {
    return secondsFromLstart(execFileSync('ps', psArgs(pid), { env: PS_ENV, timeout: 10_000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return undefined;
  }
}

function fromProc(stat: string, boot: string): number | undefined {
  const btime = Number(/^btime\s+(\d+)$/m.exec(boot)?.[1]);
  const ticks = ticksFromStat(stat);
  return Number.isFinite(btime) && Number.isFinite(ticks) ? btime + Math.floor(ticks / TICKS_PER_SECOND) : undefined;
}

export interface LocalRunnerOptions {
  /** Lists this machine's GPUs (nvidia-smi by default). */
  readonly gpus?: () => Promise<Gpu[]>;
  /** Jobs already known, to keep their GPUs out of a new job's CUDA_VISIBLE_DEVICES. */
  readonly running?: () => readonly JobRecord[];
  /** How long cancel waits after SIGTERM before SIGKILL. */
  readonly killGraceMs?: number;
  /** Where /proc is; tests point it at a folder that does not exist to run as on macOS (ps only). */
  readonly procRoot?: string;
  /** This machine's name (os.hostname() by default); tests name another to be a window elsewhere. */
  readonly hostname?: string;
}

export class LocalRunner implements JobBackend {
  readonly kind = 'local' as const;

  private readonly host: string;

  constructor(private readonly options: LocalRunnerOptions = {}) {
    this.host = options.hostname ?? os.hostname();
  }

  /** The machine a record's process runs on, when it is not this one (records of earlier versions say none: this one). */
  private elsewhere(r: JobRecord): string | undefined {
    return r.host !== undefined && r.host !== this.host ? r.host : undefined;
  }

  async partitions(): Promise<PartitionInfo[]> {
    const gpus = await (this.options.gpus ?? nvidiaGpus)();
    const types = new Map<string, number>();
    for (const g of gpus) types.set(g.name, (types.get(g.name) ?? 0) + 1);
    return [{ name: 'local', isDefault: true, up: true, gres: [...types].map(([type, count]) => ({ name: 'gpu', type, count })) }];
  }

  /** This machine charges no account. */
  async accounting(): Promise<undefined> {
    return undefined;
  }

  async submit(req: SubmitRequest): Promise<JobRecord> {
    const wanted = req.spec.resources?.gpus ?? 0;
    let devices: string | undefined;
    if (wanted > 0) devices = await this.pickGpus(wanted, req.spec.resources?.gpuType);
    const { scriptPath } = await writeJobFolder(req, devices !== undefined ? { CUDA_VISIBLE_DEVICES: devices } : {});
    const logPath = path.join(req.jobDir, 'output.log');
    const exitPath = path.join(req.jobDir, 'exit_code');
    const fd = openSync(logPath, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600);
    const submittedAt = Date.now();
    let pid: number | undefined;
    let processStartedAt: number | undefined;
    try {
      const child = spawn('/bin/sh', ['-c', WRAPPER, 'hai-job', scriptPath, exitPath, req.spec.name, logPath], {
        cwd: req.workdir,
        detached: true,
        stdio: ['ignore', fd, fd],
        env: { ...process.env, PYTHONUNBUFFERED: '1' },
      });
      pid = child.pid;
      if (pid !== undefined) processStartedAt = processStartTimeSync(pid, this.options.procRoot);
      child.on('error', () => undefined);
      child.unref();
    } finally {
      closeSync(fd);
    }
    if (pid === undefined) throw new BackendError('failed', msg('The job could not be started: /bin/sh did not run.'), '');
    if (processStartedAt === undefined) {
      // Without its start time HAI could never tell the job's process from a later one with its pid.
      throw new BackendError('failed', msg('The job started as process {0}, but neither /proc nor ps tells when that process started, so HAI cannot follow or cancel it. Check that ps is on the PATH; end the job with "kill -- -{0}" if needed.', pid), '');
    }
    return { ...newRecord(req, 'local', { backendId: String(pid), logPath, submittedAt, state: 'running' }), startedAt: submittedAt, devices, processStartedAt, host: this.host };
  }

  async refresh(records: readonly JobRecord[]): Promise<Map<string, JobUpdate>> {
    const updates = new Map<string, JobUpdate>();
    for (const r of records) {
      if (r.backend !== 'local' || isFinal(r)) continue;
      const update = await this.status(r);
      if (update) updates.set(r.id, update);
    }
    return updates;
  }

  async cancel(record: JobRecord): Promise<JobUpdate> {
    if (isFinal(record)) return {};
    const host = this.elsewhere(record);
    if (host !== undefined) throw new BackendError('invalid', msg('Job {0} runs on {1}, not on this machine ({2}): cancel it from a VS Code window on {1}, or end it there with "kill -- -{3}".', record.name, host, this.host, record.backendId), '');
    const pgid = localPid(record.backendId);
    if (pgid === undefined) throw new BackendError('invalid', msg('The record of job {0} names "{1}", which is not a process group HAI started; nothing was signalled. Remove the job from the list.', record.name, record.backendId), '');
    const owned = await this.owns(record, pgid);
    if (owned === undefined) throw new BackendError('invalid', msg('The record of job {0} does not say which process it started, so HAI will not signal process {1}. Remove the job from the list; end the process yourself if it is yours.', record.name, pgid), '');
    if (!owned) return (await this.status(record)) ?? {};
    signalGroup(pgid, 'SIGTERM');
    await groupGone(pgid, this.options.killGraceMs ?? 5000);
    if (await groupRuns(pgid)) {
      signalGroup(pgid, 'SIGKILL');
      await groupGone(pgid, KILL_WAIT_MS);
    }
    const endedAt = Date.now();
    // After the job's processes are gone, so that nothing it still writes comes after the line.
    await appendEndLine(record, endLine(record.name, 'was cancelled by the user in VS Code', endedAt, record.startedAt ?? record.submittedAt)).catch(() => false);
    return { state: 'cancelled', endedAt, ...because(msg('cancelled by the user')) };
  }

  /**
   * Whether the job's process still runs: its pid is alive and started when the record says.
   * Undefined when the record does not say when it started (then nothing may be signalled).
   */
  private async owns(r: JobRecord, pid: number): Promise<boolean | undefined> {
    if (r.processStartedAt !== undefined) {
      const start = await processStartTime(pid, this.options.procRoot);
      return start !== undefined && Math.abs(start - r.processStartedAt) <= START_TOLERANCE_S;
    }
    if (r.processStart !== undefined) {
      // Records of earlier versions, written where /proc was: compare clock ticks.
      const stat = await fs.readFile(`${this.options.procRoot ?? '/proc'}/${pid}/stat`, 'utf8').catch(() => undefined);
      return stat !== undefined && ticksFromStat(stat) === r.processStart;
    }
    return undefined;
  }

  private async status(r: JobRecord): Promise<JobUpdate | undefined> {
    const ended = await exitStatus(r);
    if (ended) return ended;
    // The pid means nothing here: the job runs on another machine. Its exit status (in the job folder,
    // on the shared disk) says when it ends; until then it is shown as running there.
    const host = this.elsewhere(r);
    if (host !== undefined) {
      const there = because(msg('runs on {0}; a VS Code window there can cancel it', host));
      return r.state === 'running' && r.reason === there.reason ? undefined : { state: 'running', ...there };
    }
    const pid = localPid(r.backendId);
    const owned = pid === undefined ? undefined : await this.owns(r, pid);
    if (owned === undefined) return { state: 'unknown', ...because(msg('HAI cannot tell whether this job runs: its record does not say which process it started')) };
    if (owned) return r.state === 'running' ? undefined : { state: 'running' };
    // The wrapper (the group's leader) is gone and the job's own processes are not: a cancel under
    // way (SIGTERM ends the shell at once, a program may take its time to stop), so the job runs yet;
    // its end line comes from the cancel, after them. A process that holds the pid now is another
    // one (owns said so): a pid is not given out while a group of that number lives, so the group is gone.
    if (pid !== undefined && !processAlive(pid) && (await groupRuns(pid))) return r.state === 'running' ? undefined : { state: 'running' };
    // The wrapper writes the exit status just before it ends: look again now that it has.
    const gone = (await exitStatus(r)) ?? { state: 'failed', endedAt: Date.now(), ...because(msg('the job ended without an exit status (killed, or the machine restarted)')) };
    // Killed with its wrapper (the whole group), or the machine went down: no end line was written.
    if (gone.exitCode === undefined) await appendEndLine(r, endLine(r.name, 'was found ended without an exit status (its whole process group was killed, or the machine restarted)', gone.endedAt ?? Date.now())).catch(() => false);
    return gone;
  }

  private async pickGpus(count: number, type: string | undefined): Promise<string> {
    const all = await (this.options.gpus ?? nvidiaGpus)();
    if (all.length === 0) throw new BackendError('rejected', count === 1 ? msg('The job asks for 1 GPU but this machine has none: set resources.gpus to 0, or submit to Slurm.') : msg('The job asks for {0} GPUs but this machine has none: set resources.gpus to 0, or submit to Slurm.', count), '');
    const ofType = type ? all.filter((g) => g.name.toLowerCase().includes(type.toLowerCase())) : all;
    if (ofType.length === 0) throw new BackendError('rejected', msg('No GPU of type "{0}" here (found: {1}).', String(type), [...new Set(all.map((g) => g.name))].join(', ')), '');
    // Only this machine's jobs hold this machine's GPUs (another login node's GPU 0 is not ours).
    const busy = new Set((this.options.running?.() ?? []).filter((j) => j.backend === 'local' && !isFinal(j) && j.devices && (j.host === undefined || j.host === this.host)).flatMap((j) => j.devices!.split(',')));
    const free = ofType.filter((g) => !busy.has(g.index));
    if (free.length < count) throw new BackendError('rejected', count === 1 ? msg('The job asks for 1 GPU; {0} of {1} are free (others are used by running HAI jobs).', free.length, ofType.length) : msg('The job asks for {0} GPUs; {1} of {2} are free (others are used by running HAI jobs).', count, free.length, ofType.length), '');
    return free.slice(0, count).map((g) => g.index).join(',');
  }
}

/** How the job ended, from the exit status file the wrapper writes; undefined while there is none. */
async function exitStatus(r: JobRecord): Promise<JobUpdate | undefined> {
  const exitPath = path.join(r.jobDir, 'exit_code');
  try {
    const [text, stat] = await Promise.all([fs.readFile(exitPath, 'utf8'), fs.stat(exitPath)]);
    const code = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(code)) return undefined;
    return code === 0
      ? { state: 'completed', exitCode: 0, endedAt: stat.mtimeMs }
      : { state: 'failed', exitCode: code, endedAt: stat.mtimeMs, ...because(code > 128 ? msg('killed by signal {0}', code - 128) : msg('exit code {0}', code)) };
  } catch {
    return undefined;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is gone already.
  }
}

/** How long cancel waits for the job's processes to go after SIGKILL, before it writes the end line. */
const KILL_WAIT_MS = 2000;

/** Waits until no process of the group runs, at most `ms`. */
async function groupGone(pgid: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await groupRuns(pgid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Whether a process of the group still runs. An ended process stays a zombie until its parent reaps
 * it; the job's program, once the wrapper is killed with it, is left to init, which in a container
 * without an init (code-server's, often) never reaps it: a group of zombies only is over.
 */
async function groupRuns(pgid: number): Promise<boolean> {
  if (!groupExists(pgid)) return false;
  try {
    const { stdout } = await run('ps', ['-A', '-o', 'pgid=,stat='], { env: PS_ENV, timeout: 10_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout.split('\n').some((line) => {
      const [group, stat] = line.trim().split(/\s+/);
      return Number(group) === pgid && !stat?.startsWith('Z');
    });
  } catch {
    // No ps: the group's zombies count as running, as the signal check says.
    return true;
  }
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
