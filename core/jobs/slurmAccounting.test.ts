import * as assert from 'node:assert/strict';
import { english } from '../text/message';
import { type Accounting, BackendError } from './backend';
import { accountingError, accountsInWords, defaultQosOf, hostlistHas, noAccountingStorage, parseAssociations, parseQos, restAssociations, restQos, slurmDuration, SLURM_USER, withYourAccounts } from './slurmAccounting';

// What Slurm 22.05's sacctmgr printed for a user with two accounts, one limited to partition "long".
const SACCTMGR_ASSOCIATIONS = 'hai-test|ml|long|gpu-debug,normal|\nhai-test|physics||high,normal|normal\n';
const SACCTMGR_QOS = 'normal||Normal QOS default\nhigh|2-00:00:00|priority for deadlines | not for tests\ngpu-debug||\n';

// slurmrestd 22.05's /slurmdb/v0.0.38/associations and /qos answers, the fields that matter kept.
const REST_ASSOCIATIONS = {
  errors: [],
  associations: [
    { account: 'ml', cluster: 'hai-test', default: { qos: null }, flags: [], is_default: 0, partition: 'long', qos: ['gpu-debug', 'normal'], user: 'alice' },
    { account: 'physics', cluster: 'hai-test', default: { qos: 'normal' }, flags: ['DEFAULT'], is_default: 1, partition: null, qos: ['high', 'normal'], user: 'alice' },
    { account: 'root', cluster: 'hai-test', default: { qos: null }, flags: [], is_default: 1, partition: null, qos: ['normal'], user: 'root' },
    // The account's own association (no user), and the user's on another cluster of the database.
    { account: 'physics', cluster: 'hai-test', default: { qos: null }, flags: [], is_default: 0, partition: null, qos: ['normal'], user: null },
    { account: 'cms', cluster: 'other', default: { qos: null }, flags: ['DEFAULT'], is_default: 1, partition: null, qos: ['normal'], user: 'alice' },
  ],
};
const REST_QOS = {
  errors: [],
  QOS: [
    { name: 'normal', description: 'Normal QOS default', limits: { max: { wall_clock: { per: { qos: null, job: null } } } } },
    { name: 'high', description: 'priority for deadlines', limits: { max: { wall_clock: { per: { qos: null, job: 2880 } } } } },
  ],
};

