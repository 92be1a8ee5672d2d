// The slurm-rest backend: slurmrestd's OpenAPI over axios, authenticated with a JWT
// (X-SLURM-USER-NAME / X-SLURM-USER-TOKEN). The token comes from a callback (SecretStorage in the
// extension) and goes into no log and no error: errors carry slurmrestd's own words only. It goes
// to the configured address only: redirects are refused, and job ids are checked before use.
import axios, { type AxiosInstance, type AxiosResponse, isAxiosError } from 'axios';
import { type Message, msg } from '../text/message';
import { type Accounting, BackendError, type JobBackend, newRecord, type PartitionInfo, type SubmitRequest, writeJobFolder } from './backend';
import { because, FINAL_STATES, isFinal, type JobRecord, type JobUpdate, slurmJobId } from './jobRecord';
import { gresRequest } from './sbatchArgs';
import { expandJobPattern, readDbJob, readJob, restNumber, type RestJob, submitBody, type RestVersion } from './slurmRestApi';
import { notAJobId, slurmPathPattern } from './slurmCli';
import { parseGres, slurmState } from './slurmParse';
import { accountingError, clustersOf, hostlistHas, noAccountingStorage, restAssociations, restQos, slurmDuration, withYourAccounts } from './slurmAccounting';

export interface SlurmRestOptions {
  /** e.g. http://127.0.0.1:6820 */
  readonly url: string;
  readonly user: string;
  readonly version: RestVersion;
  readonly token: () => Promise<string | undefined>;
  readonly timeoutMs?: number;
  /** Variables every job gets (slurmrestd requires an environment; sbatch would copy the caller's). */
  readonly baseEnvironment?: Readonly<Record<string, string>>;
}

export class SlurmRest implements JobBackend {
  readonly kind = 'slurm-rest' as const;
  private readonly http: AxiosInstance;

  constructor(private readonly options: SlurmRestOptions) {
    // No redirects: axios would resend the token header and the job script to whatever host a 3xx
    // names. A redirect comes back as a response and is reported (see redirected()).
    this.http = axios.create({ baseURL: options.url.replace(/\/+$/, ''), timeout: options.timeoutMs ?? 15_000, proxy: false, validateStatus: () => true, maxRedirects: 0 });
  }

  private async request<T>(method: 'get' | 'post' | 'delete', url: string, data?: unknown): Promise<{ status: number; body: T }> {
    const token = await this.options.token();
    if (!token) throw new BackendError('auth', msg('No slurmrestd token is set: run "HAI: Set Slurm REST Token" (scontrol token prints one).'), '');
    // slurmrestd 22.05 answers an expired token with a bare "Unspecified error": read the expiry
    // from the token itself (its payload is plain base64url JSON) to say what is wrong.
    const expires = jwtExpiry(token);
    if (expires !== undefined && expires <= Date.now()) {
      throw new BackendError('auth', msg('The slurmrestd token for {0} expired at {1}: run "HAI: Set Slurm REST Token" with a new one (scontrol token lifespan=…).', this.options.user, new Date(expires).toLocaleString()), '');
    }
    let res: AxiosResponse<T>;
    try {
      res = await this.http.request<T>({ method, url, data, headers: { 'X-SLURM-USER-NAME': this.options.user, 'X-SLURM-USER-TOKEN': token } });
    } catch (err) {
      const code = isAxiosError(err) ? err.code : undefined;
      throw new BackendError('unreachable', msg('slurmrestd at {0} does not answer ({1}). Check the URL in hai.jobs.slurmrestUrl and that slurmrestd is running.', this.options.url, code ?? (err as Error).message), '');
    }
    if (res.status >= 300 && res.status < 400) throw this.redirected(url, res.status, res.headers.location);
    return { status: res.status, body: res.data };
  }

