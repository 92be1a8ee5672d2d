import * as assert from 'node:assert/strict';
import type { PartitionInfo } from './backend';
import { clusterValues, isClusterField } from './specClusterValues';

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
});
