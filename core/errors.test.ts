import * as assert from 'node:assert/strict';
import { ActionableError, reportError } from './errors';

class SampleError extends ActionableError<'http' | 'space'> {}

describe('ActionableError', () => {
  it('keeps kind, message, hint and detail in one argument order, and its subclass name', () => {
    const err = new SampleError('space', 'The disk is full.', 'Free some space and retry.', { detail: 'ENOSPC: write' });
    assert.equal(err.kind, 'space');
    assert.equal(err.message, 'The disk is full.');
    assert.equal(err.hint, 'Free some space and retry.');
    assert.equal(err.detail, 'ENOSPC: write');
    assert.equal(err.name, 'SampleError');
    assert.ok(err instanceof ActionableError);
  });

  it('shows message and next step in the notice; the detail and causes only in the log', () => {
    const root = new Error('connect ECONNREFUSED 127.0.0.1:6820');
    const err = new SampleError('http', 'slurmrestd did not answer.', 'Check hai.jobs.slurmrestUrl.', { detail: 'HTTP 502 body', cause: root });
    const r = reportError(err);
    assert.equal(r.notice, 'slurmrestd did not answer. Check hai.jobs.slurmrestUrl.');
    assert.match(r.log, /^SampleError \(http\): slurmrestd did not answer\. Check hai\.jobs\.slurmrestUrl\./);
    assert.match(r.log, /HTTP 502 body/);
    assert.match(r.log, /caused by: Error: connect ECONNREFUSED/);
    assert.doesNotMatch(r.notice, /502|ECONNREFUSED/);
  });

  it('reports a plain error or a thrown string without losing it', () => {
    assert.equal(reportError(new TypeError('boom')).notice, 'boom');
    assert.match(reportError(new TypeError('boom')).log, /TypeError: boom/);
    assert.equal(reportError('text').notice, 'text');
  });
});
