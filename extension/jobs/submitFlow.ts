// "HAI: Submit Training Job": which spec, which backend, which accelerators (from what the cluster
// or this machine offers), a confirmation, then the submission with progress. Everything the user
// picks goes back through the spec's schema before anything runs.
import * as vscode from 'vscode';
import { logError, translate } from '../errorNotice';
import { COMMANDS } from '../../core/protocol/commands';
import { BackendError, type PartitionInfo } from '../../core/jobs/backend';
import { BACKENDS, type BackendKind, isSpecFile, type JobSpec, parseJobSpec, problemList, validateJobSpec } from '../../core/jobs/jobSpec';
import { readSetting } from '../settings';
import type { JobsController } from './jobsController';
import { submitWithProgress } from './jobNotices';
import { pythonLabel, workspacePython } from './pythonInterpreter';
import { specProblemsNotice } from './specEditor';
import { clusterWarnings } from '../../core/jobs/specClusterWarnings';
import type { SpecWarning } from '../../core/jobs/specWarnings';
import { partitionDescription } from './specClusterItems';

interface Pick<T> extends vscode.QuickPickItem {
  readonly value: T;
}

export function backendLabel(kind: BackendKind): string {
  switch (kind) {
    case 'local':
      return vscode.l10n.t('This machine');
    case 'slurm-cli':
      return vscode.l10n.t('Slurm (sbatch on this node)');
    case 'slurm-rest':
      return vscode.l10n.t('Slurm (slurmrestd)');
  }
}

async function pickSpecFile(): Promise<vscode.Uri | 'template' | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && isSpecFile(active.fileName)) return active.uri;
  const files = await vscode.workspace.findFiles('**/*.hai-job.yaml', '**/{node_modules,.git,.hai}/**', 200);
  const items: Pick<vscode.Uri | 'template'>[] = files
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
    .map((uri) => ({ label: `$(file) ${vscode.workspace.asRelativePath(uri)}`, value: uri }));
  items.push({ label: `$(new-file) ${vscode.l10n.t('New job from a template…')}`, description: vscode.l10n.t('ParT, ParticleNet, PFN, P-CNN on JetClass, TopLandscape, QuarkGluon'), value: 'template' });
  const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Submit Training Job'), placeHolder: vscode.l10n.t('Choose a job spec (*.hai-job.yaml)') });
  return choice?.value;
}

async function pickBackend(spec: JobSpec): Promise<BackendKind | undefined> {
  const preferred = spec.backend ?? readSetting('hai.jobs.defaultBackend');
  const order = [preferred, ...BACKENDS.filter((b) => b !== preferred)];
  const choice = await vscode.window.showQuickPick(
    order.map((b) => ({ label: backendLabel(b), description: b === preferred ? vscode.l10n.t('{0} (default)', b) : b, value: b })),
    { title: vscode.l10n.t('Where should {0} run?', spec.name) },
  );
  return choice?.value;
}

interface Accelerators {
  readonly partition?: string;
  readonly gpus: number;
  readonly gpuType?: string;
  readonly gres?: string;
}

/** What was picked, with the partitions the backend offered. */
interface Picked extends Accelerators {
  readonly partitions: readonly PartitionInfo[];
}

/** What to ask for, among what the backend offers. Undefined when the user backs out. */
async function pickResources(jobs: JobsController, kind: BackendKind, spec: JobSpec): Promise<Picked | undefined> {
  const partitions = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking {0} what it offers…', backendLabel(kind)) },
    () => jobs.backend(kind).partitions(),
  );
  const picked = await pickAccelerators(kind, spec, partitions);
  return picked && { ...picked, partitions };
}

async function pickAccelerators(kind: BackendKind, spec: JobSpec, partitions: readonly PartitionInfo[]): Promise<Accelerators | undefined> {
  const current: Accelerators = { partition: spec.slurm?.partition, gpus: spec.resources?.gpus ?? 0, gpuType: spec.resources?.gpuType, gres: spec.slurm?.gres };
  let partition: PartitionInfo | undefined;
  if (kind !== 'local') {
    const usable = partitions.filter((p) => p.up);
    if (usable.length === 0) throw new BackendError('rejected', vscode.l10n.t('Slurm lists no partition that is up.'), '');
    const wanted = usable.find((p) => p.name === current.partition) ?? usable.find((p) => p.isDefault) ?? usable[0];
    if (usable.length > 1) {
      const choice = await vscode.window.showQuickPick(
        [wanted, ...usable.filter((p) => p !== wanted)].map((p) => ({
          label: p.name,
          description: partitionDescription(p),
          value: p,
        })),
        { title: vscode.l10n.t('Partition') },
      );
      if (!choice) return undefined;
      partition = choice.value;
    } else partition = wanted;
  } else partition = partitions[0];
  const offers = partition?.gres ?? [];
  if (offers.length === 0) {
    if (current.gpus > 0 && kind === 'local') {
      throw new BackendError('rejected', current.gpus === 1 ? vscode.l10n.t('The spec asks for 1 GPU, but this machine has none. Submit to Slurm, or set resources.gpus to 0.') : vscode.l10n.t('The spec asks for {0} GPUs, but this machine has none. Submit to Slurm, or set resources.gpus to 0.', current.gpus), '');
    }
    return { ...current, partition: kind === 'local' ? undefined : partition?.name };
  }
  const items: Pick<Accelerators>[] = [{ label: vscode.l10n.t('No accelerator'), value: { partition: partition?.name, gpus: 0 } }];
  for (const g of offers) {
    for (let n = 1; n <= Math.min(g.count, 8); n *= 2) {
      items.push({ label: `${n} × ${g.type ?? g.name}`, description: vscode.l10n.t('{0} per node on {1}', g.count, partition?.name ?? ''), value: { partition: partition?.name, gpus: n, gpuType: g.type, gres: g.name } });
    }
  }
  const same = items.find((i) => i.value.gpus === current.gpus && (i.value.gpuType ?? '') === (current.gpuType ?? i.value.gpuType ?? ''));
  const ordered = same ? [same, ...items.filter((i) => i !== same)] : items;
  const choice = await vscode.window.showQuickPick(ordered, { title: vscode.l10n.t('Accelerators for {0}', spec.name) });
  if (!choice) return undefined;
  return { ...choice.value, partition: kind === 'local' ? undefined : choice.value.partition };
}

