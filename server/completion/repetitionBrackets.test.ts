import * as assert from 'node:assert/strict';
import { balanceAgainstSuffix, cutAtSuffixOverlap } from './brackets';
import { repeatedLineCut, repeatedTokensCut } from './repetition';

describe('repetition', () => {
  it('finds a token n-gram repeated at the end and keeps one copy', () => {
    assert.equal(repeatedTokensCut([9, 1, 2, 3, 1, 2, 3, 1, 2, 3]), 4);
    assert.equal(repeatedTokensCut([5, 7, 7, 7, 7]), 2);
    assert.equal(repeatedTokensCut([5, 7, 7, 7]), undefined, 'short runs such as ))) are code');
    assert.equal(repeatedTokensCut([1, 2, 3, 1, 2, 3]), undefined);
    assert.equal(repeatedTokensCut([1, 2, 3, 4]), undefined);
  });
  it('finds a complete line repeating the line before it', () => {
    const text = 'x = self.fc(x)\nx = self.fc(x)\nx = ';
    assert.equal(repeatedLineCut(text), 'x = self.fc(x)'.length);
    assert.equal(repeatedLineCut('a = 1\nb = 2\nc'), undefined);
    assert.equal(repeatedLineCut('a = 1\n\n\nb'), undefined, 'blank lines are not a loop');
  });
});

describe('bracket balancing against the suffix', () => {
  it('drops a closer that the text after the cursor already has', () => {
    assert.equal(balanceAgainstSuffix('x)', ')'), 'x');
    assert.equal(balanceAgainstSuffix('logits, labels)', ')\n'), 'logits, labels');
    assert.equal(balanceAgainstSuffix('"lr": 1e-3}', '}'), '"lr": 1e-3');
  });
  it('keeps brackets the suggestion opens and closes itself', () => {
    assert.equal(balanceAgainstSuffix('torch.zeros(3), 1', ')'), 'torch.zeros(3), 1');
    assert.equal(balanceAgainstSuffix('x[0])', ')'), 'x[0]');
  });
  it('leaves a suggestion alone when nothing follows the cursor on its line', () => {
    assert.equal(balanceAgainstSuffix('x)', '\nprint(x)'), 'x)');
  });
  it('drops the rest of the line when the suggestion repeats it', () => {
    assert.equal(balanceAgainstSuffix('nn.Linear(64, 10):', ':'), 'nn.Linear(64, 10)');
  });
});

describe('suggestions that repeat the rest of the line', () => {
  it('stop where the rest of the line begins', () => {
    assert.equal(cutAtSuffixOverlap('crit(out, y)', '(out, y)\n'), 'crit');
    assert.equal(cutAtSuffixOverlap('a + b', ' + b'), 'a');
    assert.equal(balanceAgainstSuffix('self.fc2(x))', '(x))\n'), 'self.fc2');
  });
  it('stop where they end with the start of the rest of the line', () => {
    // Suggestions the shipped model made on unseen packages (bench/codeQuality.ts, fill in the middle).
    assert.equal(cutAtSuffixOverlap('ate_study(', 'tudy(**create_study_kwargs)\n'), 'ate_s');
    assert.equal(cutAtSuffixOverlap('x):', '): pass\n'), 'x');
    // Nothing left: the suggestion is the rest of the line itself.
    assert.equal(cutAtSuffixOverlap('(out, y)', '(out, y)\n'), '');
    assert.equal(cutAtSuffixOverlap('(out)', '(out)\r\n'), '', 'with Windows line ends too');
  });
  it('stop where they repeat part of the rest of the line and then part from it, at the longest such repeat', () => {
    assert.equal(cutAtSuffixOverlap('ixed(other)', '(other.isFixed())\n'), 'ixed');
    assert.equal(cutAtSuffixOverlap(' value == self.right():', '= self.top():\n'), ' value =');
    // `ula` repeats at `formula` and `ula_` at `formula_d2`: the longer one is where the middle ends.
    assert.equal(cutAtSuffixOverlap('ormula=formula_d2,', 'ula_r,\r\n'), 'ormula=form');
  });
  it('are left alone when the rest of the line is too short to tell, or not repeated', () => {
    assert.equal(cutAtSuffixOverlap('x[1:2]', ':'), 'x[1:2]');
    assert.equal(cutAtSuffixOverlap('nn.ReLU()', ', dim=1)'), 'nn.ReLU()');
    assert.equal(cutAtSuffixOverlap('a\n    b(x)', '(x)'), 'a\n    b(x)');
    // Two characters that part from the rest of the line are not enough to tell.
    assert.equal(cutAtSuffixOverlap('func.__name__', 'nc)\n'), 'func.__name__');
    // Only blanks before the repeat, and fewer than its first 8 characters repeated: `version=version` is code.
    assert.equal(cutAtSuffixOverlap(' version=', 'version)\n'), ' version=');
    // It ends inside a word that the rest of the line finishes: it stopped in the right place.
    assert.equal(cutAtSuffixOverlap('stribution(BaseDistri', 'bution):\n'), 'stribution(BaseDistri');
    assert.equal(cutAtSuffixOverlap('rng: np.random.Ran', 'domState,\n'), 'rng: np.random.Ran');
    // It ends with a keyword argument's `=` and the rest of the line is the value.
    assert.equal(cutAtSuffixOverlap('r_values=', 'value_or_values,\n'), 'r_values=');
  });
  it('are left alone where the rest of the line closes brackets the suggestion opened', () => {
    assert.equal(cutAtSuffixOverlap('(n, len(x))', ')), axis=0)\n'), '(n, len(x))');
    assert.equal(balanceAgainstSuffix('(n, len(x))', ')), axis=0)\n'), '(n, len(x))');
    assert.equal(balanceAgainstSuffix('str(Path(p))', '))\n'), 'str(Path(p))');
    assert.equal(balanceAgainstSuffix('nn.Linear(64, 10):', ':\r\n'), 'nn.Linear(64, 10)');
  });
});
