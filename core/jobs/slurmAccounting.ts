// What Slurm's accounting database says a user may charge jobs to: their associations (account, maybe
// one partition, the QOS allowed and the default) and the QOS defined, read from sacctmgr's
// parsable output or from slurmrestd's /slurmdb/ answers. A cluster without slurmdbd keeps none.
import { joinMessages, type Message, msg } from '../text/message';
import { type Accounting, BackendError, type QosInfo, type SlurmAssociation } from './backend';
import { restNumber } from './slurmRestApi';

/** A user name as Slurm takes it in `where user=…` (never an option or a second condition). */
export const SLURM_USER = /^[A-Za-z0-9_][A-Za-z0-9_.@$-]{0,63}$/;

/** sacctmgr's format for `show associations`: one line per association, fields split by '|'. */
export const ASSOCIATION_FORMAT = 'Cluster,Account,Partition,QOS,DefaultQOS';
/** sacctmgr's format for `show qos`. The description may hold '|': the fields around it are fixed. */
export const QOS_FORMAT = 'Name,MaxWall,Description';

/** sacctmgr's and sacct's words for a cluster that keeps no accounting database. */
export function noAccountingStorage(stderr: string): boolean {
  return /not running a supported accounting_storage plugin|accounting storage is disabled/i.test(stderr);
}

/** sacctmgr failed for another reason: slurmdbd down, most often. */
export function accountingError(stderr: string): BackendError {
  const lines = stderr.replace(/^sacctmgr: error: /gm, '').trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const last = lines.pop() ?? 'no reason given';
  if (/Connection refused|Problem talking to the database|Socket timed out|slurmdbd/i.test(stderr)) {
    // "Connection refused" says more than the line after it ("Resource temporarily unavailable").
    const refused = [...lines, last].find((l) => /Connection refused|slurmdbd/i.test(l)) ?? last;
    return new BackendError('unreachable', msg('Slurm\'s accounting database (slurmdbd) does not answer ({0}): accounts and QOS cannot be listed. Ask the cluster\'s administrators if it lasts.', refused), '', { detail: stderr.trim() });
  }
  return new BackendError('failed', msg('sacctmgr could not list your accounts: {0}.', last), '', { detail: stderr.trim() });
}

/**
 * `sacctmgr -nP show associations where user=U format=ASSOCIATION_FORMAT` and the user's default
 * account (`show user U format=DefaultAccount`), on `cluster` when the database serves several.
 */
export function parseAssociations(stdout: string, defaultAccount: string, cluster?: string): SlurmAssociation[] {
  const list: SlurmAssociation[] = [];
  for (const line of stdout.split('\n')) {
    const f = line.trim().split('|');
    if (f.length < 5 || !f[1]) continue;
    if (cluster && f[0] && f[0] !== cluster) continue;
    list.push({
      account: f[1],
      cluster: f[0] || undefined,
      partition: f[2] || undefined,
      qos: splitList(f[3]),
      defaultQos: f[4] || undefined,
      isDefault: f[1] === defaultAccount,
    });
  }
  return list;
}

/** `sacctmgr -nP show qos format=QOS_FORMAT`. */
export function parseQos(stdout: string): QosInfo[] {
  const list: QosInfo[] = [];
  for (const line of stdout.split('\n')) {
    const f = line.replace(/\r?$/, '').split('|');
    if (f.length < 3 || !f[0].trim()) continue;
    const description = f.slice(2).join('|').trim();
    list.push({ name: f[0].trim(), maxWall: f[1].trim() || undefined, description: description || undefined });
  }
  return list;
}

/** The clusters the associations belong to. */
export function clustersOf(associations: readonly SlurmAssociation[]): Set<string> {
  return new Set(associations.map((a) => a.cluster).filter((c): c is string => !!c));
}

/** slurmrestd's /slurmdb/<version>/associations answer, the user's own associations. */
export function restAssociations(body: unknown, user: string, cluster?: string): SlurmAssociation[] {
  const list = (body as { associations?: unknown })?.associations;
  if (!Array.isArray(list)) return [];
  const out: SlurmAssociation[] = [];
  for (const a of list as Record<string, unknown>[]) {
    if (typeof a !== 'object' || a === null || typeof a.account !== 'string' || !a.account) continue;
    // An account's own association (no user) is not one the user may charge.
    if (a.user !== user) continue;
    if (cluster && typeof a.cluster === 'string' && a.cluster !== cluster) continue;
    const flags = Array.isArray(a.flags) ? a.flags.map(String) : [];
    const def = (a.default as { qos?: unknown } | undefined)?.qos;
    out.push({
      account: a.account,
      cluster: typeof a.cluster === 'string' && a.cluster ? a.cluster : undefined,
      partition: typeof a.partition === 'string' && a.partition ? a.partition : undefined,
      qos: Array.isArray(a.qos) ? a.qos.filter((q): q is string => typeof q === 'string') : [],
      defaultQos: typeof def === 'string' && def ? def : undefined,
      // 0/1 in v0.0.38, true/false later; v0.0.39+ also flag the default.
      isDefault: a.is_default === 1 || a.is_default === true || flags.includes('DEFAULT'),
    });
  }
  return out;
}

