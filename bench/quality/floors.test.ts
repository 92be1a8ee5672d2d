// The copy-previous-line floor: what it offers at a line start, mid-line and in a hole.
import * as assert from 'node:assert/strict';
import { copyPreviousLine } from './floors';

describe('copy-previous-line floor', () => {
  const prefix = 'class Net:\n    def f(self):\n        self.fc1 = nn.Linear(4, 8)\n\n        ';
  it('offers the last non-blank line at a line start, without its indentation', () => {
    assert.equal(copyPreviousLine({ kind: 'next-line', file: 'a.py', prefix, suffix: '', target: 'self.fc2 = nn.Linear(8, 2)' }), 'self.fc1 = nn.Linear(4, 8)');
  });
  it('mid-line, offers the rest of the previous line only when it begins with what is typed', () => {
    const c = { kind: 'line-rest' as const, file: 'a.py', suffix: '', target: '2 = nn.Linear(8, 2)' };
    assert.equal(copyPreviousLine({ ...c, prefix: `${prefix}self.fc` }), '1 = nn.Linear(4, 8)');
    assert.equal(copyPreviousLine({ ...c, prefix: `${prefix}return ` }), '');
  });
  it('offers nothing in a fill-in-the-middle hole', () => {
    assert.equal(copyPreviousLine({ kind: 'fim', file: 'a.py', prefix, suffix: ')', target: 'x' }), '');
  });
});
