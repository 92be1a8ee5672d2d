// The metrics webview: curves of the selected runs (uPlot, in webviews/metrics/), updated every
// second while a shown run is still going. Metrics come from the job's files (core/jobs/runMetrics);
// the webview gets only the points. Every message from it is validated. The log folders opened in a
// workspace are remembered (workspaceState) and shown again each time the view opens, until removed.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { logdirsOf, RunMetrics } from '../../core/jobs/runMetrics';
import { findLogRuns, isJobsRun, type LogRun } from '../../core/jobs/logdir/logFiles';
import { LOOK_EVERY_MS, LogdirRun } from '../../core/jobs/logdir/logdirRun';
import { type LogFolder, METRICS_REQUESTS, type MetricsRequests, type MetricsUpdate, type MetricsUpdates, type ReferenceLine, type RunSeries } from '../../core/protocol/metricsMessages';
import { translate } from '../errorNotice';
import { escapeHtml } from '../webviewHtml';
import { WebviewHost } from '../webviewHost';
import type { HostedPanel } from '../webviewPanels';
import { stateLabel } from '../views/jobsView';
import type { JobsController } from './jobsController';

const CSS = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 8px 16px 16px; }
h1 { font-size: 1.3em; font-weight: 600; }
#runs { display: flex; flex-wrap: wrap; gap: 4px 16px; margin-bottom: 8px; }
.run { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; }
.swatch { width: 12px; height: 12px; border-radius: 2px; display: inline-block; box-sizing: border-box; }
/* No colour until ticked; its place kept so that names do not move. */
.swatch.unticked { visibility: hidden; }
.problem { flex-basis: 100%; color: var(--vscode-editorWarning-foreground); }
#folders { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; margin-bottom: 8px; color: var(--vscode-descriptionForeground); }
#folders:empty { display: none; }
.folder { display: inline-flex; align-items: center; gap: 2px; color: var(--vscode-foreground); }
.folder button { background: none; border: none; color: var(--vscode-descriptionForeground); cursor: pointer; font-size: 1.1em; padding: 0 4px; }
.folder button:hover, .folder button:focus-visible { color: var(--vscode-foreground); }
.chart { margin: 12px 0; }
#empty { color: var(--vscode-descriptionForeground); }
.u-title { font-size: 1em; font-weight: 600; }
.u-legend { color: var(--vscode-foreground); }
`;

/** A run of a log folder the user opened (Open Training Logs), shown beside the jobs. */
interface FolderRun {
  readonly name: string;
  readonly run: LogdirRun;
}

/** Runs of an opened log folder ticked at once: the most recent ones. */
const TICKED_AT_OPEN = 8;
/** workspaceState: the log folders opened in this workspace, most recent last. */
const LOG_FOLDERS_KEY = 'hai.metrics.logFolders';
/** Log folders remembered at most (the ones opened last): each is looked in again every few seconds while the view is open. */
const MAX_LOG_FOLDERS = 10;

export class MetricsPanel implements vscode.Disposable {
  private readonly host: WebviewHost;
  private panel: HostedPanel<MetricsUpdates> | undefined;
  private selected = new Set<string>();
  private readonly metrics = new Map<string, RunMetrics>();
  /** By id: `logs:<folder>`. */
  private readonly folderRuns = new Map<string, FolderRun>();
  /** Folders found in opened log folders that are jobs' own (shown as the jobs): folder id → job id. */
  private readonly jobsFolders = new Map<string, string>();
  private ready = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    extensionUri: vscode.Uri,
    private readonly jobs: JobsController,
    private readonly references: (job: JobRecord) => ReferenceLine[],
    output: vscode.LogOutputChannel,
    /** The workspace's state, where the opened log folders are remembered. */
    private readonly memory: vscode.Memento,
  ) {
    this.host = new WebviewHost(extensionUri, output);
    this.subscriptions.push(this.host, jobs.onDidChange(() => void this.sendAll()));
  }

  async show(jobId: string): Promise<void> {
    this.selected.add(jobId);
    await this.open();
  }

  /**
   * Shows the runs of a log folder (`runs`: its folders that hold log files), the most recent ticked,
   * and keeps looking in it for runs that start later, as TensorBoard does.
   */
  async showLogs(folder: string, runs: readonly LogRun[]): Promise<void> {
    this.logRoots.add(folder);
    await this.remember(folder, true);
    this.addFolderRuns(runs);
    // Its most recent runs ticked, also those listed before (the folder shown again from memory).
    const recent = [...runs].sort((a, b) => b.newest - a.newest).slice(0, TICKED_AT_OPEN);
    for (const r of recent) this.selected.add(this.jobsFolders.get(`logs:${r.dir}`) ?? `logs:${r.dir}`);
    await this.open();
  }

  /** The folders remembered for this workspace (paths; anything else in the state is ignored). */
  private remembered(): string[] {
    const stored = this.memory.get<unknown>(LOG_FOLDERS_KEY);
    return Array.isArray(stored) ? stored.filter((f): f is string => typeof f === 'string' && path.isAbsolute(f)).slice(-MAX_LOG_FOLDERS) : [];
  }

  private async remember(folder: string, keep: boolean): Promise<void> {
    const others = this.remembered().filter((f) => f !== folder);
    await this.memory.update(LOG_FOLDERS_KEY, keep ? [...others, folder].slice(-MAX_LOG_FOLDERS) : others);
  }

  /**
   * The remembered folders, listed again; their runs ticked as they were when the view closed (the
   * selection lasts while the window does, as for jobs), none after a reload. A folder is shown only
   * once its runs are listed (looking for new runs in it before would tick them all); one that is
   * gone is forgotten, one that cannot be reached now (a network mount) is kept for the next time.
   */
  private async restoreFolders(panel: HostedPanel<MetricsUpdates>): Promise<void> {
    for (const root of this.remembered()) {
      if (this.logRoots.has(root)) continue;
      const state = await fs.stat(root).then(
        (s) => (s.isDirectory() ? 'folder' : 'gone'),
        (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? 'gone' : 'unreachable'),
      );
      if (state === 'gone') await this.remember(root, false);
      if (state !== 'folder') continue;
      const runs = await findLogRuns(root).catch(() => []);
      // Meanwhile the view may have closed, or the folder been opened or removed: then it is left as it is.
      if (this.panel !== panel || !panel.isOpen || this.logRoots.has(root) || !this.remembered().includes(root)) continue;
      this.logRoots.add(root);
      this.addFolderRuns(runs);
    }
  }

  /** Stops showing a log folder and the runs found only under it, and forgets it; its files stay. */
  private async removeFolder(root: string): Promise<void> {
    if (!this.logRoots.delete(root)) return;
    await this.remember(root, false);
    const under = (dir: string, r: string): boolean => dir === r || dir.startsWith(r.endsWith(path.sep) ? r : `${r}${path.sep}`);
    const kept = [...this.logRoots];
    for (const id of [...this.folderRuns.keys(), ...this.jobsFolders.keys()]) {
      const dir = id.slice('logs:'.length);
      if (!under(dir, root) || kept.some((r) => under(dir, r))) continue;
      this.folderRuns.delete(id);
      this.jobsFolders.delete(id);
      this.selected.delete(id);
    }
    await this.sendAll();
  }

  /** The jobs listed in the view: the 30 submitted last. */
  private listedJobs(): JobRecord[] {
    return [...this.jobs.jobs()].sort((a, b) => a.submittedAt - b.submittedAt).slice(-30);
  }

  /**
   * The job of `jobs` (in submission order) whose own log folder `run` is (written into while it ran),
   * if any. With the clock slack two jobs of one folder can both fit (one ended a moment before the
   * next began): the one submitted last.
   */
  private ownerOf(run: LogRun, jobs: readonly JobRecord[]): JobRecord | undefined {
    return jobs.filter((j) => isJobsRun(run, { logdirs: logdirsOf(j), window: { from: j.submittedAt, to: j.endedAt } })).at(-1);
  }

  /** The log folders opened, looked in again every LOOK_EVERY_MS. */
  private readonly logRoots = new Set<string>();
  private lookedAt = 0;

  /**
   * Adds the runs not listed yet; returns them. Named by their path in the workspace (absolute outside
   * it). A folder a listed job wrote while it ran is that job's run: the job is returned in its place.
   */
  private addFolderRuns(runs: readonly LogRun[]): { id: string; newest: number }[] {
    const added: { id: string; newest: number }[] = [];
    const jobs = this.listedJobs();
    for (const r of runs) {
      const id = `logs:${r.dir}`;
      if (this.folderRuns.has(id) || this.jobsFolders.has(id)) continue;
      const owner = this.ownerOf(r, jobs);
      if (owner) {
        // Once: a job the user unticks stays unticked when the folder is looked in again.
        this.jobsFolders.set(id, owner.id);
        if (!added.some((a) => a.id === owner.id)) added.push({ id: owner.id, newest: r.newest });
        continue;
      }
      this.folderRuns.set(id, { name: vscode.workspace.asRelativePath(vscode.Uri.file(r.dir), false), run: LogdirRun.ofFolder(r.dir) });
      added.push({ id, newest: r.newest });
    }
    return added;
  }

  /** Runs that started in an opened log folder since it was last looked at: listed and ticked. */
  private async lookForNewRuns(): Promise<boolean> {
    if (this.logRoots.size === 0 || Date.now() - this.lookedAt < LOOK_EVERY_MS) return false;
    this.lookedAt = Date.now();
    let any = false;
    for (const root of this.logRoots) {
      const added = this.addFolderRuns(await findLogRuns(root).catch(() => []));
      for (const { id } of added) this.selected.add(id);
      any ||= added.length > 0;
    }
    return any;
  }

  private async open(): Promise<void> {
    const title = vscode.l10n.t('Training metrics');
    const { panel, created } = this.host.show<MetricsRequests, MetricsUpdates>({
      key: 'metrics',
      name: 'metrics view',
      viewType: 'hai.metrics',
      title,
      css: CSS,
      script: 'metrics.js',
      stylesheets: ['metrics.css'],
      body: () => `<h1>${escapeHtml(title)}</h1><div id="folders"></div><div id="runs"></div><p id="empty"></p><div id="charts"></div>`,
      // The charts and the ticked runs would be lost each time the tab is hidden.
      retainContextWhenHidden: true,
      requests: METRICS_REQUESTS,
      handlers: () => ({
        ready: async () => {
          this.ready = true;
          await this.sendAll();
        },
        select: async ({ ids }) => {
          this.selected = new Set(ids.filter((id) => this.jobs.get(id) || this.folderRuns.has(id)));
          await this.sendAll();
        },
        removeFolder: async ({ root }) => {
          await this.removeFolder(root);
        },
      }),
    });
    this.panel = panel;
    if (!created) {
      await this.sendAll();
      return;
    }
    this.ready = false;
    void this.restoreFolders(panel).then(
      () => this.sendAll(),
      () => this.sendAll(),
    );
    const timer = setInterval(() => void this.tick(), 1000);
    // Closing the panel stops the polling and forgets the files' read positions.
    panel.track({
      dispose: () => {
        clearInterval(timer);
        this.metrics.clear();
        this.folderRuns.clear();
        this.jobsFolders.clear();
        this.logRoots.clear();
        this.ready = false;
      },
    });
  }

  private metricsOf(job: JobRecord): RunMetrics {
    let m = this.metrics.get(job.id);
    // A run that ended follows its own copy of its metrics from then on, and its loggers' files
    // are then those created before its end.
    if (!m || m.metricsPath !== job.metricsPath || m.ended !== (job.endedAt !== undefined)) {
      m = new RunMetrics(job);
      this.metrics.set(job.id, m);
    }
    return m;
  }

  private async runSeries(job: JobRecord): Promise<RunSeries> {
    const m = this.metricsOf(job);
    // A file that cannot be read shows what was read so far; the other runs go on.
    await m.update().catch(() => false);
    return this.seriesOf(job, m);
  }

  private seriesOf(job: JobRecord, m: RunMetrics): RunSeries {
    const problems = m.problems().map(translate);
    return { id: job.id, name: this.nameOf(job), state: stateLabel(job.state), series: m.series(), ...(problems.length ? { problems } : {}) };
  }

  /** The run's name, with the time it was submitted when another run has that name too (each run of a spec has the spec's name). */
  private nameOf(job: JobRecord): string {
    const twins = [...this.jobs.jobs()].filter((j) => j.name === job.name);
    if (twins.length < 2) return job.name;
    const at = new Date(job.submittedAt);
    const sameDay = twins.every((j) => new Date(j.submittedAt).toDateString() === at.toDateString());
    return `${job.name} · ${sameDay ? at.toLocaleTimeString(vscode.env.language) : at.toLocaleString(vscode.env.language)}`;
  }

  private async sendAll(): Promise<void> {
    if (!this.panel?.isOpen || !this.ready) return;
    const all = this.listedJobs();
    const runs: RunSeries[] = await Promise.all(all.map((j) => (this.selected.has(j.id) ? this.runSeries(j) : Promise.resolve({ id: j.id, name: this.nameOf(j), state: stateLabel(j.state), series: { axis: 'epoch' as const, points: [] } }))));
    const folders = await Promise.all([...this.folderRuns].map(([id, f]) => this.folderSeries(id, f, this.selected.has(id))));
    runs.push(...folders);
    const references = all.filter((j) => this.selected.has(j.id)).flatMap((j) => this.references(j));
    const logFolders: LogFolder[] = [...this.logRoots].map((root) => ({ root, name: vscode.workspace.asRelativePath(vscode.Uri.file(root), false) })).sort((a, b) => a.name.localeCompare(b.name));
    const labels = {
      empty: vscode.l10n.t('No metrics yet. HAI reads weaver’s log lines, the job’s metrics.jsonl, its TensorBoard files and the results.csv or metrics.csv of Ultralytics and Lightning as they are written.'),
      loss: vscode.l10n.t('Loss'),
      accuracy: vscode.l10n.t('Accuracy and validation metrics'),
      lr: vscode.l10n.t('Learning rate'),
      other: vscode.l10n.t('Other'),
      noneTicked: vscode.l10n.t('No run is ticked. Tick a run above to see its curves.'),
      epoch: vscode.l10n.t('epoch'),
      step: vscode.l10n.t('step'),
      logFolders: vscode.l10n.t('Log folders:'),
      removeFolder: vscode.l10n.t('Remove from this view (the folder and its files stay)'),
    };
    await this.post({ type: 'runs', runs, selected: [...this.selected], references, folders: logFolders, labels });
  }

  private async folderSeries(id: string, f: FolderRun, read: boolean): Promise<RunSeries> {
    // A file that cannot be read shows what was read so far, as for a job.
    if (read) await f.run.update().catch(() => false);
    return this.folderPayload(id, f, read);
  }

  private folderPayload(id: string, f: FolderRun, read = true): RunSeries {
    const problems = read ? f.run.problems().map(translate) : [];
    const series = read ? f.run.series() : { axis: 'step' as const, points: [] };
    return { id, name: f.name, state: vscode.l10n.t('log folder'), series, ...(problems.length ? { problems } : {}) };
  }

  /** Sends the runs whose files gained metrics. */
  private async tick(): Promise<void> {
    // A first read of a large log outlasts the one-second timer: ticks do not pile up behind it.
    if (!this.panel?.isOpen || !this.ready || this.ticking) return;
    this.ticking = true;
    try {
      await this.tickRuns();
    } finally {
      this.ticking = false;
    }
  }

  private ticking = false;

  private async tickRuns(): Promise<void> {
    if (await this.lookForNewRuns()) {
      await this.sendAll();
      return;
    }
    for (const id of this.selected) {
      const folder = this.folderRuns.get(id);
      if (folder) {
        if (await folder.run.update().catch(() => false)) await this.post({ type: 'run', run: this.folderPayload(id, folder) });
        continue;
      }
      const job = this.jobs.get(id);
      if (!job) continue;
      const m = this.metricsOf(job);
      if (await m.update().catch(() => false)) await this.post({ type: 'run', run: this.seriesOf(job, m) });
    }
  }

  private async post(message: MetricsUpdate): Promise<void> {
    await this.panel?.post(message);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
