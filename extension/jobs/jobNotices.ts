// What the user sees around a submission and when a job ends: a progress notification while
// submitting, then a message with the two things one does next, the log and the metrics.
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/protocol/commands';
import { VIEWS } from '../../core/protocol/views';
import type { JobRecord } from '../../core/jobs/jobRecord';
import type { JobsController, SubmitOptions } from './jobsController';

export async function showJobNotice(severity: 'info' | 'error', text: string, jobId: string): Promise<void> {
  const showLog = vscode.l10n.t('Show Log');
  const metrics = vscode.l10n.t('Open Metrics');
  const show = severity === 'info' ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
  const choice = await show(text, showLog, metrics);
  if (choice === showLog) await vscode.commands.executeCommand(COMMANDS.showJobLog, jobId);
  if (choice === metrics) await vscode.commands.executeCommand(COMMANDS.openJobMetrics, jobId);
}

/** Submits with a progress notification, shows the Jobs view and offers the log and metrics. */
export async function submitWithProgress(jobs: JobsController, options: SubmitOptions): Promise<JobRecord> {
  const record = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Submitting {0}…', options.spec.name) }, () => jobs.submit(options));
  await vscode.commands.executeCommand(`${VIEWS.jobs}.focus`);
  void showJobNotice('info', vscode.l10n.t('Job {0} submitted ({1} {2}).', record.name, record.backend, record.backendId), record.id);
  return record;
}
