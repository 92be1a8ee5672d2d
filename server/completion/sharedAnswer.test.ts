// Two requests at the same place share one run: the second waits for the first's answer; a request
// for other text, a newer request, a run that every waiter cancelled or one that has answered is not joined.
import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SharedAnswer } from './sharedAnswer';

/** A run that answers `answer` after `ms`, stopping early once unwanted; counts the runs started. */
function runner(answer: string, ms = 20) {
  const runs = { started: 0, stopped: 0 };
  const work = async (unwanted: () => boolean): Promise<string | undefined> => {
    runs.started++;
    for (let t = 0; t < ms; t += 5) {
      if (unwanted()) {
        runs.stopped++;
        return undefined;
      }
      await sleep(5);
    }
    return answer;
  };
  return { runs, work };
}

const never = (): boolean => false;

describe('one model run for two requests at the same place', () => {
  it('answers a request for the same key with the run in progress, and not once it has answered', async () => {
    const shared = new SharedAnswer<string>();
    const { runs, work } = runner('MET_py)');
    const first = shared.start('k', 1, never, () => false, work);
    const second = shared.join('k', 1, never);
    assert.ok(second);
    assert.deepEqual(await Promise.all([first, second]), ['MET_py)', 'MET_py)']);
    assert.equal(runs.started, 1);
    assert.equal(shared.join('k', 1, never), undefined, 'an answered run: the files read may have changed since');
  });

  it('tells each waiter the text as the run generates it', async () => {
    const shared = new SharedAnswer<string>();
    const first: string[] = [];
    const second: string[] = [];
    const run = shared.start('k', 1, never, () => false, async (_unwanted, notify) => {
      notify('MET');
      await sleep(10);
      notify('MET_py');
      await sleep(10);
      notify('MET_py)');
      return 'MET_py)';
    }, (text) => first.push(text));
    await sleep(5);
    const joined = shared.join('k', 1, never, (text) => second.push(text))!;
    assert.deepEqual(await Promise.all([run, joined]), ['MET_py)', 'MET_py)']);
    assert.deepEqual(first, ['MET', 'MET_py', 'MET_py)']);
    assert.deepEqual(second, ['MET_py', 'MET_py)'], 'from when it joined');
  });

  it('does not join another key, a run a newer request superseded, or a cleared one', () => {
    const shared = new SharedAnswer<string>();
    void shared.start('k', 1, never, () => false, runner('a').work);
    assert.equal(shared.join('other', 1, never), undefined);
    assert.equal(shared.join('k', 2, never), undefined, 'a request came between');
    shared.clear('other\0');
    assert.ok(shared.join('k', 1, never), 'another document closed');
    shared.clear();
    assert.equal(shared.join('k', 1, never), undefined);
  });

  it('goes on while one waiter wants it, and stops once all have cancelled', async () => {
    const shared = new SharedAnswer<string>();
    const { runs, work } = runner('x', 40);
    let listCancelled = false;
    const list = shared.start('k', 1, () => listCancelled, () => false, work);
    const inline = shared.join('k', 1, never)!;
    listCancelled = true;
    assert.equal(await inline, 'x', 'the list gave up; the inline request still gets the answer');
    assert.equal(await list, undefined, 'a cancelled request gets none');
    assert.equal(runs.stopped, 0);

    const again = runner('y', 40);
    let cancelled = false;
    const alone = shared.start('k2', 2, () => cancelled, () => false, again.work);
    cancelled = true;
    assert.equal(await alone, undefined);
    assert.equal(again.runs.stopped, 1);
    assert.equal(shared.join('k2', 2, never), undefined, 'an abandoned run answers nobody');
  });

  it('stops when superseded, and is not joined after a failure', async () => {
    const shared = new SharedAnswer<string>();
    let latest = 1;
    const { runs, work } = runner('x', 40);
    const run = shared.start('k', 1, never, () => latest !== 1, work);
    latest = 2;
    assert.equal(await run, undefined);
    assert.equal(runs.stopped, 1);
    const failing = shared.start('f', 3, never, () => false, () => Promise.reject(new Error('model failed')));
    await assert.rejects(failing, /model failed/);
    assert.equal(shared.join('f', 3, never), undefined);
  });
});
