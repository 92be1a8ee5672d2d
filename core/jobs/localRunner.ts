// The local backend: a job is a detached process group on this machine, its output in a file in the
// job folder. A small fixed /bin/sh wrapper (no user text in it: the paths come as $1 and $2) records
// the exit status in a file, so that a window reload or an extension restart finds out how a job
// ended without having been its parent. Cancel signals the whole group.
import { execFile, spawn } from 'node:child_process';
import { promises as fs, openSync, closeSync, constants } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { BackendError, type JobBackend, newRecord, type PartitionInfo, type SubmitRequest, writeJobFolder } from './backend';
import { isFinal, type JobRecord, type JobUpdate } from './jobRecord';

const run = promisify(execFile);

const WRAPPER = 'bash "$1"; code=$?; printf "%s\\n" "$code" > "$2.tmp" && mv -f "$2.tmp" "$2"';

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

/** The process's start time (clock ticks after boot), from /proc: a pid reused later has another. */
export async function processStartTime(pid: number): Promise<number | undefined> {
  try {
    const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

export interface LocalRunnerOptions {
  /** Lists this machine's GPUs (nvidia-smi by default). */
  readonly gpus?: () => Promise<Gpu[]>;
  /** Jobs already known, to keep their GPUs out of a new job's CUDA_VISIBLE_DEVICES. */
  readonly running?: () => readonly JobRecord[];
  /** How long cancel waits after SIGTERM before SIGKILL. */
  readonly killGraceMs?: number;
}

export class LocalRunner implements JobBackend {
  readonly kind = 'local' as const;

  constructor(private readonly options: LocalRunnerOptions = {}) {}

  async partitions(): Promise<PartitionInfo[]> {
    const gpus = await (this.options.gpus ?? nvidiaGpus)();
    const types = new Map<string, number>();
    for (const g of gpus) types.set(g.name, (types.get(g.name) ?? 0) + 1);
    return [{ name: 'local', isDefault: true, up: true, gres: [...types].map(([type, count]) => ({ name: 'gpu', type, count })) }];
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
    try {
      const child = spawn('/bin/sh', ['-c', WRAPPER, 'hai-job', scriptPath, exitPath], {
        cwd: req.workdir,
        detached: true,
        stdio: ['ignore', fd, fd],
        env: { ...process.env, PYTHONUNBUFFERED: '1' },
      });
      pid = child.pid;
      child.on('error', () => undefined);
      child.unref();
    } finally {
      closeSync(fd);
    }
    if (pid === undefined) throw new BackendError('The job could not be started: /bin/sh did not run.', 'failed');
    return { ...newRecord(req, 'local', { backendId: String(pid), logPath, submittedAt, state: 'running' }), startedAt: submittedAt, devices, processStart: await processStartTime(pid) };
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
    const pgid = Number(record.backendId);
    if (!(await this.alive(record))) return (await this.status(record)) ?? {};
    signalGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + (this.options.killGraceMs ?? 5000);
    while (groupExists(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (groupExists(pgid)) signalGroup(pgid, 'SIGKILL');
    return { state: 'cancelled', endedAt: Date.now(), reason: 'cancelled by the user' };
  }

  private async alive(r: JobRecord): Promise<boolean> {
    const pid = Number(r.backendId);
    const start = await processStartTime(pid);
    return start !== undefined && (r.processStart === undefined || start === r.processStart);
  }

  private async status(r: JobRecord): Promise<JobUpdate | undefined> {
    const exitPath = path.join(r.jobDir, 'exit_code');
    try {
      const [text, stat] = await Promise.all([fs.readFile(exitPath, 'utf8'), fs.stat(exitPath)]);
      const code = Number(text.trim());
      if (!Number.isInteger(code)) throw new Error('bad exit file');
      return code === 0
        ? { state: 'completed', exitCode: 0, endedAt: stat.mtimeMs }
        : { state: 'failed', exitCode: code, endedAt: stat.mtimeMs, reason: code > 128 ? `killed by signal ${code - 128}` : `exit code ${code}` };
    } catch {
      if (await this.alive(r)) return r.state === 'running' ? undefined : { state: 'running' };
      return { state: 'failed', endedAt: Date.now(), reason: 'the job ended without an exit status (killed, or the machine restarted)' };
    }
  }

  private async pickGpus(count: number, type: string | undefined): Promise<string> {
    const all = await (this.options.gpus ?? nvidiaGpus)();
    if (all.length === 0) throw new BackendError(`The job asks for ${count} GPU(s) but this machine has none: set resources.gpus to 0, or submit to Slurm.`, 'rejected');
    const ofType = type ? all.filter((g) => g.name.toLowerCase().includes(type.toLowerCase())) : all;
    if (ofType.length === 0) throw new BackendError(`No GPU of type "${type}" here (found: ${[...new Set(all.map((g) => g.name))].join(', ')}).`, 'rejected');
    const busy = new Set((this.options.running?.() ?? []).filter((j) => j.backend === 'local' && !isFinal(j) && j.devices).flatMap((j) => j.devices!.split(',')));
    const free = ofType.filter((g) => !busy.has(g.index));
    if (free.length < count) throw new BackendError(`The job asks for ${count} GPU(s); ${free.length} of ${ofType.length} are free (others are used by running HAI jobs).`, 'rejected');
    return free.slice(0, count).map((g) => g.index).join(',');
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is gone already.
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
