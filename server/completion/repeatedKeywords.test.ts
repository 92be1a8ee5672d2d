// A call never gets the same keyword twice from a suggestion: in the argument the user began, the
// token that would name it again is refused; an argument the suggestion begins so ends it instead.
import * as assert from 'node:assert/strict';
import { noRepeatedKeyword, repeatedKeywordCut } from './repeatedKeywords';

/** Whether `added` may follow `visible` after `line` (with `opened` above it). */
const allows = (line: string, visible: string, added: string, opened = ''): boolean => noRepeatedKeyword(line, () => opened)(visible)?.(added) ?? true;
/** The suggestion `text` after `line` as the cut leaves it. */
const cut = (line: string, text: string, opened = ''): string => text.slice(0, repeatedKeywordCut(line, () => opened)(text) ?? text.length);

describe('no keyword given twice in one call', () => {
  it('refuses, in the argument the user began, the token that names again a keyword the call has', () => {
    const line = 'optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, ';
    assert.equal(allows(line, '', 'lr'), true, 'a name may begin the argument (`lr_scheduler`)');
    assert.equal(allows(line, 'lr', '='), false);
    assert.equal(allows(line, '', 'lr='), false);
    assert.equal(allows(line, 'lr ', '= '), false);
    assert.equal(allows(line, 'lr', '=='), true, 'a comparison');
    assert.equal(allows(line, '', 'weight_decay='), true);
    assert.equal(allows('    lr', '', '=', 'opt = Adam(\n    params,\n    lr=1e-3,  # the paper\'s\n'), false, 'the arguments on the lines above');
    assert.equal(allows('def fit(self, lr=1e-3, ', '', 'lr='), false, 'a signature too');
  });

  it('holds only at the call\'s own level, and leaves the user\'s own text and the suggestion\'s arguments alone', () => {
    assert.equal(allows('f(lr=1, g(', '', 'lr='), true, 'another call');
    assert.equal(allows('x = [lr, ', '', 'lr='), true, 'no call');
    assert.equal(allows('f(lr=1, lr=', '', 'args.lr'), true, 'the keyword the cursor\'s argument has already');
    assert.equal(allows('f(lr=1, lr', '', ' = 2'), false, 'but the suggestion may not make it one');
    assert.equal(allows('f(lr=1', ', ', 'lr='), true, 'an argument the suggestion began: the cut\'s');
    assert.equal(noRepeatedKeyword('x = 1', () => '')(''), undefined, 'no bracket open');
  });

  it('ends a suggestion before an argument it begins with a keyword the call has', () => {
    assert.equal(cut('layer = nn.Conv2d(3, 64, kernel_size=3, stride=1', ', stride='), '');
    assert.equal(cut('bn = nn.BatchNorm1d(64, momentum=0.1', ', eps=1e-5, momentum=0.1, dropout=0.1)'), ', eps=1e-5');
    assert.equal(cut('plt.hist(x', ', bins=50, color="k", bins=20)'), ', bins=50, color="k"', 'a keyword the suggestion wrote');
    assert.equal(cut('    ', 'momentum=0.5)', 'opt = SGD(\n    params,\n    momentum=0.9,\n'), 'momentum=0.5)', 'the cursor\'s own argument: the rule\'s');
    assert.equal(cut('f(a=1', ', g(a=2))'), ', g(a=2))', 'another call\'s keyword');
    assert.equal(cut('f(a=1', ', "x, a=2")'), ', "x, a=2")', 'a comma in a string');
    assert.equal(cut('d = dict(a=1', ', b=2)'), ', b=2)');
  });

  it('reads a banner of comment marks between arguments at once', () => {
    // Read in exponentially many ways by an earlier pattern: this test would not end.
    const banner = `\n    ${'#'.repeat(200)}\n    `;
    assert.equal(cut('layers = nn.Sequential(nn.Linear(4, 4),', `${banner}nn.ReLU(),${banner}nn.Linear(4, 2))`), `${banner}nn.ReLU(),${banner}nn.Linear(4, 2))`);
    assert.equal(allows('f(a=1,', banner, 'a='), false);
  });
});