/** slurmrestd's /slurmdb/<version>/qos answer ("QOS" in v0.0.38, "qos" later). */
export function restQos(body: unknown): QosInfo[] {
  const b = body as { QOS?: unknown; qos?: unknown } | undefined;
  const list = Array.isArray(b?.QOS) ? b.QOS : Array.isArray(b?.qos) ? b.qos : [];
  const out: QosInfo[] = [];
  for (const q of list as Record<string, unknown>[]) {
    if (typeof q !== 'object' || q === null || typeof q.name !== 'string' || !q.name) continue;
    const wall = (q.limits as { max?: { wall_clock?: { per?: { job?: unknown } } } } | undefined)?.max?.wall_clock?.per?.job;
    const minutes = restNumber(wall);
    out.push({
      name: q.name,
      description: typeof q.description === 'string' && q.description ? q.description : undefined,
      maxWall: minutes === undefined ? undefined : slurmDuration(minutes),
    });
  }
  return out;
}

/** Minutes in Slurm's time format, as sacctmgr prints MaxWall: 2880 → 2-00:00:00, 90 → 01:30:00. */
export function slurmDuration(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const two = (n: number): string => String(n).padStart(2, '0');
  const time = `${two(hours)}:${two(minutes % 60)}:00`;
  return days > 0 ? `${days}-${time}` : time;
}

/**
 * The QOS a job charged to this association gets without --qos, as slurmctld picks it: the
 * association's default, else the one QOS it allows, else "normal" when it allows that (the root
 * association's default, which comes before "normal", is not the user's to read).
 */
export function defaultQosOf(a: SlurmAssociation): string | undefined {
  if (a.defaultQos) return a.defaultQos;
  if (a.qos.length === 1) return a.qos[0];
  return a.qos.includes('normal') ? 'normal' : undefined;
}

/**
 * Whether a Slurm hostlist ("vm", "gpu[001-020],cpu01", "n[1,3-5]") names `node`. One bracket per
 * name, as sites write them; anything else is not matched.
 */
export function hostlistHas(list: string, node: string): boolean {
  for (const item of list.match(/[^,[]+(?:\[[^\]]*\][^,[]*)?/g) ?? []) {
    const m = /^([^[]*)\[([^\]]*)\](.*)$/.exec(item);
    if (!m) {
      if (item === node) return true;
      continue;
    }
    const [, prefix, ranges, suffix] = m;
    if (!node.startsWith(prefix) || !node.endsWith(suffix) || node.length <= prefix.length + suffix.length) continue;
    const digits = node.slice(prefix.length, node.length - suffix.length);
    if (!/^\d+$/.test(digits)) continue;
    for (const range of ranges.split(',')) {
      const [low, high = low] = range.split('-');
      // A zero-padded range ("001-020") names only names of that width.
      if (low.length > 1 && low.startsWith('0') && digits.length !== low.length) continue;
      if (Number(digits) >= Number(low) && Number(digits) <= Number(high)) return true;
    }
  }
  return false;
}

/** The account a job gets without --account: the default association's. */
export function defaultAccount(accounting: Accounting): string | undefined {
  return accounting.associations.find((a) => a.isDefault)?.account;
}

/**
 * The associations of one account that a job in `partition` gets, as Slurm picks them: the one for
 * that very partition, else the account-wide one (none: the account does not work there).
 */
export function associationsIn(list: readonly SlurmAssociation[], partition: string | undefined): SlurmAssociation[] {
  const exact = partition ? list.filter((a) => a.partition === partition) : [];
  return exact.length > 0 ? exact : list.filter((a) => !a.partition);
}

/**
 * The user's accounts in words, for a refusal: "physics (default; QOS high, normal); ml (only on
 * partition long; QOS gpu-debug, normal)".
 */
export function accountsInWords(accounting: Accounting): Message | string {
  return joinMessages(
    accounting.associations.map((a) => {
      const qos = a.qos.join(', ');
      if (a.isDefault) return a.partition ? msg('{0} (default, only on partition {1}; QOS {2})', a.account, a.partition, qos) : msg('{0} (default; QOS {1})', a.account, qos);
      return a.partition ? msg('{0} (only on partition {1}; QOS {2})', a.account, a.partition, qos) : msg('{0} (QOS {1})', a.account, qos);
    }),
  );
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Slurm's refusal of a job's account or QOS, with the user's accounts as the next step (looked up
 * only then; any other error, or no accounts to list, comes back as it was).
 */
export async function withYourAccounts(err: BackendError, accounting: () => Promise<Accounting | undefined>): Promise<BackendError> {
  // Not "violates accounting/QOS policy": that is a limit (time, jobs), not a wrong name.
  if (!/Invalid account|Invalid qos/i.test(`${err.detail ?? ''} ${err.message}`)) return err;
  const known = await accounting().catch(() => undefined);
  if (!known || known.associations.length === 0) return err;
  const hint = msg('Your accounts here: {0}. Set slurm.account and slurm.qos in the spec to one of them (completion lists them).', accountsInWords(known));
  return new BackendError(err.kind, err.text ?? err.message, hint, { detail: err.detail, cause: err.cause });
}
