// The Jobs view: one row per job, newest first, with a state icon, when it was submitted ("today
// 14:03": what tells runs of one spec apart), the elapsed time, the backend and the GPUs. Actions
// come from package.json menus by contextValue (hai.job.<state>).
import * as os from 'node:os';
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/protocol/commands';
import { findOutputs, type OutputFile } from '../../core/jobs/jobOutputs';
import { isFinal, type JobRecord, type JobState, runsElsewhere, shownText } from '../../core/jobs/jobRecord';
import { runWhen } from '../../core/jobs/runWhen';
import { formatBytes, formatDuration } from '../../core/text/formatting';
import { localized, translate } from '../errorNotice';
import type { JobsController } from '../jobs/jobsController';

const ICONS: Record<JobState, [string, string?]> = {
  pending: ['clock', 'charts.yellow'],
  running: ['sync~spin', 'charts.blue'],
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  cancelled: ['circle-slash', 'disabledForeground'],
  timeout: ['watch', 'testing.iconFailed'],
  ended: ['circle-large-outline', 'disabledForeground'],
  unknown: ['question', 'disabledForeground'],
};

export function stateLabel(state: JobState): string {
  switch (state) {
    case 'pending':
      return vscode.l10n.t('pending');
    case 'running':
      return vscode.l10n.t('running');
    case 'completed':
      return vscode.l10n.t('completed');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'cancelled':
      return vscode.l10n.t('cancelled');
    case 'timeout':
      return vscode.l10n.t('timed out');
    case 'ended':
      return vscode.l10n.t('ended, state not known');
    case 'unknown':
      return vscode.l10n.t('unknown');
  }
}

/** A time in full, in VS Code's language. */
function fullTime(ms: number): string {
  return new Date(ms).toLocaleString(vscode.env.language);
}

function elapsed(r: JobRecord, now: number): string | undefined {
  if (!r.startedAt) return undefined;
  const end = isFinal(r) ? (r.endedAt ?? r.startedAt) : now;
  return formatDuration(Math.max(0, end - r.startedAt));
}

/** A job, or a file it produced (the spec's outputs, written since it started). */
export type JobNode = JobRecord | { readonly output: OutputFile; readonly job: string };

function isOutput(node: JobNode): node is { readonly output: OutputFile; readonly job: string } {
  return 'output' in node;
}

export class JobsTreeProvider implements vscode.TreeDataProvider<JobNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly ticker: NodeJS.Timeout;
  /** A finished job's outputs, listed once: the 5-second ticks of running jobs redraw the tree, not the disk. */
  private readonly outputs = new Map<string, OutputFile[]>();

  constructor(private readonly jobs: JobsController) {
    this.subscription = jobs.onDidChange(() => {
      this.outputs.clear();
      this.changed.fire();
    });
    // Elapsed times of running jobs move on even when no status changes.
    this.ticker = setInterval(() => {
      if (jobs.jobs().some((j) => j.state === 'running')) this.changed.fire();
    }, 5000);
  }

  async getChildren(node?: JobNode): Promise<JobNode[]> {
    if (!node) return [...this.jobs.jobs()].sort((a, b) => b.submittedAt - a.submittedAt);
    if (isOutput(node) || !node.spec?.outputs?.length) return [];
    let files = this.outputs.get(node.id);
    if (!files) {
      files = await findOutputs(node.workdir, node.spec.outputs, { since: node.submittedAt - 1000 });
      this.outputs.set(node.id, files);
    }
    return files.map((output) => ({ output, job: node.id }));
  }

  getTreeItem(node: JobNode): vscode.TreeItem {
    if (isOutput(node)) {
      const uri = vscode.Uri.file(node.output.path);
      const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.None);
      item.id = `${node.job}:${node.output.relative}`;
      item.label = node.output.relative;
      item.description = formatBytes(node.output.size);
      item.contextValue = 'hai.jobOutput';
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [uri] };
      return item;
    }
    const r = node;
    const hasOutputs = isFinal(r) && (r.spec?.outputs?.length ?? 0) > 0;
    const item = new vscode.TreeItem(r.name, hasOutputs ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = r.id;
    const now = Date.now();
    // When it was submitted, beside the state: what tells runs of one spec apart (newest first).
    const parts = [stateLabel(r.state), localized(runWhen(r.submittedAt, now, vscode.env.language))];
    const time = elapsed(r, now);
    if (time) parts.push(time);
    parts.push(r.backend === 'local' ? vscode.l10n.t('local') : `${r.backend} #${r.backendId}`);
    if (r.gpus) parts.push(`${r.gpus}× ${r.gpuType ?? 'GPU'}`);
    if (r.unreachable) parts.push(vscode.l10n.t('unreachable'));
    item.description = parts.join(' · ');
    const [icon, colour] = r.unreachable ? ['warning', 'problemsWarningIcon.foreground'] : ICONS[r.state];
    item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
    // `.elsewhere`: a local job of another machine sharing the home folder, which Remove may forget.
    item.contextValue = `hai.job.${r.state}${runsElsewhere(r, os.hostname()) ? '.elsewhere' : ''}`;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${r.name}** — ${stateLabel(r.state)}\n\n`);
    const rows: [string, string | undefined][] = [
      [vscode.l10n.t('Backend'), `${r.backend} (${r.backendId})`],
      [vscode.l10n.t('Submitted'), fullTime(r.submittedAt)],
      // A Slurm job waits in the queue between the two; a local job starts when it is submitted.
      [vscode.l10n.t('Started'), r.startedAt !== undefined && Math.abs(r.startedAt - r.submittedAt) >= 1000 ? fullTime(r.startedAt) : undefined],
      [vscode.l10n.t('Ended'), r.endedAt !== undefined && isFinal(r) ? fullTime(r.endedAt) : undefined],
      [vscode.l10n.t('Elapsed'), time],
      [vscode.l10n.t('Exit code'), r.exitCode === undefined ? undefined : String(r.exitCode)],
      [vscode.l10n.t('Reason'), shownText(r.reason, r.reasonText, translate)],
      [vscode.l10n.t('GPUs'), r.gpus ? `${r.gpus}${r.gpuType ? ` × ${r.gpuType}` : ''}${r.devices ? ` (CUDA_VISIBLE_DEVICES=${r.devices})` : ''}` : undefined],
      [vscode.l10n.t('Partition'), r.partition],
      [vscode.l10n.t('Working directory'), r.workdir],
      [vscode.l10n.t('Log'), r.logPath],
      [vscode.l10n.t('Not reachable'), shownText(r.unreachable, r.unreachableText, translate)],
    ];
    for (const [k, v] of rows) if (v) tip.appendText(`${k}: ${v}\n`);
    item.tooltip = tip;
    item.command = { command: COMMANDS.showJobLog, title: vscode.l10n.t('Show Job Log'), arguments: [r.id] };
    return item;
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
