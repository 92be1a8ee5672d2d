// What a Slurm spec gets wrong against the cluster itself, said in the editor before sbatch refuses
// the job or Slurm holds it for good: an account the user does not have (with the one meant, when it
// is clear), an account limited to other partitions, a QOS the account does not allow there, and a
// time limit longer than the partition's or the QOS's.
import { msg } from '../text/message';
import type { Accounting, PartitionInfo } from './backend';
import type { JobSpec } from './jobSpec';
import { accountsInWords, defaultAccount } from './slurmAccounting';
import { slurmTimeSeconds } from './slurmTime';
import { accountValues } from './specClusterValues';
import { specDocument, valueRange } from './specCursor';
import { meant, type SpecWarning } from './specWarnings';

/** What the backend said of the cluster: its partitions, and its accounting where it keeps one. */
export interface ClusterAnswer {
  readonly partitions: readonly PartitionInfo[];
  readonly accounting?: Accounting;
}

type Warn = (keys: readonly string[], text: SpecWarning['text'], replacement?: string) => void;

/** The cluster warnings of a valid spec for Slurm. */
export function clusterWarnings(text: string, spec: JobSpec, cluster: ClusterAnswer): SpecWarning[] {
  const doc = specDocument(text);
  if (!doc) return [];
  const out: SpecWarning[] = [];
  const at: Warn = (keys, text, replacement) => {
    const range = valueRange(doc, keys);
    if (range) out.push({ text, ...range, ...(replacement ? { replacement } : {}) });
  };
  // Where the job goes: the spec's partition. Without one, Submit asks for it: nothing is said of
  // partitions then (a default "debug" with 30 minutes would be a false alarm for most jobs).
  const partition = spec.slurm?.partition;
  const accounting = cluster.accounting;
  const charged = accounting && enforces(accounting, 'associations') ? accountWarnings(spec, accounting, partition, at) : false;
  const time = spec.resources?.time;
  const seconds = time === undefined ? undefined : slurmTimeSeconds(time);
  if (time === undefined || seconds === undefined) return out;
  const limit = partition === undefined ? undefined : cluster.partitions.find((p) => p.name === partition)?.timeLimit;
  const limitSeconds = limit === undefined ? undefined : slurmTimeSeconds(limit);
  // A QOS with the PartitionTimeLimit flag may allow more than the partition; it is rare, and not listed.
  if (limit !== undefined && limitSeconds !== undefined && seconds > limitSeconds) {
    at(['resources', 'time'], msg('Partition {0} lets a job run {1} at most; this one asks for {2}. Ask for less time, or another partition.', partition!, limit, time));
  } else if (charged && accounting && enforces(accounting, 'limits')) {
    const qos = spec.slurm?.qos ?? accountValues('slurm.qos', accounting, { partition, account: spec.slurm?.account }).find((v) => v.isDefault)?.value;
    const maxWall = accounting.qos.find((q) => q.name === qos)?.maxWall;
    const wallSeconds = maxWall === undefined ? undefined : slurmTimeSeconds(maxWall);
    if (qos && maxWall && wallSeconds !== undefined && seconds > wallSeconds) {
      at(['resources', 'time'], msg('QOS {0} lets a job run {1} at most; this one asks for {2}. Ask for less time, or a QOS that allows more.', qos, maxWall, time));
    }
  }
  return out;
}

/**
 * The account and QOS warnings. True when the job is charged as the user may here (then the QOS and its
 * time limit are known). A user without any association is not warned: the cluster may not enforce
 * accounts.
 */
function accountWarnings(spec: JobSpec, accounting: Accounting, partition: string | undefined, at: Warn): boolean {
  if (accounting.associations.length === 0) return false;
  const account = spec.slurm?.account;
  const qos = spec.slurm?.qos;
  const accounts = accountValues('slurm.account', accounting, { partition });
  // Slurm keeps account names in lower case and takes them in any.
  const named = account === undefined ? undefined : accounts.find((v) => v.value.toLowerCase() === account.toLowerCase());
  if (account !== undefined && !named) {
    const guess = meant(account, accounts.map((v) => v.value), 1);
    at(
      ['slurm', 'account'],
      guess
        ? msg('You have no account "{0}" on this cluster. Did you mean "{1}"?', account, guess)
        : msg('You have no account "{0}" on this cluster. Yours: {1}.', account, accountsInWords(accounting)),
      guess,
    );
    return false;
  }
  if (named?.onlyOn) {
    // Without a partition in the spec, Submit offers the partitions: only said once one is named.
    if (partition) at(['slurm', 'account'], msg('Account "{0}" works only on partition {1}; this job goes to {2}.', named.value, named.onlyOn.join(', '), partition));
    return false;
  }
  const chargedTo = named?.value ?? defaultAccount(accounting);
  if (qos !== undefined && chargedTo && enforces(accounting, 'qos')) {
    const allowed = accountValues('slurm.qos', accounting, { partition, account: chargedTo }).map((v) => v.value);
    if (allowed.length > 0 && !allowed.includes(qos)) {
      at(['slurm', 'qos'], msg('Account {0} does not allow QOS "{1}" here; it allows {2}.', chargedTo, qos, allowed.join(', ')), meant(qos, allowed, 1));
      return false;
    }
  }
  return chargedTo !== undefined;
}

/**
 * Whether slurmctld refuses (or holds) what goes against `what`, as AccountingStorageEnforce says:
 * "associations", "qos" and "limits" each imply the ones before; "safe" implies "limits". Where the
 * setting is not known (slurmrestd does not say), it is taken as on, as sites that keep accounts set it.
 */
export function enforces(accounting: Accounting, what: 'associations' | 'qos' | 'limits'): boolean {
  if (accounting.enforce === undefined) return true;
  const on = new Set(accounting.enforce);
  if (what === 'associations') return ['associations', 'qos', 'limits', 'safe'].some((w) => on.has(w));
  if (what === 'qos') return on.has('qos');
  return on.has('limits') || on.has('safe');
}
