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
  // Loops the shipped model fell into in block suggestions on unseen packages: it went on until its token budget ran out.
  const cutAt = (text: string): string | undefined => {
    const at = repeatedLineCut(text);
    return at === undefined ? undefined : text.slice(0, at);
  };
  it('compares the first line as it will stand, after the cursor line\'s indentation', () => {
    // The shipped model after `# Then it was customed by the user` in a block: the comment twice, then a third time.
    const text = '# TODO: this is a copy of the original image\n            # TODO: this is a copy of the original image\n            #';
    assert.equal(repeatedLineCut(text), undefined, 'without the indentation the first line is another line');
    assert.equal(repeatedLineCut(text, '            '), '# TODO: this is a copy of the original image'.length);
    assert.equal(repeatedLineCut('x = 1\n    x = 1\n', '        '), undefined, 'at another indentation it is another line');
    const nested = 'if dummy is not None:\n    if dummy is not None:\n        if';
    assert.equal(repeatedLineCut(nested, '    '), 'if dummy is not None:'.length, 'the other rules keep their cuts');
  });
  it('stops at a block header the suggestion has already, keeping the first', () => {
    const nested = 'if dummy is not None:\n            if dummy is not None:\n                if';
    assert.equal(cutAt(nested), 'if dummy is not None:', 'the first line, the cursor\'s, stays even as a header');
    const branches = 'if fixed is None:\n            fixed = True\n        else:\n            fixed = False\n        if fixed is None:\n            f';
    assert.equal(cutAt(branches), 'if fixed is None:\n            fixed = True\n        else:\n            fixed = False');
    assert.equal(cutAt('if a:\n    x = 1\nelse:\n    if b:\n        y = 2\n    else:\n        y'), undefined, 'else: twice is no loop');
  });
  it('stops where two lines repeat two lines further up, blank lines between them or not', () => {
    const body = 'if name2 in par.correl:\n    continue\nif name2 in par.correl:\n    continue\nif';
    assert.equal(cutAt(body), 'if name2 in par.correl:\n    continue');
    const docstring = 'Return the mode.\n\n    axis : int, optional\n        Axis along which to compute.\n    axis : int, optional\n        Axis along which to compute.\n    ';
    assert.equal(cutAt(docstring), 'Return the mode.\n\n    axis : int, optional\n        Axis along which to compute.');
    const spaced = 'self.a = []\n\nself.b = {}\n\nself.a = []\n\nself.b = {}\n';
    assert.equal(cutAt(spaced), 'self.a = []\n\nself.b = {}', 'blank lines before the cut go too');
  });
  it('drops a header a cut leaves without its body', () => {
    const text = 'if a:\n    log(a)\n    return\nif b:\n    log(a)\n    return\n';
    assert.equal(cutAt(text), 'if a:\n    log(a)\n    return');
  });
  it('finds a loop as generation meets it, token by token, when a token ends a line and a blank one at once', () => {
    const tokens = ['self', '.a', ' = []', '\n\n    ', 'self', '.b', ' = {}', '\n\n    ', 'self', '.a', ' = []', '\n\n    ', 'self', '.b', ' = {}', '\n\n    ', 'self'];
    let text = '';
    let cut: number | undefined;
    for (const token of tokens) {
      text += token;
      cut = repeatedLineCut(text);
      if (cut !== undefined) break;
    }
    assert.equal(cut === undefined ? undefined : text.slice(0, cut), 'self.a = []\n\n    self.b = {}');
    assert.equal(text.endsWith('self.b = {}\n\n    '), true, 'found when the repeat is complete, not later');
  });
  it('leaves code that repeats a header or lines by design: except clauses, calls that share argument lines', () => {
    const tries = 'try:\n    a = int(s)\nexcept ValueError:\n    a = 0\ntry:\n    b = int(t)\nexcept ValueError:\n    b';
    assert.equal(cutAt(tries), undefined, 'a try keeps its except');
    const layers = 'self.conv1 = nn.Sequential(\n    nn.ReLU(),\n    nn.Dropout(0.1),\n)\nself.conv2 = nn.Sequential(\n    nn.ReLU(),\n    nn.Dropout(0.1),\n    n';
    assert.equal(cutAt(layers), undefined, 'no cut inside the brackets of a call');
  });
  it('stops a message whose string pieces repeat inside a call, the call left open for the user', () => {
    // The shipped model after `def wrapper(func):` on an unseen package, until its token budget ran out.
    const message = 'if not isfunction(func):\n    raise RuntimeError(\n        "Failed to import a function "\n        "without the function. "\n        "This function will be called "\n        "without the function. "\n        "This function will be called "\n        "';
    assert.equal(cutAt(message), 'if not isfunction(func):\n    raise RuntimeError(\n        "Failed to import a function "\n        "without the function. "\n        "This function will be called "');
    assert.equal(cutAt('log(\n    f"{a} done"\n    f"{a} done"\n    f'), 'log(\n    f"{a} done"', 'one line again, f-strings too');
    assert.equal(cutAt('parser.add_argument(\n    "--lr",\n    type=float,\n    "--lr",\n    type=float,\n    h'), undefined, 'a pair with code in it is argument lines');
    const schema = 'schema = {\n    "name": {\n        "type": "string",\n        "required": True,\n    },\n    "email": {\n        "type": "string",\n        "required": True,\n    ';
    assert.equal(cutAt(schema), undefined, 'a dict\'s entries repeat in code');
    assert.equal(cutAt('labels = [\n    "O",\n    "O",\n    "'), undefined, 'so do a list\'s elements');
    // The shipped model after a test's header: one entry of a dict four times, until the budget.
    const entries = 'options = {\n    "method": "csrocl_1",\n    "method": "csrocl_1",\n    "';
    assert.equal(cutAt(entries), 'options = {\n    "method": "csrocl_1",', 'a key right under itself is a loop');
    assert.equal(cutAt('callbacks = [\n    lambda: None,\n    lambda: None,\n    l'), undefined, 'a lambda is no dict entry');
    assert.equal(cutAt('interior = u[\n    1:-1,\n    1:-1,\n    '), undefined, 'nor a slice');
    // The shipped model after a header in imblearn: a keyword argument twice, a SyntaxError.
    const call = 'X, y = make_classification(\n    flip_y=flip_y,\n    flip_y=flip_y,\n    n';
    assert.equal(cutAt(call), 'X, y = make_classification(\n    flip_y=flip_y,', 'a keyword argument right under itself is a loop');
    assert.equal(cutAt('ok = f(\n    a == b,\n    a == b,\n    c'), undefined, 'a comparison is no keyword argument');
  });
  it('handles Windows line ends and a suggestion that starts with a line break', () => {
    assert.equal(cutAt('if a:\r\n    if a:\r\n        i'), 'if a:\r');
    assert.equal(cutAt('\nif a:\n    if a:\n        i'), '\nif a:', 'the first line that is not blank stays');
  });
  it('leaves one repeated statement, and a pair that overlaps its repeat, alone', () => {
    assert.equal(cutAt('if a:\n    x = f(a)\n    y = 1\nelse:\n    x = f(b)\n    y = 1\n'), undefined);
    assert.equal(cutAt('x = 1\ny = 2\nx = 1\nz'), undefined);
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
