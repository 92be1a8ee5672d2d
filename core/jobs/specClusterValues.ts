// Values the cluster knows for a spec's Slurm fields, for completion: its partitions (default first,
// then those up), the accelerator types and GRES names its partitions offer — from the same
// `partitions()` the submit flow asks (sinfo, slurmrestd, or this machine's GPUs) — and the accounts
// and QOS the user may charge jobs to, from the cluster's accounting (sacctmgr or slurmrestd).
import type { Accounting, PartitionInfo, QosInfo, SlurmAssociation } from './backend';
import { WORD } from './sbatchArgs';
import { associationsIn, defaultAccount, defaultQosOf } from './slurmAccounting';

const FIELDS = ['slurm.partition', 'resources.gpuType', 'slurm.gres'] as const;
export type ClusterField = (typeof FIELDS)[number];

export function isClusterField(field: string): field is ClusterField {
  return (FIELDS as readonly string[]).includes(field);
}

export interface ClusterValue {
  readonly value: string;
  /** For a partition: the partition itself. */
  readonly partition?: PartitionInfo;
  /** For a type or a GRES name: where it is offered, with how many per node. */
  readonly offeredOn?: readonly { readonly partition: string; readonly count: number }[];
}

/**
 * The values of `field` among `partitions`. A type or GRES name comes from the spec's partition when
 * it names one the cluster has, else from every partition.
 */
export function clusterValues(field: ClusterField, partitions: readonly PartitionInfo[], specPartition?: string): ClusterValue[] {
  if (field === 'slurm.partition') {
    const rank = (p: PartitionInfo): number => (p.isDefault ? 0 : p.up ? 1 : 2);
    return [...partitions].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name)).map((p) => ({ value: p.name, partition: p }));
  }
  const chosen = partitions.filter((p) => p.name === specPartition);
  const offered = new Map<string, { partition: string; count: number }[]>();
  for (const p of chosen.length > 0 ? chosen : partitions) {
    for (const g of p.gres) {
      const value = field === 'resources.gpuType' ? g.type : g.name;
      if (!value) continue;
      const list = offered.get(value) ?? [];
      list.push({ partition: p.name, count: g.count });
      offered.set(value, list);
    }
  }
  return [...offered].sort(([a], [b]) => a.localeCompare(b)).map(([value, offeredOn]) => ({ value, offeredOn }));
}

const ACCOUNT_FIELDS = ['slurm.account', 'slurm.qos'] as const;
export type AccountField = (typeof ACCOUNT_FIELDS)[number];

export function isAccountField(field: string): field is AccountField {
  return (ACCOUNT_FIELDS as readonly string[]).includes(field);
}

export interface AccountValue {
  readonly value: string;
  /** What a job gets without naming one (the user's default account, the association's default QOS). */
  readonly isDefault: boolean;
  /** For an account: the QOS it allows in the job's partition (all its QOS when it has none there). */
  readonly qos?: readonly string[];
  /** For an account that the job's partition does not take: the partitions it is limited to. */
  readonly onlyOn?: readonly string[];
  /** For a QOS: what the accounting database says of it. */
  readonly info?: QosInfo;
}

/**
 * The accounts or QOS the user may name in a spec. `partition` is where the job goes: the spec's, else
 * the cluster's default (an account limited to other partitions comes last, saying where it works).
 * The QOS are those the spec's account (else the default one) allows in that partition.
 */
export function accountValues(field: AccountField, accounting: Accounting, spec: { readonly partition?: string; readonly account?: string }): AccountValue[] {
  // Only names the spec takes (and YAML reads as written); the database may hold others.
  const byAccount = new Map<string, SlurmAssociation[]>();
  for (const a of accounting.associations) {
    if (WORD.test(a.account)) byAccount.set(a.account, [...(byAccount.get(a.account) ?? []), { ...a, qos: a.qos.filter((q) => WORD.test(q)) }]);
  }
  const usable = (list: readonly SlurmAssociation[]): SlurmAssociation[] => associationsIn(list, spec.partition);
  const fallback = defaultAccount(accounting);
  if (field === 'slurm.account') {
    const values = [...byAccount].map(([account, list]): AccountValue => {
      const here = usable(list);
      return {
        value: account,
        isDefault: account === fallback,
        qos: uniqueSorted((here.length > 0 ? here : list).flatMap((a) => a.qos)),
        onlyOn: here.length > 0 ? undefined : uniqueSorted(list.map((a) => a.partition ?? '')),
      };
    });
    const rank = (v: AccountValue): number => (v.onlyOn ? 2 : v.isDefault ? 0 : 1);
    return values.sort((a, b) => rank(a) - rank(b) || a.value.localeCompare(b.value));
  }
  const named = byAccount.get(spec.account ?? fallback ?? '');
  // An account the user does not have: what any of theirs allows.
  const accounts = named ? [named] : [...byAccount.values()];
  const here = accounts.flatMap(usable);
  const from = here.length > 0 ? here : accounts.flat();
  const names = uniqueSorted(from.flatMap((a) => a.qos));
  const defaults = new Set(named ? from.map(defaultQosOf) : []);
  const info = new Map(accounting.qos.map((q) => [q.name, q]));
  return names
    .map((name) => ({ value: name, isDefault: defaults.has(name), info: info.get(name) }))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.value.localeCompare(b.value));
}

function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].filter(Boolean).sort((a, b) => a.localeCompare(b));
}
