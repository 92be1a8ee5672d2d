import * as assert from 'node:assert/strict';
import { explainSlurmError, parseGres, parseSacct, parseScontrolJobs, parseSinfo, parseSqueue, slurmExitCode, slurmState } from './slurmParse';
import { msg } from '../text/message';

describe('reading Slurm', () => {
  it('maps job states, with or without flags', () => {
    assert.equal(slurmState('PENDING'), 'pending');
    assert.equal(slurmState('RUNNING'), 'running');
    assert.equal(slurmState('COMPLETING'), 'running');
    assert.equal(slurmState('CANCELLED by 1001'), 'cancelled');
    assert.equal(slurmState('OUT_OF_MEMORY'), 'failed');
    assert.equal(slurmState('TIMEOUT'), 'timeout');
    assert.equal(slurmState('NEW_STATE_OF_2030'), 'unknown');
  });

  it('reads exit codes and signals', () => {
    assert.equal(slurmExitCode('0:0'), 0);
    assert.equal(slurmExitCode('3:0'), 3);
    assert.equal(slurmExitCode('0:15'), 143);
    assert.equal(slurmExitCode(''), undefined);
  });

  it('reads scontrol show job -o (Slurm 22.05 format)', () => {
    const line =
      'JobId=12 JobName=hello UserId=alice(1001) GroupId=alice(1001) MCS_label=N/A Priority=1 Nice=0 Account=(null) QOS=(null) ' +
      'JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0 RunTime=00:00:01 ' +
      'TimeLimit=UNLIMITED TimeMin=N/A SubmitTime=2026-11-28T10:00:00 EligibleTime=2026-11-28T10:00:00 StartTime=2026-11-28T10:00:01 ' +
      'EndTime=2026-11-28T10:00:02 Partition=debug NodeList=vm WorkDir=/tmp/w StdOut=/tmp/w/slurm-12.log TresPerNode=gres:gpu:1';
    const pending = 'JobId=13 JobName=wait JobState=PENDING Reason=Resources ExitCode=0:0 StartTime=Unknown EndTime=Unknown';
    const jobs = parseScontrolJobs(`${line}\n${pending}\n`);
    assert.deepEqual(jobs.get('12'), {
      state: 'failed',
      exitCode: 3,
      reason: 'NonZeroExitCode, exit code 3',
      // Slurm's word as it wrote it, HAI's "exit code" in the user's language.
      reasonText: msg('{0}, exit code {1}', 'NonZeroExitCode', 3),
      startedAt: new Date('2026-11-28T10:00:01').getTime(),
      endedAt: new Date('2026-11-28T10:00:02').getTime(),
      stdOut: '/tmp/w/slurm-12.log',
    });
    assert.equal(jobs.get('13')?.state, 'pending');
    assert.equal(jobs.get('13')?.reason, 'Resources');
    assert.equal(jobs.get('13')?.exitCode, undefined);
  });

  it('names an array task in scontrol by its JobId and as ArrayJobId_ArrayTaskId', () => {
    const jobs = parseScontrolJobs('JobId=5 ArrayJobId=1 ArrayTaskId=1 JobState=RUNNING Reason=None\nJobId=1 ArrayJobId=1 ArrayTaskId=2-3 JobState=PENDING Reason=Resources\n');
    assert.equal(jobs.get('5')?.state, 'running');
    assert.equal(jobs.get('1_1')?.state, 'running');
    assert.equal(jobs.get('1')?.state, 'pending', 'the array job itself: the tasks not yet started');
    assert.equal(jobs.get('1_2'), undefined);
  });

  it('reads squeue -o "%i|%A|%T|%r|%S|%e" (Slurm 22.05), array tasks by both names', () => {
    const jobs = parseSqueue('1_[2-3]|1|PENDING|Resources|N/A|N/A\n1_1|5|RUNNING|None|2026-12-06T21:07:45|NONE\n3|3|FAILED|NonZeroExitCode|2026-12-06T21:07:45|2026-12-06T21:07:46\n');
    assert.deepEqual(jobs.get('1'), { state: 'pending', reason: 'Resources', reasonText: undefined, startedAt: undefined, endedAt: undefined });
    assert.deepEqual(jobs.get('1_1'), { state: 'running', reason: undefined, reasonText: undefined, startedAt: new Date('2026-12-06T21:07:45').getTime(), endedAt: undefined });
    assert.equal(jobs.get('5'), jobs.get('1_1'));
    assert.equal(jobs.get('3')?.state, 'failed');
    assert.equal(jobs.get('3')?.endedAt, new Date('2026-12-06T21:07:46').getTime());
    // Pending tasks folded into one line are each found, so none is taken for forgotten.
    assert.equal(jobs.get('1_2')?.state, 'pending');
    assert.equal(jobs.get('1_3')?.state, 'pending');
    assert.equal(jobs.get('1_4'), undefined);
    assert.equal(parseSqueue('7_[1,4-5%2]|7|PENDING|JobArrayTaskLimit|N/A|N/A\n').get('7_5')?.state, 'pending');
  });

  it('reads sacct -P, skipping job steps', () => {
    const out = parseSacct('20|COMPLETED|0:0|2026-11-28T10:00:00|2026-11-28T10:01:00\n20.batch|COMPLETED|0:0|2026-11-28T10:00:00|2026-11-28T10:01:00\n21|CANCELLED by 0|0:15|2026-11-28T10:00:00|2026-11-28T10:00:30\n');
    assert.deepEqual([...out.keys()], ['20', '21']);
    assert.equal(out.get('20')?.state, 'completed');
    assert.equal(out.get('21')?.state, 'cancelled');
    assert.equal(out.get('21')?.exitCode, 143);
  });

  it('reads partitions and GRES from sinfo, including typed and other accelerators', () => {
    const parts = parseSinfo('gpu*|up|2-00:00:00|gpu:a100:4(S:0-1)\ngpu*|up|2-00:00:00|gpu:v100:8\nascend|up|infinite|npu:910b:8\ncpu|down|1:00:00|(null)\n');
    assert.deepEqual(parts, [
      { name: 'gpu', isDefault: true, up: true, timeLimit: '2-00:00:00', gres: [{ name: 'gpu', type: 'a100', count: 4 }, { name: 'gpu', type: 'v100', count: 8 }] },
      { name: 'ascend', isDefault: false, up: true, timeLimit: 'infinite', gres: [{ name: 'npu', type: '910b', count: 8 }] },
      { name: 'cpu', isDefault: false, up: false, timeLimit: '1:00:00', gres: [] },
    ]);
    assert.deepEqual(parseGres('gpu:2,shard:8'), [{ name: 'gpu', count: 2 }, { name: 'shard', count: 8 }]);
  });

  it('explains sbatch errors with what to do', () => {
    assert.equal(explainSlurmError('sbatch: error: Batch job submission failed: Invalid partition name specified').kind, 'rejected');
    assert.match(explainSlurmError('sbatch: error: Batch job submission failed: Requested node configuration is not available').message, /Ask for less/);
    // A wrong account or QOS name, and a limit of a right one, are different things to fix.
    assert.match(explainSlurmError('sbatch: error: Batch job submission failed: Invalid qos specification').message, /^Slurm refused the account or QOS: Batch job submission failed: Invalid qos specification\.$/);
    assert.match(
      explainSlurmError('sbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user\'s size and/or time limits)').message,
      /^The job goes beyond a limit of its account or QOS .*: Batch job submission failed: Job violates accounting\/QOS policy .*\. Ask for less, or use a QOS that allows more\.$/,
    );
    const down = explainSlurmError('slurm_load_jobs error: Unable to contact slurm controller (connect failure)');
    assert.equal(down.kind, 'unreachable');
    assert.match(down.message, /slurmctld/);
  });
});
