import * as assert from 'node:assert/strict';
import { localPid, parseRecord, slurmJobId, type JobRecord } from './jobRecord';

const local: JobRecord = { id: 'train-20250101-120000-ab12', name: 'train', backend: 'local', backendId: '31337', processStartedAt: 1_700_000_000, workdir: '/w', jobDir: '/w/.hai/jobs/x', logPath: '/w/.hai/jobs/x/output.log', weaverLog: true, submittedAt: 1, state: 'running' };
const slurm: JobRecord = { ...local, backend: 'slurm-cli', backendId: '1234', processStartedAt: undefined };

function problem(raw: unknown): string {
  const r = parseRecord(raw);
  assert.ok('problem' in r, `expected a problem for ${JSON.stringify(raw)}`);
  return r.problem;
}

describe('job records: what a stored record may contain', () => {
  it('accepts the records the backends write', () => {
    for (const r of [local, slurm, { ...slurm, backend: 'slurm-rest', backendId: '77_3' }, { ...local, state: 'completed', processStartedAt: undefined, exitCode: 0 }]) {
      const parsed = parseRecord(JSON.parse(JSON.stringify(r)));
      assert.ok('record' in parsed, JSON.stringify(parsed));
    }
    // Records of earlier versions carry the start in clock ticks since boot.
    assert.ok('record' in parseRecord({ ...local, processStartedAt: undefined, processStart: 123456 }));
  });

  it('refuses a local pid that would signal more than the job: 1, 0, negative, not a number', () => {
    for (const backendId of ['1', '0', '-1', '-4242', '12abc', ' 42', '1e3', '99999999999']) {
      assert.match(problem({ ...local, backendId }), /pid/, backendId);
    }
  });

  it('refuses a running local job without the start of the process it started', () => {
    assert.match(problem({ ...local, processStartedAt: undefined }), /which process/);
  });

  it('refuses Slurm ids that are not job ids (options, lists, shell)', () => {
    for (const backendId of ['--user=x', '-u', '12,13', '12 13', '12;id', '', '12_', '_3']) {
      assert.match(problem({ ...slurm, backendId }), /Slurm job id/, backendId);
    }
  });

  it('refuses ids that are not plain file names, unknown backends and states, missing paths', () => {
    assert.match(problem({ ...local, id: '../../x' }), /job id/);
    assert.match(problem({ ...local, id: '.hidden' }), /job id/);
    assert.match(problem({ ...local, backend: 'ssh' }), /backend/);
    assert.match(problem({ ...local, state: 'weird' }), /state/);
    assert.match(problem({ ...local, logPath: 7 }), /logPath/);
    assert.match(problem(null), /not an object/);
    assert.match(problem([]), /not an object/);
    for (const metricsStart of [{ size: 1.5, head: '' }, { size: -1, head: '' }, { size: 3 }, { size: 3, head: 'x'.repeat(513) }, 'big']) {
      assert.match(problem({ ...local, metricsStart }), /metricsStart/, JSON.stringify(metricsStart));
    }
    assert.ok('record' in parseRecord({ ...local, metricsStart: { size: 120, head: '{"epoch": 1}' } }));
  });

  it('reads pids and Slurm ids for the backends', () => {
    assert.equal(localPid('31337'), 31337);
    assert.equal(localPid('1'), undefined);
    assert.equal(localPid('--1'), undefined);
    assert.equal(slurmJobId('1234_5'), '1234_5');
    assert.equal(slurmJobId('--user=x'), undefined);
  });
});
