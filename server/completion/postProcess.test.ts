import * as assert from 'node:assert/strict';
import { postProcess } from './postProcess';
import { LatencyWindow } from './latencyWindow';

describe('post-processing', () => {
  it('trims trailing whitespace on every line and at the end', () => {
    assert.equal(postProcess('x = 1   \ny = 2\t\n\n', ''), 'x = 1\ny = 2');
  });
  it('drops empty and whitespace-only suggestions', () => {
    assert.equal(postProcess('   \n\t', ''), '');
  });
  it('never repeats the line below the cursor', () => {
    assert.equal(postProcess('return self.fc(x)', '\n    return self.fc(x)\n'), '');
    assert.equal(postProcess('x = self.bn(x)', '\n    return self.fc(x)\n'), 'x = self.bn(x)');
  });
  it('cuts before bytes that are not text', () => {
    assert.equal(postProcess('backward\uFFFD\uFFFD ran', ''), 'backward');
    assert.equal(postProcess('conv\u001d(x)', ''), 'conv');
    assert.equal(postProcess('a\tb', ''), 'a\tb');
  });
  it('keeps the lines a model writes with Windows line ends, as lines', () => {
    assert.equal(postProcess('"""Fit the tagger.\r\n        """\r\n        x = 1', ''), '"""Fit the tagger.\n        """\n        x = 1');
    assert.equal(postProcess('x = 1\ry = 2', ''), 'x = 1', 'a carriage return alone is no line end');
  });
});

describe('latency window', () => {
  it('reports nearest-rank percentiles over the latest requests', () => {
    const w = new LatencyWindow(100);
    assert.equal(w.summary(), undefined);
    for (let i = 1; i <= 150; i++) w.add(i);
    assert.deepEqual(w.summary(), { requests: 150, window: 100, p50: 100, p95: 145, p99: 149 });
  });
});
