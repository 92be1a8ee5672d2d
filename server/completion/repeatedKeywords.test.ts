// A call never gets the same keyword twice from a suggestion: an argument the suggestion begins so
// ends it (the call closed there); in the argument the user began, such a suggestion is dropped.
import * as assert from 'node:assert/strict';
import { repeatedKeywordCut } from './repeatedKeywords';

/** The suggestion `text` after `line` (with `opened` above it) as the cut leaves it, `)` where the call is to be closed. */
const cut = (line: string, text: string, opened = ''): string => {
  const at = repeatedKeywordCut(line, () => opened)(text);
  return at === undefined ? text : `${text.slice(0, at.at)}${at.closes ? ')' : ''}`;
};

describe('no keyword given twice in one call', () => {
  it('ends a suggestion before an argument it begins with a keyword the call has, and closes the call there', () => {
    assert.equal(cut('layer = nn.Conv2d(3, 64, kernel_size=3, stride=1', ', stride='), ')');
    assert.equal(cut('bn = nn.BatchNorm1d(64, momentum=0.1', ', eps=1e-5, momentum=0.1, dropout=0.1)'), ', eps=1e-5)');
    assert.equal(cut('plt.hist(x', ', bins=50, color="k", bins=20)'), ', bins=50, color="k")', 'a keyword the suggestion wrote');
    assert.equal(cut('    ', '    lr=0.2,\n', 'opt = SGD(\n    params,\n    lr=1e-3,  # the paper\'s\n'), '', 'the arguments on the lines above');
    assert.equal(cut('def fit(self, lr=1e-3', ', lr=0.1):'), ')', 'a signature too');
  });

  it('drops a suggestion that names again, in the argument the user began, a keyword the call has', () => {
    assert.equal(cut('optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, ', 'lr=0.1)'), '');
    assert.equal(cut('optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, ', 'lr == 0.1)'), 'lr == 0.1)', 'a comparison');
    assert.equal(cut('optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, ', 'weight_decay=1e-4)'), 'weight_decay=1e-4)');
    assert.equal(cut('optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, l', 'r=0.1)'), '', 'a name the user began');
    assert.equal(cut('f(lr=1, lr=', '2)'), '2)', 'the user\'s own keyword: theirs to see');
  });

  it('holds only at the call\'s own level', () => {
    assert.equal(cut('f(a=1', ', g(a=2))'), ', g(a=2))', 'another call\'s keyword');
    assert.equal(cut('f(a=1, g(', 'a=2))'), 'a=2))', 'the cursor in another call');
    assert.equal(cut('x = [a, ', 'a=2]'), 'a=2]', 'no call');
    assert.equal(cut('f(a=1', ', "x, a=2")'), ', "x, a=2")', 'a comma in a string');
    assert.equal(cut('d = dict(a=1', ', b=2)'), ', b=2)');
    assert.equal(cut('x = 1', ', a=2'), ', a=2', 'no bracket open');
  });

  it('reads a banner of comment marks between arguments at once', () => {
    // Read in exponentially many ways by an earlier pattern: this test would not end.
    const banner = `\n    ${'#'.repeat(200)}\n    `;
    assert.equal(cut('layers = nn.Sequential(nn.Linear(4, 4),', `${banner}nn.ReLU(),${banner}nn.Linear(4, 2))`), `${banner}nn.ReLU(),${banner}nn.Linear(4, 2))`);
    assert.equal(cut('f(a=1,', `${banner}a=2)`), '');
  });
});
