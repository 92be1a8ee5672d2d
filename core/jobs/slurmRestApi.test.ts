import * as assert from 'node:assert/strict';
import { expandJobPattern, memoryMiB, readJob, submitBody } from './slurmRestApi';

describe('slurmrestd versions', () => {
  const base = { script: '#!/bin/bash\necho hi\n', workdir: '/w', stdoutPattern: '/w/slurm-%j.log', environment: { PATH: '/bin:/usr/bin' } };

  it('v0.0.38: environment is an object, gres and minutes as numbers', () => {
    const body = submitBody('v0.0.38', { ...base, gres: 'gpu:a100:2', spec: { name: 'j', command: ['x'], resources: { cpus: 4, memory: '16G', time: '1:30:00', nodes: 1 }, slurm: { partition: 'gpu', qos: 'q' } } });
    assert.deepEqual(body, {
      script: base.script,
      job: {
        name: 'j',
        current_working_directory: '/w',
        environment: { PATH: '/bin:/usr/bin' },
        standard_output: '/w/slurm-%j.log',
        standard_error: '/w/slurm-%j.log',
        partition: 'gpu',
        qos: 'q',
        cpus_per_task: 4,
        nodes: 1,
        memory_per_node: 16384,
        time_limit: 90,
        gres: 'gpu:a100:2',
      },
    });
  });

  it('v0.0.39: environment is a list of NAME=value', () => {
    const body = submitBody('v0.0.39', { ...base, spec: { name: 'j', command: ['x'] } }) as { job: { environment: unknown } };
    assert.deepEqual(body.job.environment, ['PATH=/bin:/usr/bin']);
  });

  it('reads a job from v0.0.38 (raw wait status) and v0.0.40 (objects and lists)', () => {
    assert.deepEqual(readJob({ job_id: 7, job_state: 'FAILED', exit_code: 768, start_time: 100, end_time: 160, state_reason: 'NonZeroExitCode', standard_output: '/w/slurm-%j.log' }), {
      jobId: '7',
      state: 'FAILED',
      reason: 'NonZeroExitCode',
      exitCode: 3,
      startTime: 100_000,
      endTime: 160_000,
      standardOutput: '/w/slurm-%j.log',
    });
    assert.equal(readJob({ job_id: 8, job_state: 'CANCELLED', exit_code: 15 }).exitCode, 143);
    const v40 = readJob({ job_id: 9, job_state: ['COMPLETED'], exit_code: { status: ['SUCCESS'], return_code: { set: true, number: 0 } }, start_time: { set: true, number: 5 } });
    assert.deepEqual([v40.state, v40.exitCode, v40.startTime], ['COMPLETED', 0, 5000]);
  });

  it('fills in %j in the unexpanded standard_output', () => {
    assert.equal(expandJobPattern('/w/100%%/slurm-%j.log', '42'), '/w/100%/slurm-42.log');
  });

  it('converts memory to MiB', () => {
    assert.deepEqual(['512K', '2000', '2000M', '16G', '1T'].map(memoryMiB), [1, 2000, 2000, 16384, 1048576]);
  });
});
