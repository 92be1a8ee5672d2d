import * as assert from 'node:assert/strict';
import { rerunAfterRunning, sharedWhileRunning } from './sharedCall';

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

describe('a load followed by one more when asked for while it runs', () => {
  it('answers a call made during a run with the run after it, which reads the inputs as they are then', async () => {
    let setting = 'old hub';
    const loaded: string[] = [];
    const releases: (() => void)[] = [];
    const reload = rerunAfterRunning(async () => {
      const read = setting;
      await new Promise<void>((resolve) => releases.push(resolve));
      loaded.push(read);
    });
    const first = reload();
    setting = 'new hub';
    const second = reload();
    const third = reload();
    assert.notEqual(first, second);
    assert.equal(second, third, 'calls made meanwhile share the one run after it');
    releases[0]();
    await first;
    assert.deepEqual(loaded, ['old hub']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(releases.length, 2, 'the second run has started');
    releases[1]();
    await second;
    assert.deepEqual(loaded, ['old hub', 'new hub']);
  });

  it('never runs two at once, even for a call made as a run ends, before the one queued has started', async () => {
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const reload = rerunAfterRunning(async () => {
      most = Math.max(most, ++running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
    });
    const first = reload();
    const queued = reload();
    // Called as the first run's promise settles: the queued run answers it.
    const late = first.then(() => reload());
    releases[0]();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(releases.length, 2, 'one more run, not two');
    releases[1]();
    await Promise.all([queued, late]);
    assert.equal(most, 1);
  });

  it('runs the one after a run that failed', async () => {
    let calls = 0;
    let fail: (err: Error) => void = () => undefined;
    const reload = rerunAfterRunning(async () => {
      calls++;
      if (calls === 1) await new Promise<void>((_resolve, reject) => (fail = reject));
    });
    const first = reload();
    const second = reload();
    fail(new Error('the hub did not answer'));
    await assert.rejects(first, /did not answer/);
    await second;
    assert.equal(calls, 2);
  });
});
