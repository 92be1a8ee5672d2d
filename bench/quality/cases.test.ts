// Evaluation cases: reproducible from a seed, cut where the engine completes, and faithful to the file.
import * as assert from 'node:assert/strict';
import { makeCases } from './cases';

const FILE = {
  path: 'net.py',
  text: [
    'import torch',
    '',
    'class Net(torch.nn.Module):',
    '    # a comment line',
    '    def __init__(self, n):',
    '        super().__init__()',
    '        self.fc1 = torch.nn.Linear(n, 64)',
    '        self.fc2 = torch.nn.Linear(64, 2)',
    '',
  ].join('\n'),
};
const notInComment = (text: string, offset: number) => !text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset + 1).includes('#');

describe('evaluation cases', () => {
  it('are the same for the same seed and differ for another', () => {
    assert.deepEqual(makeCases([FILE], 5, 1, notInComment), makeCases([FILE], 5, 1, notInComment));
    assert.notDeepEqual(makeCases([FILE], 5, 1, notInComment), makeCases([FILE], 5, 2, notInComment));
  });

  it('next-line cases start after the indentation and want the whole line', () => {
    const cases = makeCases([FILE], 20, 3, notInComment).filter((c) => c.kind === 'next-line');
    assert.equal(cases.length, 20);
    for (const c of cases) {
      const lineStart = c.prefix.lastIndexOf('\n') + 1;
      assert.match(c.prefix.slice(lineStart), /^ *$/, 'only indentation before the cursor on its line');
      assert.equal(c.prefix + c.target + c.suffix, FILE.text);
      assert.ok(!c.target.startsWith('#'), 'never inside a comment');
    }
  });

  it('rest-of-line cases start inside the code of a line and want the rest of it', () => {
    const cases = makeCases([FILE], 20, 5, notInComment, ['line-rest']);
    assert.equal(cases.length, 20);
    for (const c of cases) {
      const typed = c.prefix.slice(c.prefix.lastIndexOf('\n') + 1);
      assert.ok(typed.trim().length > 0, 'some of the line is typed already');
      assert.ok(c.suffix === '' || c.suffix.startsWith('\n'), 'the suffix is the lines after');
      assert.equal(c.prefix + c.target + c.suffix, FILE.text);
    }
  });

  it('fill-in-the-middle cases remove a span inside one line', () => {
    const cases = makeCases([FILE], 20, 4, notInComment).filter((c) => c.kind === 'fim');
    assert.equal(cases.length, 20);
    for (const c of cases) {
      assert.equal(c.prefix + c.target + c.suffix, FILE.text);
      assert.ok(!c.target.includes('\n') && c.target.trim().length > 0);
    }
  });
});