  /** A 3xx is not followed (it would take the token along): say where it pointed and what to do. */
  private redirected(url: string, status: number, location: unknown): BackendError {
    const base = this.options.url.replace(/\/+$/, '');
    let target = typeof location === 'string' ? location : '';
    let suggestion = '';
    try {
      target = new URL(target, `${base}${url}`).href;
      // Where the same request path sits under the new address, that address is what the setting wants.
      suggestion = target.endsWith(url) ? target.slice(0, -url.length) : new URL(target).origin;
    } catch {
      // No usable Location header: the message says so.
    }
    return new BackendError('invalid', target
        ? msg('slurmrestd at {0} answered with a redirect to {1} (HTTP {2}); HAI does not follow redirects so that your token is not sent elsewhere. If you trust {3}, set hai.jobs.slurmrestUrl to it.', this.options.url, target, status, suggestion)
        : msg('slurmrestd at {0} answered with a redirect (HTTP {1}) without saying where; HAI does not follow redirects. Check hai.jobs.slurmrestUrl.', this.options.url, status), '', { detail: `HTTP ${status} Location: ${target || '(none)'}` });
  }

  /** slurmrestd answers 500 for most problems, with the reason in errors[]: read it. */
  private fail(what: Message, status: number, body: unknown): BackendError {
    const errors = (body as { errors?: { error?: string; description?: string; error_number?: number }[] })?.errors ?? [];
    const detail = errors.map((e) => [e.error, e.description].filter(Boolean).join(': ')).filter(Boolean).join('; ') || `HTTP ${status}`;
    if (status === 401 || status === 403 || /auth|token|jwt|credential/i.test(detail) || /slurmctld config is unable to load/.test(detail)) {
      return new BackendError('auth', msg('slurmrestd refused the token for {0} ({1}): it may have expired. Run "HAI: Set Slurm REST Token" with a new one.', this.options.user, detail), '', { detail: detail });
    }
    if (status === 502 || status === 503 || /Unable to contact slurm controller|Slurm controller/i.test(detail)) {
      return new BackendError('unreachable', msg('slurmrestd cannot reach the Slurm controller ({0}).', detail), '', { detail: detail });
    }
    if (/node configuration is not available|Invalid generic resource|gres/i.test(detail)) {
      return new BackendError('rejected', msg('{0}: no node can give this job what it asks for ({1}). Ask for fewer or other GPUs, or another partition.', what, detail), '', { detail: detail });
    }
    if (/Invalid partition/i.test(detail)) return new BackendError('rejected', msg('{0}: Slurm does not know this partition ({1}).', what, detail), '', { detail: detail });
    return new BackendError(status === 400 ? 'invalid' : 'rejected', msg('{0}: {1}', what, detail), '', { detail: detail });
  }

  private base(): string {
    return `/slurm/${this.options.version}`;
  }

  async ping(): Promise<void> {
    const { status, body } = await this.request<unknown>('get', `${this.base()}/ping`);
    if (status !== 200) throw this.fail(msg('slurmrestd ping failed'), status, body);
  }

  async partitions(): Promise<PartitionInfo[]> {
    const [parts, nodes] = await Promise.all([this.request<Record<string, unknown>>('get', `${this.base()}/partitions`), this.request<Record<string, unknown>>('get', `${this.base()}/nodes`)]);
    if (parts.status !== 200) throw this.fail(msg('Listing partitions failed'), parts.status, parts.body);
    if (nodes.status !== 200) throw this.fail(msg('Listing nodes failed'), nodes.status, nodes.body);
    const gresByPartition = new Map<string, { name: string; type?: string; count: number }[]>();
    for (const n of (nodes.body.nodes as Record<string, unknown>[] | undefined) ?? []) {
      for (const p of (n.partitions as string[] | undefined) ?? []) {
        const list = gresByPartition.get(p) ?? [];
        for (const g of parseGres(String(n.gres ?? ''))) if (!list.some((x) => x.name === g.name && x.type === g.type && x.count >= g.count)) list.push(g);
        gresByPartition.set(p, list);
      }
    }
    return ((parts.body.partitions as Record<string, unknown>[] | undefined) ?? []).map((p) => {
      const name = String(p.name);
      const flags = ((p.flags as string[] | undefined) ?? []).map(String);
      const state = Array.isArray(p.state) ? String(p.state[0]) : String(p.state ?? 'UP');
      // MaxTime in minutes: max_time_limit (v0.0.38/39, -1 for none), maximums.time (v0.0.40+).
      const minutes = restNumber(p.max_time_limit ?? (p.maximums as { time?: unknown } | undefined)?.time);
      const timeLimit = minutes !== undefined && minutes >= 0 && minutes < 0xfffffffe ? slurmDuration(minutes) : undefined;
      return { name, isDefault: flags.includes('DEFAULT') || flags.includes('default'), up: state.toUpperCase() === 'UP', gres: gresByPartition.get(name) ?? [], timeLimit };
    });
  }

