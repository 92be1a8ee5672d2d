import * as assert from 'node:assert/strict';
import type { Accounting, PartitionInfo } from './backend';
import { accountValues, clusterValues, isAccountField, isClusterField } from './specClusterValues';

const CLUSTER: PartitionInfo[] = [
  { name: 'cpu', isDefault: false, up: true, gres: [] },
  { name: 'old', isDefault: false, up: false, gres: [{ name: 'gpu', type: 'v100', count: 8 }] },
  { name: 'gpu', isDefault: true, up: true, gres: [{ name: 'gpu', type: 'a100', count: 4 }, { name: 'gpu', type: 'v100', count: 2 }], timeLimit: '2-00:00:00' },
  { name: 'ascend', isDefault: false, up: true, gres: [{ name: 'npu', type: '910b', count: 8 }] },
];

describe('cluster values for a spec (completion)', () => {
  it('lists the partitions, the default first, those down last', () => {
    assert.deepEqual(clusterValues('slurm.partition', CLUSTER).map((v) => v.value), ['gpu', 'ascend', 'cpu', 'old']);
    assert.equal(clusterValues('slurm.partition', CLUSTER)[0].partition?.timeLimit, '2-00:00:00');
  });

  it('lists the accelerator types and GRES names, with where and how many per node', () => {
    assert.deepEqual(clusterValues('resources.gpuType', CLUSTER), [
      { value: '910b', offeredOn: [{ partition: 'ascend', count: 8 }] },
      { value: 'a100', offeredOn: [{ partition: 'gpu', count: 4 }] },
      { value: 'v100', offeredOn: [{ partition: 'old', count: 8 }, { partition: 'gpu', count: 2 }] },
    ]);
    assert.deepEqual(clusterValues('slurm.gres', CLUSTER).map((v) => v.value), ['gpu', 'npu']);
  });

  it('takes the types of the spec’s partition when the cluster has it, all of them otherwise', () => {
    assert.deepEqual(clusterValues('resources.gpuType', CLUSTER, 'ascend').map((v) => v.value), ['910b']);
    assert.deepEqual(clusterValues('resources.gpuType', CLUSTER, 'nosuch').map((v) => v.value), ['910b', 'a100', 'v100']);
    // GRES without a type (a cluster that does not name them) offer no type.
    assert.deepEqual(clusterValues('resources.gpuType', [{ name: 'debug', isDefault: true, up: true, gres: [{ name: 'gpu', count: 2 }] }]), []);
  });

  it('knows which fields it fills', () => {
    assert.ok(isClusterField('slurm.partition') && isClusterField('resources.gpuType') && isClusterField('slurm.gres'));
    assert.ok(!isClusterField('slurm.account') && !isClusterField('constructor'));
  });

  describe('accounts and QOS', () => {
    const ACCOUNTING: Accounting = {
      user: 'alice',
      associations: [
        { account: 'ml', partition: 'gpu', qos: ['gpu-debug', 'normal'], defaultQos: 'gpu-debug', isDefault: false },
        { account: 'ml', qos: ['normal'], isDefault: false },
        { account: 'physics', qos: ['high', 'normal'], defaultQos: 'normal', isDefault: true },
        { account: 'ascend-team', partition: 'ascend', qos: ['npu'], isDefault: false },
      ],
      qos: [
        { name: 'high', description: 'priority for deadlines', maxWall: '2-00:00:00' },
        { name: 'normal', description: 'Normal QOS default' },
      ],
    };

    it('lists the user’s accounts, the default first, those the partition does not take last with where they work', () => {
      assert.deepEqual(accountValues('slurm.account', ACCOUNTING, { partition: 'gpu' }), [
        { value: 'physics', isDefault: true, qos: ['high', 'normal'], onlyOn: undefined },
        { value: 'ml', isDefault: false, qos: ['gpu-debug', 'normal'], onlyOn: undefined },
        { value: 'ascend-team', isDefault: false, qos: ['npu'], onlyOn: ['ascend'] },
      ]);
      // In the default partition "cpu", ml has only its account-wide QOS.
      assert.deepEqual(accountValues('slurm.account', ACCOUNTING, { partition: 'cpu' })[1], { value: 'ml', isDefault: false, qos: ['normal'], onlyOn: undefined });
    });

    it('lists the QOS the spec’s account allows in its partition, the default first, with what the database says', () => {
      assert.deepEqual(accountValues('slurm.qos', ACCOUNTING, { partition: 'gpu', account: 'ml' }).map((v) => [v.value, v.isDefault]), [
        ['gpu-debug', true],
        ['normal', false],
      ]);
      // No account named: the default account's.
      assert.deepEqual(accountValues('slurm.qos', ACCOUNTING, { partition: 'gpu' }), [
        { value: 'normal', isDefault: true, info: { name: 'normal', description: 'Normal QOS default' } },
        { value: 'high', isDefault: false, info: { name: 'high', description: 'priority for deadlines', maxWall: '2-00:00:00' } },
      ]);
      // An account the user does not have: every QOS they may use there, none the default; one limited elsewhere: its own.
      assert.deepEqual(accountValues('slurm.qos', ACCOUNTING, { partition: 'cpu', account: 'nosuch' }).map((v) => [v.value, v.isDefault]), [
        ['high', false],
        ['normal', false],
      ]);
      // The one QOS an association allows is what a job gets without one.
      assert.deepEqual(accountValues('slurm.qos', ACCOUNTING, { partition: 'cpu', account: 'ascend-team' }).map((v) => [v.value, v.isDefault]), [['npu', true]]);
    });

    it('offers only names the spec takes', () => {
      const odd: Accounting = { user: 'u', associations: [{ account: 'a b#x', qos: ['normal'], isDefault: true }, { account: 'ok', qos: ['normal', 'x: y'], isDefault: false }], qos: [] };
      assert.deepEqual(accountValues('slurm.account', odd, {}).map((v) => v.value), ['ok']);
      assert.deepEqual(accountValues('slurm.qos', odd, { account: 'ok' }).map((v) => v.value), ['normal']);
    });

    it('knows which fields it fills', () => {
      assert.ok(isAccountField('slurm.account') && isAccountField('slurm.qos'));
      assert.ok(!isAccountField('slurm.partition') && !isAccountField('toString'));
    });
  });
});
