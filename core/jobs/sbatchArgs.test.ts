import * as assert from 'node:assert/strict';
import { gresRequest, sbatchArgs } from './sbatchArgs';

describe('sbatch arguments', () => {
  const base = { workdir: '/home/u/run', scriptPath: '/home/u/run/.hai/jobs/x/job.sh', logPath: '/home/u/run/.hai/jobs/x/slurm-%j.log', gresName: 'gpu' };

  it('maps every resource to its sbatch option', () => {
    const args = sbatchArgs({
      ...base,
      spec: { name: 'part', command: ['weaver'], resources: { gpus: 4, gpuType: 'a100', cpus: 8, memory: '64G', time: '1-12:00:00', nodes: 1 }, slurm: { partition: 'gpu', account: 'hep', qos: 'high', reservation: 'r1', constraint: 'ib&a100' } },
    });
    assert.deepEqual(args, [
      '--parsable',
      '--job-name=part',
      '--chdir=/home/u/run',
      '--output=/home/u/run/.hai/jobs/x/slurm-%j.log',
      '--partition=gpu',
      '--account=hep',
      '--qos=high',
      '--reservation=r1',
      '--constraint=ib&a100',
      '--nodes=1',
      '--cpus-per-task=8',
      '--mem=64G',
      '--time=1-12:00:00',
      '--gres=gpu:a100:4',
      '/home/u/run/.hai/jobs/x/job.sh',
    ]);
  });

  it('uses the GRES name the cluster defines (npu on Ascend)', () => {
    assert.equal(gresRequest('npu', 8, '910b'), 'npu:910b:8');
    assert.equal(gresRequest('gpu', 1), 'gpu:1');
    const args = sbatchArgs({ ...base, gresName: 'npu', spec: { name: 'a', command: ['x'], resources: { gpus: 2 } } });
    assert.ok(args.includes('--gres=npu:2'));
  });

  it('refuses hostile values even when they got past the schema', () => {
    const hostile = ["it's", 'a;b', 'a b', 'x\ny', 'gpu,mem=1', '--wrap=id', '$(id)'];
    for (const v of hostile) {
      assert.throws(() => sbatchArgs({ ...base, spec: { name: v, command: ['x'] } }), /not allowed/, `name ${JSON.stringify(v)}`);
      assert.throws(() => sbatchArgs({ ...base, spec: { name: 'a', command: ['x'], slurm: { partition: v } } }), /not allowed/, `partition ${JSON.stringify(v)}`);
      assert.throws(() => sbatchArgs({ ...base, spec: { name: 'a', command: ['x'], resources: { gpus: 1, gpuType: v } } }), /not allowed/, `gpu type ${JSON.stringify(v)}`);
    }
    assert.throws(() => sbatchArgs({ ...base, workdir: '/tmp/a\nb', spec: { name: 'a', command: ['x'] } }), /line breaks/);
    assert.throws(() => sbatchArgs({ ...base, spec: { name: 'a', command: ['x'], resources: { time: '1:00; id' } } }), /not allowed/);
    assert.throws(() => sbatchArgs({ ...base, spec: { name: 'a', command: ['x'], resources: { gpus: 1.5 } } }), /whole number/);
  });

  it('keeps every value in its own argument: nothing reaches a shell', () => {
    const args = sbatchArgs({ ...base, workdir: "/home/u/it's here; rm -rf ~", spec: { name: 'a', command: ['x'] } });
    assert.ok(args.includes("--chdir=/home/u/it's here; rm -rf ~"));
  });
});