  /**
   * The user's associations and the QOS defined, from slurmrestd's accounting API (openapi/dbv0.0.38,
   * or data_parser's /slurmdb/ from v0.0.39); undefined where slurmrestd serves none (404) or the
   * cluster keeps no accounting.
   */
  async accounting(): Promise<Accounting | undefined> {
    const db = `/slurmdb/${this.options.version}`;
    const user = this.options.user;
    const [assoc, qos] = await Promise.all([
      this.request<unknown>('get', `${db}/associations?user=${encodeURIComponent(user)}`),
      this.request<unknown>('get', `${db}/qos`),
    ]);
    for (const r of [assoc, qos]) {
      if (r.status === 200) continue;
      if (r.status === 404 || noAccountingStorage(JSON.stringify(r.body ?? ''))) return undefined;
      const err = this.fail(msg('Listing your accounts failed'), r.status, r.body);
      throw /slurmdbd|Unable to connect to database/i.test(err.detail ?? '') ? accountingError(err.detail ?? '') : err;
    }
    let associations = restAssociations(assoc.body, user);
    if (clustersOf(associations).size > 1) associations = restAssociations(assoc.body, user, await this.clusterName());
    return { user, associations, qos: restQos(qos.body) };
  }

  /**
   * Which of the database's clusters this slurmrestd serves (v0.0.38 does not say): the one whose
   * node list holds a node slurmctld lists. Undefined when that cannot be told: all are kept.
   */
  private async clusterName(): Promise<string | undefined> {
    const [clusters, nodes] = await Promise.all([this.request<{ clusters?: unknown }>('get', `/slurmdb/${this.options.version}/clusters`), this.request<{ nodes?: unknown }>('get', `${this.base()}/nodes`)]);
    const names = Array.isArray(nodes.body?.nodes) ? (nodes.body.nodes as { name?: unknown }[]).map((n) => n?.name).filter((n): n is string => typeof n === 'string') : [];
    const list = Array.isArray(clusters.body?.clusters) ? (clusters.body.clusters as { name?: unknown; nodes?: unknown }[]) : [];
    const ours = list.filter((c) => typeof c?.name === 'string' && typeof c.nodes === 'string' && names.some((n) => hostlistHas(c.nodes as string, n)));
    return ours.length === 1 ? (ours[0].name as string) : undefined;
  }

  async submit(req: SubmitRequest): Promise<JobRecord> {
    // Kept beside the log so that the user can see what ran; slurmrestd gets the text itself.
    const { script } = await writeJobFolder(req);
    const r = req.spec.resources ?? {};
    const gres = r.gpus ? gresRequest(req.spec.slurm?.gres ?? 'gpu', r.gpus, r.gpuType) : undefined;
    const stdoutPattern = slurmPathPattern(req.jobDir, 'slurm-%j.log');
    const environment = { PATH: '/usr/local/bin:/usr/bin:/bin', ...(this.options.baseEnvironment ?? {}) };
    const body = submitBody(this.options.version, { spec: req.spec, script, workdir: req.workdir, stdoutPattern, gres, environment });
    const submittedAt = Date.now();
    const res = await this.request<{ job_id?: number }>('post', `${this.base()}/job/submit`, body);
    const id = res.body?.job_id;
    if (res.status !== 200 || typeof id !== 'number') throw await withYourAccounts(this.fail(msg('Slurm refused the job'), res.status, res.body), () => this.accounting());
    return newRecord(req, 'slurm-rest', { backendId: String(id), logPath: expandJobPattern(stdoutPattern, String(id)), submittedAt, state: 'pending' });
  }

