// Values the cluster knows for a spec's Slurm fields, for completion: its partitions (default first,
// then those up), the accelerator types and GRES names its partitions offer — from the same
// `partitions()` the submit flow asks (sinfo, slurmrestd, or this machine's GPUs).
import type { PartitionInfo } from './backend';

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
