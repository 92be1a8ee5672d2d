// The job commands: what each does with the job it gets from the Jobs view (the record), from a
// notification (its id) or, from the command palette, from a quick pick.
import * as os from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { isFinal, type JobRecord, runsElsewhere } from '../../core/jobs/jobRecord';
import { problemList, validateJobSpec } from '../../core/jobs/jobSpec';
import { specForResubmit } from '../../core/jobs/resubmitSpec';
import { jwtExpiry } from '../../core/jobs/slurmRest';
import { LocalizedError } from '../../core/text/message';
import { translate } from '../errorNotice';
import type { CommandHandlers } from '../commands';
import type { HubController } from '../hub/hubController';
import type { JobsController } from './jobsController';
import type { LogDocuments } from './logDocuments';
import type { MetricsPanel } from './metricsPanel';
import { submitWithProgress } from './jobNotices';
import { workspacePython } from './pythonInterpreter';
import { specProblemsNotice } from './specEditor';
import { reportJobError, submitFlow } from './submitFlow';
import { templateFlow } from './templateFlow';
import { openTrainingLogs } from './trainingLogs';
import { stateLabel } from '../views/jobsView';

type JobHandlers = Pick<
  CommandHandlers,
  | 'submitJob'
  | 'newJobFromTemplate'
  | 'refreshJobs'
  | 'cancelJob'
  | 'resubmitJob'
  | 'showJobLog'
  | 'loadEarlierLog'
  | 'openJobMetrics'
  | 'openTrainingLogs'
  | 'openJobFolder'
  | 'removeJob'
  | 'setSlurmToken'
>;

async function jobFrom(jobs: JobsController, arg: unknown, filter: (r: JobRecord) => boolean = () => true): Promise<JobRecord | undefined> {
  if (typeof arg === 'string') return jobs.get(arg);
  if (arg && typeof arg === 'object' && typeof (arg as JobRecord).id === 'string') return jobs.get((arg as JobRecord).id);
  const candidates = [...jobs.jobs()].filter(filter).sort((a, b) => b.submittedAt - a.submittedAt);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No job to choose from.'));
    return undefined;
  }
  const choice = await vscode.window.showQuickPick(
    candidates.map((r) => ({ label: r.name, description: `${stateLabel(r.state)} · ${r.backend} ${r.backendId}`, detail: new Date(r.submittedAt).toLocaleString(vscode.env.language), value: r })),
    { title: vscode.l10n.t('Choose a job') },
  );
  return choice?.value;
}

