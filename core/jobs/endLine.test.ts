// The line that ends a job's log, saying how the job ended (the local runner's, with real processes,
// in test/jobs/localRunner.test.ts), and the note a Slurm job's log view shows under Slurm's file.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { english } from '../text/message';
import { appendEndLine, endLine, endNote, logTime } from './endLine';
import type { JobRecord } from './jobRecord';

describe('the line that ends a job’s log', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hai-endline-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  function job(name: string, log: string): Pick<JobRecord, 'jobDir' | 'logPath'> {
    const jobDir = path.join(tmp, name);
    mkdirSync(jobDir, { recursive: true });
    writeFileSync(path.join(jobDir, 'output.log'), log);
    return { jobDir, logPath: path.join(jobDir, 'output.log') };
  }

  it('says what happened, when (local time, as the start line writes it) and after how long', () => {
    const at = new Date(2025, 4, 3, 14, 3, 12).getTime();
    assert.equal(logTime(at), '2025-05-03 14:03:12');
    assert.equal(endLine('train', 'was cancelled by the user in VS Code', at, at - 72_000), '[HAI] job train was cancelled by the user in VS Code at 2025-05-03 14:03:12 (after 1 min 12 s)');
    assert.equal(endLine('train', 'was found ended', at), '[HAI] job train was found ended at 2025-05-03 14:03:12');
  });

  it('is appended on a line of its own, once, whoever appends it', async () => {
    const r = job('open', '[HAI] job x started\nepoch 8:  40%|####  |\r');
    assert.equal(await appendEndLine(r, 'END 1'), true);
    assert.equal(await appendEndLine(r, 'END 2'), false, 'another window, later');
    assert.equal(readFileSync(r.logPath, 'utf8'), '[HAI] job x started\nepoch 8:  40%|####  |\r\nEND 1\n');
    const closed = job('closed', 'done\n');
    const both = await Promise.all([appendEndLine(closed, 'END'), appendEndLine(closed, 'END')]);
    assert.deepEqual(both.sort(), [false, true]);
    assert.equal(readFileSync(closed.logPath, 'utf8'), 'done\nEND\n');
  });

  it('is written only into the log in the job’s own folder (a record may be edited by hand)', async () => {
    const r = job('elsewhere', '');
    const other = path.join(tmp, 'not-a-log.txt');
    writeFileSync(other, 'mine\n');
    assert.equal(await appendEndLine({ jobDir: r.jobDir, logPath: other }, 'END'), false);
    assert.equal(readFileSync(other, 'utf8'), 'mine\n');
    assert.equal(await appendEndLine({ jobDir: path.join(tmp, 'gone'), logPath: path.join(tmp, 'gone', 'output.log') }, 'END'), false, 'no job folder, no log');
  });
});

describe('the note under a Slurm job’s log', () => {
  const slurm = { backend: 'slurm-cli', backendId: '4711', name: 'train', state: 'cancelled', endedAt: new Date(2025, 4, 3, 14, 3, 12).getTime() } as const;

  it('says how HAI saw the job end, and that the line is not in the file', () => {
    assert.equal(english(endNote(slurm, 'cancelled', 'cancelled by the user')!), '[HAI] Slurm job 4711 (train) ended at 2025-05-03 14:03:12: cancelled; cancelled by the user. HAI adds this line; it is not in the log file.');
    assert.equal(english(endNote({ ...slurm, state: 'completed', endedAt: undefined }, 'completed', undefined)!), '[HAI] Slurm job 4711 (train) ended: completed. HAI adds this line; it is not in the log file.');
  });

  it('is not shown while the job is not over, nor for a local job (its log has its own end line)', () => {
    assert.equal(endNote({ ...slurm, state: 'running' }, 'running', undefined), undefined);
    assert.equal(endNote({ ...slurm, backend: 'local' }, 'cancelled', undefined), undefined);
  });
});
