// The extension's side of jobs: the backends as the settings and the secret token make them, a
// JobTracker (core/jobs) over the job store, polling while anything is pending or running, and
// notifications when a job ends. Reconciles with the backends when the extension starts, so that
// jobs that ended while VS Code was closed show how they ended. Runs nothing in an untrusted workspace.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BackendError, type JobBackend } from '../../core/jobs/backend';
import { isFinal, type JobRecord, shownText } from '../../core/jobs/jobRecord';
import type { BackendKind } from '../../core/jobs/jobSpec';
import { JobStore } from '../../core/jobs/jobStore';
import { JobTracker, type TrackerSubmit } from '../../core/jobs/jobTracker';
import { showJobNotice } from './jobNotices';
import { LocalRunner } from '../../core/jobs/localRunner';
import { SlurmCli } from '../../core/jobs/slurmCli';
import { SlurmRest } from '../../core/jobs/slurmRest';
import { formatDuration } from '../../core/text/formatting';
import { english } from '../../core/text/message';
import { translate } from '../errorNotice';
import { readSetting } from '../settings';

/** What to submit; the backend defaults to the spec's, then to hai.jobs.defaultBackend. */
export type SubmitOptions = Omit<TrackerSubmit, 'backend'> & { readonly backend?: BackendKind };

export class JobsController implements vscode.Disposable {
  private readonly store: JobStore;
  private readonly changed = new vscode.EventEmitter<JobRecord | undefined>();
  readonly onDidChange = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private storeWatch: { dispose(): void } | undefined;
  private readonly local: LocalRunner;
  private readonly slurmCli = new SlurmCli();
  private readonly tracker: JobTracker;

  constructor(
    storageDir: string,
    private readonly secrets: vscode.SecretStorage,
    readonly output: vscode.LogOutputChannel,
  ) {
    this.store = new JobStore(path.join(storageDir, 'jobs.json'));
    this.local = new LocalRunner({ running: () => this.store.all() });
    this.tracker = new JobTracker(this.store, (kind) => this.backend(kind), {
      changed: (r) => this.changed.fire(r),
      ended: (r) => this.announce(r),
      unreachable: (kind, message) => this.output.warn(`Job status from ${kind}: ${message}`),
    });
  }

  async init(): Promise<void> {
    await this.store.load();
    this.reportStoreProblem();
    // Other windows add, update and remove records in the same folder: show their jobs here too.
    this.storeWatch ??= this.store.watch(() => {
      this.reportStoreProblem();
      this.changed.fire(undefined);
      this.schedule();
    });
    this.changed.fire(undefined);
    await this.refresh();
  }

  /** A record put aside (unreadable or tampered) is said once, whenever a reload finds it. */
  private reportStoreProblem(): void {
    const problems = this.store.problems;
    if (problems.length === 0) return;
    this.store.problems = [];
    this.output.warn(problems.map((p) => english(p)).join('\n'));
    void vscode.window.showWarningMessage(problems.map(translate).join('\n'));
  }

  /** A line for the "HAI" output channel, for flows that have details the notification leaves out. */
  warn(line: string): void {
    this.output.warn(line);
  }

  jobs(): readonly JobRecord[] {
    return this.store.all();
  }

  get(id: string): JobRecord | undefined {
    return this.store.get(id);
  }

  backend(kind: BackendKind): JobBackend {
    if (kind === 'local') return this.local;
    if (kind === 'slurm-cli') return this.slurmCli;
    const url = readSetting('hai.jobs.slurmrestUrl');
    if (!url) throw new BackendError('invalid', vscode.l10n.t('Set hai.jobs.slurmrestUrl to your slurmrestd address (e.g. http://login01:6820) to use the slurm-rest backend.'), '');
    return new SlurmRest({ url, user: this.slurmUser(), version: readSetting('hai.jobs.slurmrestVersion'), token: () => this.token() });
  }

  slurmUser(): string {
    return readSetting('hai.jobs.slurmUser') || os.userInfo().username;
  }

  private tokenKey(): string {
    return `hai.slurmrest.token:${readSetting('hai.jobs.slurmrestUrl')}:${this.slurmUser()}`;
  }

  async token(): Promise<string | undefined> {
    return this.secrets.get(this.tokenKey());
  }

  async setToken(token: string): Promise<void> {
    await this.secrets.store(this.tokenKey(), token.trim());
  }

  async submit(o: SubmitOptions): Promise<JobRecord> {
    if (!vscode.workspace.isTrusted) {
      throw new BackendError('invalid', vscode.l10n.t('HAI runs no jobs in an untrusted workspace. Trust this folder first (Manage Workspace Trust).'), '');
    }
    const backend = o.backend ?? o.spec.backend ?? readSetting('hai.jobs.defaultBackend');
    const started = performance.now();
    const full = await this.tracker.submit({ ...o, backend });
    this.output.info(`Submitted job ${full.name} (${full.id}) to ${backend} as ${full.backendId} in ${(performance.now() - started).toFixed(0)} ms; log ${full.logPath}`);
    this.schedule();
    return full;
  }

  cancel(id: string): Promise<void> {
    return this.tracker.cancel(id);
  }

  async remove(id: string): Promise<void> {
    await this.store.remove(id);
    this.changed.fire(undefined);
  }

  /** Asks the backends about every job that is not final; polls again while some are not. */
  refresh(): Promise<void> {
    this.refreshing ??= this.tracker.refresh().finally(() => {
      this.refreshing = undefined;
      this.schedule();
    });
    return this.refreshing;
  }

  private announce(r: JobRecord): void {
    const took = r.endedAt && r.startedAt ? formatDuration(r.endedAt - r.startedAt) : '';
    this.output.info(`Job ${r.name} (${r.id}) ${r.state}${r.exitCode !== undefined ? `, exit code ${r.exitCode}` : ''}${took ? ` after ${took}` : ''}`);
    const text =
      r.state === 'completed'
        ? took
          ? vscode.l10n.t('Job {0} completed ({1}).', r.name, took)
          : vscode.l10n.t('Job {0} completed.', r.name)
        : r.state === 'cancelled'
          ? vscode.l10n.t('Job {0} was cancelled.', r.name)
          : vscode.l10n.t('Job {0} ended: {1}.', r.name, shownText(r.reason, r.reasonText, translate) ?? r.state);
    void showJobNotice(r.state === 'completed' || r.state === 'cancelled' ? 'info' : 'error', text, r.id);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.store.all().some((r) => !isFinal(r))) return;
    // Nobody awaits a timed refresh: reading the records can fail (store.load()), and that is logged
    // rather than left as an unhandled rejection; refresh() schedules the next one either way.
    this.timer = setTimeout(() => this.refresh().catch((err: unknown) => this.output.error(`Job refresh failed: ${err instanceof Error ? err.message : String(err)}`)), readSetting('hai.jobs.refreshSeconds') * 1000);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.storeWatch?.dispose();
    this.changed.dispose();
  }
}
