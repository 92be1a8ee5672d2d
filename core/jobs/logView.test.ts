// The log view's text as the log grows: tqdm's rewritten line as its latest state, a line longer than
// all that is kept cut inside, the bytes cut counted, and time in proportion to what arrives.
import * as assert from 'node:assert/strict';
import { appendLog, type LogText } from './logView';

const feed = (pieces: readonly string[], keep: number, from: LogText = { text: '', start: 0 }): LogText => pieces.reduce((shown, piece) => appendLog(shown, piece, keep), from);

describe('log view text', () => {
  it('shows a tqdm line rewritten with \\r as its latest state, however the pieces fall', () => {
    const log = 'Epoch #1 training\n' + Array.from({ length: 50 }, (_, i) => `\r${String(i * 2).padStart(3)}%|${'#'.repeat(i)}`).join('') + '\nTrain AvgLoss: 0.5\n';
    const whole = feed([log], 1000);
    assert.equal(whole.text, `Epoch #1 training\n 98%|${'#'.repeat(49)}\nTrain AvgLoss: 0.5\n`);
    for (const size of [1, 3, 7]) {
      const pieces = log.match(new RegExp(`[^]{1,${size}}`, 'g'))!;
      assert.equal(feed(pieces, 1000).text, whole.text, `pieces of ${size}`);
    }
    // While the line is open, its latest state shows.
    assert.equal(feed(['a\n\r 10%|#', '\r 20%|##\r'], 100).text, 'a\n 20%|##\r');
    assert.equal(feed(['a\n\r 10%|#', '\r 20%|##\r', ' 30%|###'], 100).text, 'a\n 30%|###');
  });

  it('keeps CRLF line ends, also split between pieces', () => {
    assert.equal(feed(['one\r', '\ntwo\r\n'], 100).text, 'one\r\ntwo\r\n');
  });

  it('stays within what it keeps on a long \\r run or a line without any line end, counting the bytes cut', () => {
    const run = feed(Array.from({ length: 20_000 }, (_, i) => `\r${i}|${'█'.repeat(40)}`), 4096);
    assert.equal(run.text, `19999|${'█'.repeat(40)}`);
    const piece = 'é'.repeat(1000);
    const long = feed(Array.from({ length: 100 }, () => piece), 4096);
    assert.equal(long.text.length, 4096);
    assert.equal(long.start, (100_000 - 4096) * 2, 'two bytes per é cut');
    const lines = feed(['first line\n', 'x'.repeat(5000)], 4096);
    assert.equal(lines.text, 'x'.repeat(4096));
  });

  it('cuts at a line start when one is within what it keeps', () => {
    const shown = feed(['a'.repeat(60) + '\n', 'b'.repeat(30) + '\n', 'c'.repeat(10)], 50);
    assert.deepEqual(shown, { text: 'b'.repeat(30) + '\n' + 'c'.repeat(10), start: 61 });
  });

  it('takes time in proportion to what arrives', () => {
    const started = Date.now();
    let shown: LogText = { text: '', start: 0 };
    const piece = `\r${' 50%|'.padEnd(120, '#')}`.repeat(2000);
    for (let i = 0; i < 200; i++) shown = appendLog(shown, piece + (i % 10 === 0 ? 'x'.repeat(100_000) : ''), 1024 * 1024);
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
    assert.ok(shown.text.length <= 1024 * 1024);
  });
});