export function jobCommands(jobs: JobsController, logs: LogDocuments, metrics: MetricsPanel, hub: HubController): JobHandlers {
  return {
    submitJob: (arg?: unknown) => submitFlow(jobs, arg),
    newJobFromTemplate: () => templateFlow(hub),
    refreshJobs: () => jobs.refresh(),
    cancelJob: async (arg?: unknown) => {
      const job = await jobFrom(jobs, arg, (r) => !isFinal(r));
      if (!job) return;
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Cancelling {0}…', job.name) }, () => jobs.cancel(job.id));
      } catch (err) {
        reportJobError(err, jobs.output);
      }
    },
    resubmitJob: async (arg?: unknown) => {
      const job = await jobFrom(jobs, arg);
      if (!job) return;
      // The spec file as it is now, when it is still there; else the spec as it was submitted. Both
      // are checked again, and a spec with problems is shown instead of submitted.
      try {
        const chosen = specForResubmit(job, (file) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined));
        if (!chosen.ok) {
          await showResubmitProblems(job, chosen);
          return;
        }
        // A spec file without `python` runs with the workspace's interpreter as it is now.
        const python = chosen.from === 'file' ? await workspacePython(vscode.Uri.file(job.specPath!), chosen.spec.python, (line) => jobs.warn(line)) : { path: chosen.spec.python };
        const checked = validateJobSpec(JSON.parse(JSON.stringify({ ...chosen.spec, python: python.path })));
        if (!checked.ok) throw new LocalizedError(problemList(checked.problems));
        await submitWithProgress(jobs, { spec: checked.spec, specPath: chosen.from === 'file' ? job.specPath : undefined, workdir: job.workdir, backend: job.backend, hub: job.hub });
      } catch (err) {
        reportJobError(err, jobs.output);
      }
    },
    showJobLog: async (arg?: unknown) => {
      const job = await jobFrom(jobs, arg);
      if (job) await logs.show(job.id);
    },
    loadEarlierLog: (arg?: unknown) => (arg instanceof vscode.Uri ? logs.loadEarlier(arg) : undefined),
    openJobMetrics: async (arg?: unknown) => {
      const job = await jobFrom(jobs, arg);
      if (job) await metrics.show(job.id);
    },
    openTrainingLogs: (arg?: unknown) => openTrainingLogs(metrics, arg),
    openJobFolder: async (arg?: unknown) => {
      const job = await jobFrom(jobs, arg);
      if (!job) return;
      const uri = vscode.Uri.file(job.workdir);
      if (vscode.workspace.getWorkspaceFolder(uri)) {
        await vscode.commands.executeCommand('revealInExplorer', uri);
        return;
      }
      const open = vscode.l10n.t('Open in New Window');
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('{0} is outside this workspace.', job.workdir), open);
      if (choice === open) await vscode.commands.executeCommand('vscode.openFolder', uri, { forceNewWindow: true });
    },
    removeJob: async (arg?: unknown) => {
      const job = await jobFrom(jobs, arg, (r) => isFinal(r) || r.state === 'unknown' || runsElsewhere(r, os.hostname()));
      if (!job) return;
      // A job of another machine (whose host may be gone for good): forgetting it stops nothing there.
      if (runsElsewhere(job, os.hostname())) {
        const remove = vscode.l10n.t('Remove');
        const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} was started on {1}, which only a VS Code window there can follow. Removing it only forgets it here; if it runs there, it goes on.', job.name, job.host ?? ''), { modal: true }, remove);
        if (choice === remove) await jobs.remove(job.id);
        return;
      }
      // HAI cannot tell whether an unknown job runs (and may be unable to cancel it): the user may
      // still drop its record, knowing that this does not stop anything.
      if (job.state === 'unknown') {
        const remove = vscode.l10n.t('Remove');
        const choice = await vscode.window.showWarningMessage(vscode.l10n.t('HAI cannot tell whether {0} still runs. Removing it only forgets it here; if it runs, it goes on.', job.name), { modal: true }, remove);
        if (choice === remove) await jobs.remove(job.id);
        return;
      }
      if (!isFinal(job)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} is still {1}: cancel it first.', job.name, stateLabel(job.state)));
        return;
      }
      await jobs.remove(job.id);
    },
    setSlurmToken: async () => {
      const value = await vscode.window.showInputBox({
        title: vscode.l10n.t('slurmrestd token for {0}', jobs.slurmUser()),
        prompt: vscode.l10n.t('Paste what `scontrol token lifespan=86400` prints on a login node. It is kept in VS Code’s secret storage.'),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().replace(/^SLURM_JWT=/, '') === '' ? vscode.l10n.t('Paste a token.') : undefined),
      });
      if (value === undefined) return;
      const token = value.trim().replace(/^SLURM_JWT=/, '');
      await jobs.setToken(token);
      const expires = jwtExpiry(token);
      if (expires !== undefined && expires <= Date.now()) void vscode.window.showWarningMessage(vscode.l10n.t('This token expired at {0}.', new Date(expires).toLocaleString(vscode.env.language)));
      else void vscode.window.showInformationMessage(expires ? vscode.l10n.t('Token saved; it is valid until {0}.', new Date(expires).toLocaleString(vscode.env.language)) : vscode.l10n.t('Token saved.'));
      await jobs.refresh();
    },
  };
}

/** Why a job cannot be resubmitted as it is, with the way to its spec file where there is one. */
async function showResubmitProblems(job: JobRecord, chosen: Exclude<ReturnType<typeof specForResubmit>, { ok: true }>): Promise<void> {
  if (chosen.from === 'none') {
    void vscode.window.showErrorMessage(vscode.l10n.t('The spec of {0} is gone; submit it again from its spec file.', job.name));
    return;
  }
  if (chosen.from === 'record') {
    const problems = problemList(chosen.problems);
    void vscode.window.showErrorMessage(vscode.l10n.t('The stored spec of {0} is not valid, so it was not resubmitted: {1}. Submit it again from a spec file.', job.name, typeof problems === 'string' ? problems : translate(problems)));
    return;
  }
  const first = chosen.problems[0];
  const open = vscode.l10n.t('Open Spec');
  const choice = await vscode.window.showErrorMessage(
    specProblemsNotice(vscode.workspace.asRelativePath(job.specPath!), chosen.problems),
    open,
  );
  if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(job.specPath!), { selection: new vscode.Range(first.line, first.column, first.endLine, first.endColumn) });
}

