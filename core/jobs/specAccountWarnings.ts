// What a spec's slurm.account and slurm.qos get wrong, against the cluster's accounting, said in the
// editor before sbatch refuses the job: an account the user does not have (with the one meant, when
// it is clear), an account limited to other partitions, a QOS the account does not allow there.
import { msg } from '../text/message';
import type { Accounting } from './backend';
import type { JobSpec } from './jobSpec';
import { accountsInWords, defaultAccount } from './slurmAccounting';
import { accountValues } from './specClusterValues';
import { specDocument, valueRange } from './specCursor';
import { meant, type SpecWarning } from './specWarnings';

/**
 * The account and QOS warnings of a valid spec. `defaultPartition` is where a job without a partition
 * goes. A user without any association is not warned: the cluster may not enforce accounts.
 */
export function accountWarnings(text: string, spec: JobSpec, accounting: Accounting, defaultPartition?: string): SpecWarning[] {
  const doc = specDocument(text);
  if (!doc || accounting.associations.length === 0) return [];
  const out: SpecWarning[] = [];
  const at = (keys: readonly string[], text: SpecWarning['text'], replacement?: string): void => {
    const range = valueRange(doc, keys);
    if (range) out.push({ text, ...range, ...(replacement ? { replacement } : {}) });
  };
  const partition = spec.slurm?.partition ?? defaultPartition;
  const account = spec.slurm?.account;
  const qos = spec.slurm?.qos;
  const accounts = accountValues('slurm.account', accounting, { partition });
  const named = account === undefined ? undefined : accounts.find((v) => v.value === account);
  if (account !== undefined && !named) {
    const guess = meant(account, accounts.map((v) => v.value), 1);
    at(
      ['slurm', 'account'],
      guess
        ? msg('You have no account "{0}" on this cluster. Did you mean "{1}"?', account, guess)
        : msg('You have no account "{0}" on this cluster. Yours: {1}.', account, accountsInWords(accounting)),
      guess,
    );
    // Which QOS an unknown account allows cannot be said.
    return out;
  }
  if (named?.onlyOn && partition) {
    at(['slurm', 'account'], msg('Account "{0}" works only on partition {1}; this job goes to {2}.', named.value, named.onlyOn.join(', '), partition));
    return out;
  }
  if (qos !== undefined) {
    const allowed = accountValues('slurm.qos', accounting, { partition, account }).map((v) => v.value);
    const charged = account ?? defaultAccount(accounting);
    if (allowed.length > 0 && charged && !allowed.includes(qos)) {
      const guess = meant(qos, allowed, 1);
      at(['slurm', 'qos'], msg('Account {0} does not allow QOS "{1}" here; it allows {2}.', charged, qos, allowed.join(', ')), guess);
    }
  }
  return out;
}