  async refresh(records: readonly JobRecord[]): Promise<Map<string, JobUpdate>> {
    const updates = new Map<string, JobUpdate>();
    for (const rec of records) {
      if (rec.backend !== 'slurm-rest' || isFinal(rec)) continue;
      if (!slurmJobId(rec.backendId)) {
        updates.set(rec.id, { state: 'unknown', ...because(notAJobId(rec).text!) });
        continue;
      }
      const res = await this.request<{ jobs?: Record<string, unknown>[] }>('get', `${this.base()}/job/${encodeURIComponent(rec.backendId)}`);
      const raw = res.status === 200 ? res.body.jobs?.[0] : undefined;
      if (raw) {
        updates.set(rec.id, jobUpdate(readJob(raw)));
        continue;
      }
      const err = this.fail(msg('Reading the job failed'), res.status, res.body);
      // A job slurmctld has forgotten (it ended more than MinJobAge ago) is "Invalid job id": how it
      // ended is in the accounting database, as with sacct for slurm-cli.
      if (/Invalid job id|not found/i.test(err.detail ?? '')) updates.set(rec.id, await this.fromAccounting(rec.backendId));
      else throw err;
    }
    return updates;
  }

  /**
   * How a job slurmctld no longer knows ended, from the accounting API of the same version. Where
   * the cluster keeps no accounting (or has no record of the job) that cannot be known: the job is
   * `ended`, which is final, rather than `unknown`, which would be asked about forever. Where the
   * accounting database does not answer now, it stays `unknown` and is asked about again.
   */
  private async fromAccounting(id: string): Promise<JobUpdate> {
    const res = await this.request<{ jobs?: Record<string, unknown>[] }>('get', `/slurmdb/${this.options.version}/job/${encodeURIComponent(id)}`);
    const raw = res.status === 200 ? res.body?.jobs?.[0] : undefined;
    if (raw) {
      const job = readDbJob(raw);
      // slurmrestd 22.05's dbv0.0.38 gives return_code 0 for a job that failed with 3 (sacct shows
      // 3:0): a failure "with exit code 0" is not believed, the code is left out instead.
      const update = jobUpdate(slurmState(job.state) === 'failed' && job.exitCode === 0 ? { ...job, exitCode: undefined } : job);
      if (update.state !== undefined && FINAL_STATES.has(update.state)) return update;
      // slurmctld forgot it, so it is over, whatever the accounting record last heard.
      return { state: 'ended', endedAt: Date.now(), ...because(msg('Slurm no longer knows this job, and its accounting record still says {0}; see its log for how it ended', job.state)) };
    }
    const detail = this.fail(msg('Reading the job failed'), res.status, res.body).detail ?? '';
    // slurmrestd answers 200 with an error such as "Unable to connect to database" too: only an
    // answer without errors, or "Nothing found", says that the database has no record of the job.
    const errors = (res.body as { errors?: unknown } | undefined)?.errors;
    const noRecord = res.status === 200 ? !(Array.isArray(errors) && errors.length > 0) || /Nothing found/i.test(detail) : res.status === 404;
    if (noRecord || noAccountingStorage(detail)) {
      return { state: 'ended', endedAt: Date.now(), ...because(msg('Slurm no longer knows this job and has no accounting record of it; see its log for how it ended')) };
    }
    return { state: 'unknown', ...because(msg('Slurm no longer knows this job, and its accounting database does not answer ({0}); HAI asks again', detail)) };
  }

  async cancel(record: JobRecord): Promise<JobUpdate> {
    if (!slurmJobId(record.backendId)) throw notAJobId(record);
    const res = await this.request<unknown>('delete', `${this.base()}/job/${encodeURIComponent(record.backendId)}`);
    if (res.status !== 200) throw this.fail(msg('Cancelling the job failed'), res.status, res.body);
    return { state: 'cancelled', endedAt: Date.now(), ...because(msg('cancelled by the user')) };
  }
}

/** A job as slurmrestd describes it (job or accounting API) → the update of its record. */
function jobUpdate(job: RestJob): JobUpdate {
  const state = slurmState(job.state);
  const final = FINAL_STATES.has(state);
  return {
    state,
    exitCode: final ? job.exitCode : undefined,
    ...(state === 'failed' && job.exitCode !== undefined ? because(msg('exit code {0}', job.exitCode)) : { reason: job.reason, reasonText: undefined }),
    startedAt: state === 'pending' ? undefined : job.startTime,
    endedAt: final ? job.endTime : undefined,
  };
}

/** The `exp` claim of a JWT, in ms; undefined when the token is not a JWT or has none. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
