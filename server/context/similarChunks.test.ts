import * as assert from 'node:assert/strict';
import { CHUNK_LINES, CONTINUATION_LINES, chunksOf, identifiers, jaccard, queryWords, rankChunks } from './similarChunks';

const lines = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i)).join('\n');

describe('similar chunks of other files', () => {
  it('compares identifiers, not Python keywords or self', () => {
    assert.deepEqual([...identifiers('for x in self.jets: return x.pt')].sort(), ['jets', 'pt', 'x']);
    assert.equal(jaccard(new Set(['a', 'b']), new Set(['b', 'c'])), 1 / 3);
    assert.equal(jaccard(new Set(), new Set(['a'])), 0);
  });

  it('cuts a file into overlapping windows of lines and leaves out near-empty ones', () => {
    const text = lines(40, (i) => `value_${i} = compute_${i}(inputs_${i})`) + '\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n)';
    const chunks = chunksOf(text);
    assert.deepEqual(chunks.map((c) => c.line), [0, 8, 16, 24, 32]);
    assert.equal(chunks[0].text.split('\n').length, CHUNK_LINES);
    assert.ok(chunks[1].words.has('value_8') && !chunks[1].words.has('value_24'), 'the words are those of the window');
  });

  it('offers the lines after a window, the likeliest counterparts of the lines about to be written', () => {
    const text = lines(30, (i) => `value_${i} = compute_${i}(inputs_${i})`) + '\n\n\n\n\n\n';
    const chunks = chunksOf(text);
    const second = chunks[1].text.split('\n');
    assert.equal(second[0], `value_${8 + CONTINUATION_LINES} = compute_${8 + CONTINUATION_LINES}(inputs_${8 + CONTINUATION_LINES})`);
    assert.ok(second.includes('value_24 = compute_24(inputs_24)'), 'the line after the window is offered');
    assert.equal(second.length, CHUNK_LINES);
    // The last window moves only as far as the code goes (blank lines at the end are not code).
    assert.equal(chunks[2].line, 16);
    assert.equal(chunks[2].text.split('\n')[0], 'value_16 = compute_16(inputs_16)', 'lines 16–29 are all the code left');
    assert.ok(chunks[2].text.endsWith('value_29 = compute_29(inputs_29)'));
    // A short file's only window is offered whole.
    const short = chunksOf(lines(6, (i) => `alpha_${i} = beta_${i} + gamma_${i}`) + '\n\n\n\n\n');
    assert.equal(short.length, 1);
    assert.equal(short[0].text.split('\n').length, 6);
  });

  it('ranks by similarity to the lines before the cursor, best first, without overlapping chunks of one file', () => {
    const loop = 'for batch in loader:\n    optimizer.zero_grad()\n    logits = model(batch.points, batch.features)\n    loss = criterion(logits, batch.label)\n    loss.backward()\n    optimizer.step()';
    const other = lines(20, (i) => `plt.hist(values_${i}, bins=50)`);
    const files = [
      { file: 'plot.py', chunks: chunksOf(other) },
      { file: 'train_old.py', chunks: chunksOf(`import torch\n\n${loop}\n${loop}\n`) },
    ];
    const query = queryWords('model.train()\nfor batch in loader:\n    optimizer.zero_grad()\n    logits = model(');
    const ranked = rankChunks(query, files, 4, 0.1);
    assert.equal(ranked[0].file, 'train_old.py');
    assert.ok(ranked.every((r) => r.file === 'train_old.py'), 'the histogram code is not similar enough');
    assert.equal(ranked.length, 1, 'the overlapping window of the same file is left out');
  });
});
