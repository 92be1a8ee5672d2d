// The checks of the model's speed after load: each in its turn, put off while the engine is busy,
// none after stop(), and a check that fails does not end the others.
import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { SpeedRechecks } from './speedRecheck';

describe('measuring the model’s speed again in idle time', () => {
  it('checks once per delay, in turn, while the engine is idle', async () => {
    const at: number[] = [];
    const started = performance.now();
    const rechecks = new SpeedRechecks(() => 10_000, async () => void at.push(performance.now() - started), [20, 40], 5);
    rechecks.start();
    await sleep(150);
    assert.equal(at.length, 2);
    assert.ok(at[0] >= 19 && at[1] >= at[0] + 39, `checked at ${at.map(Math.round).join(', ')} ms`);
  });

  it('puts a check off while the engine runs the model, and checks once it has been idle long enough', async () => {
    const busyUntil = performance.now() + 250;
    const idleFor = () => Math.max(0, performance.now() - busyUntil);
    const at: number[] = [];
    const rechecks = new SpeedRechecks(idleFor, async () => void at.push(performance.now()), [10], 50);
    rechecks.start();
    await sleep(150);
    assert.equal(at.length, 0, 'not while busy');
    await sleep(650);
    assert.equal(at.length, 1);
    assert.ok(at[0] >= busyUntil + 49, 'only after 50 ms of quiet');
  });

  it('drops a check put off ten times (the user types on) and makes the next', async () => {
    // Busy the first fifteen times it is asked: the first check is put off ten times and dropped, the
    // second five times, then made.
    let asked = 0;
    const idleFor = () => (++asked <= 15 ? 0 : 10_000);
    let checks = 0;
    const rechecks = new SpeedRechecks(idleFor, async () => void checks++, [5, 5], 5);
    rechecks.start();
    for (let i = 0; i < 100 && asked < 16; i++) await sleep(10);
    await sleep(50);
    assert.equal(asked, 16);
    assert.equal(checks, 1);
  });

  it('checks nothing after stop(), and goes on after a check that failed', async () => {
    let checks = 0;
    const stopped = new SpeedRechecks(() => 10_000, async () => void checks++, [20], 5);
    stopped.start();
    stopped.stop();
    await sleep(60);
    assert.equal(checks, 0);
    const failing = new SpeedRechecks(
      () => 10_000,
      async () => {
        checks++;
        throw new Error('the model was unloaded');
      },
      [5, 5],
      1,
    );
    failing.start();
    await sleep(80);
    assert.equal(checks, 2);
  });
});
