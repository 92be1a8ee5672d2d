// A separate process for the lock tests: takes the lock named on the command line when told "go" on
// stdin, says what happened on stdout, and releases or exits when told. With a log file it also
// records when it held the lock, so that the test can check no two processes held it at once.
// "freeze <file>" blocks its event loop (as a suspended machine or a long synchronous task would, so
// that the lock's refresh cannot run) until that file exists.
import { appendFileSync, existsSync } from 'node:fs';
import * as readline from 'node:readline';
import { acquireLock, type HeldLock, tryLock } from '../../core/fs/fileLock';

const [file, mode, log] = process.argv.slice(2);
let lock: HeldLock | undefined;
const pause = new Int32Array(new SharedArrayBuffer(4));

async function go(): Promise<void> {
  if (mode === 'try') {
    const got = await tryLock(file);
    if ('busy' in got) return void console.log(`busy ${got.busy?.pid ?? '?'}`);
    lock = got;
  } else {
    lock = await acquireLock(file, { pollMs: 20, onWait: (h) => console.log(`waiting ${h?.pid ?? '?'}`) });
  }
  console.log(`got ${process.pid} ${lock.waited ? 'after-waiting' : 'at-once'}`);
  if (mode === 'turn') {
    // Hold the lock for a while (0.4 s of work across event-loop turns, long enough even on a loaded
    // machine) so that the other processes, told "go" at the same moment, find it held.
    appendFileSync(log, `enter ${process.pid}\n`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    appendFileSync(log, `leave ${process.pid}\n`);
    await lock.release();
    console.log('released');
    process.exit(0);
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'go') void go().catch((err: unknown) => console.log(`error ${String(err)}`));
  if (line === 'release') void lock?.release().then(() => console.log('released'));
  if (line === 'exit') process.exit(0);
  if (line.startsWith('freeze ')) {
    console.log('frozen');
    while (!existsSync(line.slice('freeze '.length))) Atomics.wait(pause, 0, 0, 10);
    console.log('thawed');
  }
});
console.log('ready');
