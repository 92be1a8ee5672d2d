import * as assert from 'node:assert/strict';
import { sharedWhileRunning } from './sharedCall';

describe('a follower’s update shared while it runs', () => {
  it('gives calls made meanwhile the running call’s result, and runs again once it ended', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const update = sharedWhileRunning(async () => {
      runs++;
      await new Promise<void>((resolve) => (release = resolve));
      return runs;
    });
    const first = update();
    const second = update();
    assert.equal(first, second, 'the same promise');
    release();
    assert.deepEqual(await Promise.all([first, second]), [1, 1]);
    const third = update();
    release();
    assert.equal(await third, 2);
    assert.equal(runs, 2);
  });

  it('runs again after a call that failed', async () => {
    let calls = 0;
    const update = sharedWhileRunning(async () => {
      calls++;
      if (calls === 1) throw new Error('unreadable');
      return calls;
    });
    await assert.rejects(update(), /unreadable/);
    assert.equal(await update(), 2);
  });
});
