// Completion of a spec's cluster fields: partitions, accelerator types and GRES names (as the submit
// flow asks them), and the accounts and QOS the user may charge jobs to (the cluster's accounting:
// sacctmgr or slurmrestd). Only in a trusted workspace, since asking runs a program; each backend's
// answer is kept a minute, so that typing asks the cluster once.
import * as vscode from 'vscode';
import type { Accounting, PartitionInfo } from '../../core/jobs/backend';
import { BACKENDS, type BackendKind } from '../../core/jobs/jobSpec';
import { type AccountField, type AccountValue, accountValues, type ClusterField, type ClusterValue, clusterValues, isAccountField } from '../../core/jobs/specClusterValues';
import type { SpecValueAt } from '../../core/jobs/specCompletion';
import { textAt } from '../../core/jobs/specCursor';
import { errorText } from '../errorNotice';
import { readSetting } from '../settings';

/** What a backend knows of the cluster, as the submit flow asks it. */
export interface ClusterFacts {
  partitions(kind: BackendKind): Promise<PartitionInfo[]>;
  accounting(kind: BackendKind): Promise<Accounting | undefined>;
}

/** How long the cluster's answer is used for completion before it is asked again. */
const CLUSTER_ANSWER_MS = 60_000;
/** How long a failure is: the cluster's daemons are everyone's, and typing must not ask them each key. */
const FAILED_ANSWER_MS = 20_000;

/**
 * One kind of answer per backend, asked once a minute at most; a failure is logged (once, until the
 * next success or another failure) and answers `empty`. Once the answer is old, the last good one is
 * given while the new one is asked: warnings do not blink out and back each minute.
 */
class Answers<T> {
  private readonly answers = new Map<BackendKind, { at: number; value: Promise<T> }>();
  private readonly lastGood = new Map<BackendKind, T>();
  private readonly lastLogged = new Map<BackendKind, string>();

  constructor(
    private readonly ask: (kind: BackendKind) => Promise<T>,
    private readonly what: string,
    private readonly empty: T,
    private readonly output?: vscode.LogOutputChannel,
  ) {}

  get(kind: BackendKind): Promise<T> {
    const known = this.answers.get(kind);
    if (known && Date.now() - known.at < CLUSTER_ANSWER_MS) return known.value;
    const value = Promise.resolve()
      .then(() => this.ask(kind))
      .then((answer) => {
        this.lastGood.set(kind, answer);
        this.lastLogged.delete(kind);
        return answer;
      })
      .catch((err: unknown) => {
        // Completion and warnings go on without the cluster's values; the submit flow says what is wrong.
        this.lastGood.delete(kind);
        const mine = this.answers.get(kind);
        if (mine?.value === value) this.answers.set(kind, { at: Date.now() - CLUSTER_ANSWER_MS + FAILED_ANSWER_MS, value });
        const said = `Spec cluster values: ${kind} ${this.what}: ${errorText(err)}`;
        if (this.lastLogged.get(kind) !== said) this.output?.warn(said);
        this.lastLogged.set(kind, said);
        return this.empty;
      });
    this.answers.set(kind, { at: Date.now(), value });
    return this.lastGood.has(kind) ? Promise.resolve(this.lastGood.get(kind) as T) : value;
  }
}

export class ClusterAnswers {
  readonly partitions: Answers<PartitionInfo[]>;
  readonly accounting: Answers<Accounting | undefined>;

  constructor(facts: ClusterFacts, output?: vscode.LogOutputChannel) {
    this.partitions = new Answers((kind) => facts.partitions(kind), 'partitions', [], output);
    this.accounting = new Answers((kind) => facts.accounting(kind), 'accounts', undefined, output);
  }
}

/** The values of a cluster field for the backend the spec names (else the default one). */
export async function clusterItems(
  text: string,
  field: ClusterField | AccountField,
  value: SpecValueAt,
  range: vscode.Range,
  cluster: ClusterAnswers,
  uri: vscode.Uri,
): Promise<vscode.CompletionItem[]> {
  if (!vscode.workspace.isTrusted) return [];
  const named = textAt(text, ['backend']);
  const kind = BACKENDS.find((b) => b === named) ?? readSetting('hai.jobs.defaultBackend', uri);
  // This machine has no partitions, GRES names or accounts to choose; its GPUs' names are its types.
  if (kind === 'local' && field !== 'resources.gpuType') return [];
  const partition = textAt(text, ['slurm', 'partition']);
  let shown: { value: string; description: string; documentation?: string }[];
  if (isAccountField(field)) {
    const [partitions, accounting] = await Promise.all([cluster.partitions.get(kind), cluster.accounting.get(kind)]);
    if (!accounting) return [];
    // A job without a partition goes to the default one: accounts limited to others do not work there.
    const where = partition ?? partitions.find((p) => p.isDefault)?.name;
    shown = accountValues(field, accounting, { partition: where, account: textAt(text, ['slurm', 'account']) }).map(accountShown);
  } else {
    shown = clusterValues(field, await cluster.partitions.get(kind), partition).map(partitionShown);
  }
  return shown.map((v, i) => {
    const item = new vscode.CompletionItem({ label: v.value, description: v.description }, vscode.CompletionItemKind.Value);
    item.range = range;
    item.insertText = `${value.spaced ? '' : ' '}${v.value}`;
    item.filterText = v.value;
    item.sortText = String(i).padStart(4, '0');
    // The accounting database's words (an administrator's): shown as text, never as markdown.
    if (v.documentation) item.documentation = v.documentation;
    return item;
  });
}

/** A partition in a line: default, its GRES, its time limit, down (completion and the submit flow's pick). */
export function partitionDescription(p: PartitionInfo): string {
  return [p.isDefault ? vscode.l10n.t('default') : '', p.gres.map((g) => `${g.type ?? g.name} ×${g.count}`).join(', '), p.timeLimit ? vscode.l10n.t('time limit {0}', p.timeLimit) : '', p.up ? '' : vscode.l10n.t('down')]
    .filter(Boolean)
    .join(' · ');
}

function partitionShown(v: ClusterValue): { value: string; description: string } {
  const description = v.partition ? partitionDescription(v.partition) : (v.offeredOn ?? []).map((o) => vscode.l10n.t('{0} per node on {1}', o.count, o.partition)).join(', ');
  return { value: v.value, description };
}

function accountShown(v: AccountValue): { value: string; description: string; documentation?: string } {
  const parts = [
    v.isDefault ? vscode.l10n.t('default') : '',
    v.onlyOn ? vscode.l10n.t('only on partition {0}', v.onlyOn.join(', ')) : '',
    v.qos?.length ? vscode.l10n.t('QOS {0}', v.qos.join(', ')) : '',
    v.info?.maxWall ? vscode.l10n.t('time limit {0}', v.info.maxWall) : '',
  ];
  return { value: v.value, description: parts.filter(Boolean).join(' · '), documentation: v.info?.description };
}