export async function submitFlow(jobs: JobsController, arg?: unknown): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(vscode.l10n.t('HAI runs no jobs in an untrusted workspace. Trust this folder first (Manage Workspace Trust).'));
    return;
  }
  const target = arg instanceof vscode.Uri ? arg : await pickSpecFile();
  if (!target) return;
  if (target === 'template') {
    await vscode.commands.executeCommand(COMMANDS.newJobFromTemplate);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(target);
  const parsed = parseJobSpec(doc.getText());
  if (!parsed.ok) {
    const open = vscode.l10n.t('Open Spec');
    const first = parsed.problems[0];
    const choice = await vscode.window.showErrorMessage(specProblemsNotice(vscode.workspace.asRelativePath(target), parsed.problems), open);
    if (choice === open) await vscode.window.showTextDocument(doc, { selection: new vscode.Range(first.line, first.column, first.endLine, first.endColumn) });
    return;
  }
  const spec = parsed.spec;
  const kind = await pickBackend(spec);
  if (!kind) return;
  try {
    const picked = await pickResources(jobs, kind, spec);
    if (!picked) return;
    // The workspace's interpreter goes into the submitted spec, so the job script and a resubmit use it.
    const python = await workspacePython(target, spec.python, (line) => jobs.warn(line));
    const final: JobSpec = {
      ...spec,
      backend: kind,
      resources: { ...spec.resources, gpus: picked.gpus, gpuType: picked.gpus ? picked.gpuType : undefined },
      slurm: kind === 'local' ? spec.slurm : { ...spec.slurm, partition: picked.partition, gres: picked.gres ?? spec.slurm?.gres },
      python: python.path,
    };
    // The choices went into the spec: check it again as a whole.
    const recheck = validateJobSpec(JSON.parse(JSON.stringify(final)));
    if (!recheck.ok) throw new BackendError('invalid', problemList(recheck.problems), '');
    // What the job is charged to, as the spec says (Slurm's defaults otherwise).
    const charged = kind === 'local' ? [] : [spec.slurm?.account && vscode.l10n.t('account {0}', spec.slurm.account), spec.slurm?.qos && vscode.l10n.t('QOS {0}', spec.slurm.qos)];
    const summary = [backendLabel(kind), picked.partition, picked.gpus ? `${picked.gpus} × ${picked.gpuType ?? 'GPU'}` : vscode.l10n.t('no accelerator'), spec.resources?.time, ...charged].filter(Boolean).join(' · ');
    // The editor could not say these while the spec named no partition: now one is picked.
    const warnings = kind === 'local' ? [] : await warningsAtSubmit(jobs, kind, doc.getText(), final, picked.partitions);
    const go = await vscode.window.showQuickPick<Pick<boolean | SpecWarning>>(
      [
        ...warnings.map((w) => ({ label: `$(warning) ${translate(w.text)}`, description: vscode.l10n.t('open the spec there'), value: w })),
        { label: `$(play) ${vscode.l10n.t('Submit')}`, description: summary, detail: vscode.l10n.t('Python: {0}', pythonLabel(python)), value: true },
        { label: vscode.l10n.t('Cancel'), value: false },
      ],
      {
        title: vscode.l10n.t('Submit {0}?', spec.name),
        placeHolder: warnings.length ? vscode.l10n.t('Slurm may refuse or hold this job: pick a warning to fix the spec') : undefined,
      },
    );
    if (go && typeof go.value === 'object') {
      const w = go.value;
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(doc.positionAt(w.start), doc.positionAt(w.end)) });
      return;
    }
    if (!go?.value) return;
    await submitWithProgress(jobs, { spec: recheck.spec, specPath: target.fsPath, backend: kind });
  } catch (err) {
    reportJobError(err, jobs.output);
  }
}

/** A backend's error with what to do (its details to the output channel); anything else as it is. */
export function reportJobError(err: unknown, output: vscode.LogOutputChannel): void {
  const message = logError(output, 'Job', err);
  if (err instanceof BackendError && err.kind === 'auth') {
    const set = vscode.l10n.t('Set Token');
    void vscode.window.showErrorMessage(message, set).then((c) => c === set && vscode.commands.executeCommand(COMMANDS.setSlurmToken));
    return;
  }
  void vscode.window.showErrorMessage(message);
}

/**
 * The spec's account, QOS and time limit against the cluster, with the partition picked. Where the
 * accounting cannot be asked, the partition's time limit alone (Slurm's own refusal says the rest).
 */
async function warningsAtSubmit(jobs: JobsController, kind: BackendKind, text: string, spec: JobSpec, partitions: readonly PartitionInfo[]): Promise<SpecWarning[]> {
  try {
    // sacctmgr or slurmrestd may take seconds to answer.
    const accounting = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking {0} what it offers…', backendLabel(kind)) }, () => jobs.backend(kind).accounting());
    return clusterWarnings(text, spec, { partitions, accounting });
  } catch (err) {
    jobs.output.warn(`Checking the spec against ${kind}'s accounting before submitting: ${err instanceof Error ? err.message : String(err)}`);
    return clusterWarnings(text, spec, { partitions });
  }
}