describe('Slurm accounting: the accounts and QOS a user may charge jobs to', () => {
  it('reads sacctmgr’s associations: partition limits, QOS lists, the default account and QOS', () => {
    assert.deepEqual(parseAssociations(SACCTMGR_ASSOCIATIONS, 'physics'), [
      { account: 'ml', cluster: 'hai-test', partition: 'long', qos: ['gpu-debug', 'normal'], defaultQos: undefined, isDefault: false },
      { account: 'physics', cluster: 'hai-test', partition: undefined, qos: ['high', 'normal'], defaultQos: 'normal', isDefault: true },
    ]);
    // A database serving two clusters: only this one's.
    const two = `${SACCTMGR_ASSOCIATIONS}other|cms||normal|\n`;
    assert.deepEqual(parseAssociations(two, 'physics', 'hai-test').map((a) => a.account), ['ml', 'physics']);
  });

  it('reads sacctmgr’s QOS, a description with "|" whole', () => {
    assert.deepEqual(parseQos(SACCTMGR_QOS), [
      { name: 'normal', maxWall: undefined, description: 'Normal QOS default' },
      { name: 'high', maxWall: '2-00:00:00', description: 'priority for deadlines | not for tests' },
      { name: 'gpu-debug', maxWall: undefined, description: undefined },
    ]);
  });

  it('reads slurmrestd’s answers the same way, only the user’s own associations', () => {
    assert.deepEqual(restAssociations(REST_ASSOCIATIONS, 'alice', 'hai-test'), parseAssociations(SACCTMGR_ASSOCIATIONS, 'physics'));
    // Without the cluster's name, every cluster's are kept.
    assert.deepEqual(restAssociations(REST_ASSOCIATIONS, 'alice').map((a) => `${a.cluster}/${a.account}`), ['hai-test/ml', 'hai-test/physics', 'other/cms']);
    assert.deepEqual(restQos(REST_QOS), [
      { name: 'normal', description: 'Normal QOS default', maxWall: undefined },
      { name: 'high', description: 'priority for deadlines', maxWall: '2-00:00:00' },
    ]);
    // v0.0.40+: booleans, lower-case "qos" and {set, infinite, number}.
    const v40 = { qos: [{ name: 'long', limits: { max: { wall_clock: { per: { job: { set: true, infinite: false, number: 90 } } } } } }, { name: 'free', limits: { max: { wall_clock: { per: { job: { set: false, infinite: true, number: 0 } } } } } }] };
    assert.deepEqual(restQos(v40), [
      { name: 'long', description: undefined, maxWall: '01:30:00' },
      { name: 'free', description: undefined, maxWall: undefined },
    ]);
    assert.equal(restAssociations({ associations: [{ account: 'a', is_default: true, qos: [], user: 'x' }] }, 'x')[0].isDefault, true);
  });

  it('ignores what is not an association or a QOS rather than failing', () => {
    for (const body of [null, 'text', { associations: 'x' }, { associations: [null, 3, { account: 5 }, { account: '' }] }]) assert.deepEqual(restAssociations(body, 'alice'), []);
    for (const body of [undefined, { QOS: [null, { name: 7 }] }, { qos: {} }]) assert.deepEqual(restQos(body), []);
    assert.deepEqual(parseAssociations('garbage\n||||\n', ''), []);
  });

  it('tells which QOS a job gets without one, as slurmctld picks it', () => {
    const a = { account: 'x', isDefault: true };
    assert.equal(defaultQosOf({ ...a, qos: ['high', 'normal'], defaultQos: 'high' }), 'high');
    assert.equal(defaultQosOf({ ...a, qos: ['gpu'] }), 'gpu');
    assert.equal(defaultQosOf({ ...a, qos: ['high', 'normal'] }), 'normal');
    assert.equal(defaultQosOf({ ...a, qos: ['high', 'low'] }), undefined);
  });

  it('finds a node in a Slurm hostlist', () => {
    assert.ok(hostlistHas('vm', 'vm'));
    assert.ok(hostlistHas('gpu[001-020],cpu01', 'gpu007') && hostlistHas('gpu[001-020],cpu01', 'cpu01'));
    assert.ok(hostlistHas('n[1,3-5]', 'n4') && !hostlistHas('n[1,3-5]', 'n2'));
    assert.ok(!hostlistHas('gpu[001-020]', 'gpu7'), 'a padded range names padded names');
    assert.ok(hostlistHas('node[8-12]-ib', 'node10-ib') && !hostlistHas('node[8-12]-ib', 'node10'));
    assert.ok(!hostlistHas('', 'vm') && !hostlistHas('vm2', 'vm'));
  });

  it('writes minutes as sacctmgr prints MaxWall', () => {
    assert.equal(slurmDuration(2880), '2-00:00:00');
    assert.equal(slurmDuration(90), '01:30:00');
    assert.equal(slurmDuration(1441), '1-00:01:00');
  });

  it('tells a cluster without accounting from a database that does not answer', () => {
    assert.ok(noAccountingStorage('sacctmgr: error: Slurm accounting storage is disabled'));
    assert.ok(!noAccountingStorage('Connection refused'));
    const down = accountingError(
      'sacctmgr: error: slurm_persist_conn_open_without_init: failed to open persistent connection to host:127.0.0.1:6819: Connection refused\nsacctmgr: error: Sending PersistInit msg: Resource temporarily unavailable',
    );
    assert.equal(down.kind, 'unreachable');
    assert.match(down.message, /slurmdbd\) does not answer \(.*6819: Connection refused\)/);
    assert.equal(accountingError('sacctmgr: error: Unknown option: x').kind, 'failed');
  });

  it('only takes user names that cannot be read as an option or a second condition', () => {
    for (const ok of ['alice', 'zhang.san', 'u_01', 'ad$', 'zhang@ihep.ac.cn']) assert.ok(SLURM_USER.test(ok), ok);
    for (const bad of ['-x', 'a b', 'a,b', 'a=b', '', 'x'.repeat(65)]) assert.ok(!SLURM_USER.test(bad), bad);
  });

  it('answers a refused account with the user’s accounts as the next step, and leaves other refusals alone', async () => {
    const accounting: Accounting = { user: 'alice', associations: restAssociations(REST_ASSOCIATIONS, 'alice', 'hai-test'), qos: [] };
    assert.equal(english(accountsInWords(accounting)), 'ml (only on partition long; QOS gpu-debug, normal); physics (default; QOS high, normal)');
    const refused = new BackendError('rejected', 'Slurm refused the account or QOS: Invalid account or account/partition combination specified.', '', { detail: 'sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified' });
    const told = await withYourAccounts(refused, async () => accounting);
    assert.equal(told.kind, 'rejected');
    assert.equal(told.message, refused.message);
    assert.match(told.hint, /^Your accounts here: ml \(only on partition long; QOS gpu-debug, normal\); physics \(default; QOS high, normal\)\. Set slurm\.account/);
    assert.equal(told.detail, refused.detail);
    // Nothing to add: no accounting, or the database down.
    assert.equal(await withYourAccounts(refused, async () => undefined), refused);
    assert.equal(await withYourAccounts(refused, () => Promise.reject(new Error('down'))), refused);
    let asked = false;
    for (const other of [new BackendError('rejected', 'Slurm does not know this partition', ''), new BackendError('rejected', 'x', '', { detail: 'Job violates accounting/QOS policy (job submit limit)' })]) {
      assert.equal(await withYourAccounts(other, async () => ((asked = true), accounting)), other);
    }
    assert.ok(!asked, 'accounting is asked only for a wrong account or QOS, not for a limit');
  });
});
