import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileFollower, LiveFile, readTail } from './fileFollower';

describe('following files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-follow-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads only what was added, waits for a file that does not exist yet, and starts again after a truncation', async () => {
    const file = path.join(dir, 'log');
    const f = new FileFollower(file);
    assert.deepEqual(await f.read(), { text: '', restarted: false });
    writeFileSync(file, 'one\n');
    assert.equal((await f.read()).text, 'one\n');
    appendFileSync(file, 'two\n');
    assert.equal((await f.read()).text, 'two\n');
    assert.equal((await f.read()).text, '');
    writeFileSync(file, 'x\n');
    assert.deepEqual(await f.read(), { text: 'x\n', restarted: true });
  });

  it('reads nothing from a FIFO put where the file should be, without waiting for a writer', async () => {
    const fifo = path.join(dir, 'metrics.jsonl');
    execFileSync('mkfifo', [fifo]);
    // A blocking open would never return here: no one writes to the FIFO.
    assert.deepEqual(await new FileFollower(fifo).read(), { text: '', restarted: false });
  });

  it('keeps a UTF-8 character split across two reads whole', async () => {
    const file = path.join(dir, 'log');
    const bytes = Buffer.from('训练 loss\n', 'utf8');
    writeFileSync(file, bytes.subarray(0, 2));
    const f = new FileFollower(file);
    const first = (await f.read()).text;
    appendFileSync(file, bytes.subarray(2));
    assert.equal(first + (await f.read()).text, '训练 loss\n');
  });

  it('reads the tail of a big file from a line start, with its offset', async () => {
    const file = path.join(dir, 'big.log');
    const lines = Array.from({ length: 100_000 }, (_, i) => `line ${i} 训练`);
    writeFileSync(file, lines.join('\n') + '\n');
    const tail = await readTail(file, 4096);
    assert.ok(tail.text.length > 0 && tail.text.length <= 4096);
    assert.ok(tail.text.endsWith('line 99999 训练\n'));
    assert.match(tail.text, /^line \d+ 训练\n/);
    assert.equal(tail.size, Buffer.byteLength(lines.join('\n') + '\n'));
    const whole = await readTail(file, 1e9);
    assert.equal(whole.start, 0);
    assert.equal(Buffer.byteLength(whole.text), whole.size);
  });

  it('follows a file that appears later and grows, delivering each piece once and in order', async () => {
    const file = path.join(dir, 'live.log');
    const got: string[] = [];
    // A long poll interval: what arrives quickly arrives through the file-change events.
    const live = new LiveFile(file, 0, (text) => got.push(text), 200);
    try {
      await new Promise((r) => setTimeout(r, 50));
      writeFileSync(file, 'a\n');
      const wait = async (want: string) => {
        const deadline = Date.now() + 5000;
        while (got.join('') !== want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        assert.equal(got.join(''), want);
      };
      await wait('a\n');
      for (let i = 0; i < 20; i++) appendFileSync(file, `${i}\n`);
      await wait('a\n' + Array.from({ length: 20 }, (_, i) => `${i}\n`).join(''));
    } finally {
      live.dispose();
    }
  });
});
