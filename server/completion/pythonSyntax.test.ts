// Syntax decisions on real Python snippets, with the real tree-sitter-python grammar.
import * as assert from 'node:assert/strict';
import { blockEnd, indentWidth, PythonSyntax } from './pythonSyntax';

/** `|` marks the cursor. */
function at(source: string): [string, number] {
  const offset = source.indexOf('|');
  return [source.slice(0, offset) + source.slice(offset + 1), offset];
}

describe('Python syntax at the cursor', function () {
  this.timeout(10_000);
  let syntax: PythonSyntax;
  const decide = (source: string, docstrings = false) => syntax.analyze(...at(source), docstrings);

  before(async () => {
    syntax = await PythonSyntax.load();
  });

  it('offers nothing inside a comment', () => {
    assert.deepEqual(decide('x = 1  # the learning rate |\n'), { complete: false, reason: 'comment' });
    assert.deepEqual(decide('# TODO: add dropout|'), { complete: false, reason: 'comment' });
  });

  it('offers nothing inside a string, terminated or not', () => {
    assert.deepEqual(decide('path = "data/jets|.root"\n'), { complete: false, reason: 'string' });
    assert.deepEqual(decide("tree = f['events|"), { complete: false, reason: 'string' });
  });

  it('completes code inside an f-string’s braces', () => {
    assert.deepEqual(decide('print(f"epoch {epo|}")\n'), { complete: true, mode: 'line' });
  });

  it('treats docstrings by the setting', () => {
    const src = 'class JetTagger(nn.Module):\n    """Tags b-|"""\n';
    assert.deepEqual(decide(src), { complete: false, reason: 'docstring' });
    assert.deepEqual(decide(src, true), { complete: true, mode: 'line', docstring: true }, 'allowed, and said to be prose (no project names there)');
  });

  it('completes the rest of the line in the middle of a statement', () => {
    assert.deepEqual(decide('x = self.conv1(|)\n'), { complete: true, mode: 'line' });
    assert.deepEqual(decide('    loss = criterion(logits, |'), { complete: true, mode: 'line' });
  });

  it('completes a block body on the empty line after def, class, for, if and with', () => {
    assert.deepEqual(decide('class Net(nn.Module):\n    def forward(self, x):\n        |'), { complete: true, mode: 'block', headerIndent: 4 });
    assert.deepEqual(decide('for batch in loader:\n    |\nprint("done")\n'), { complete: true, mode: 'block', headerIndent: 0 });
    assert.deepEqual(decide('if mask is not None:\n    # apply the mask\n    |'), { complete: true, mode: 'block', headerIndent: 0 });
    assert.deepEqual(decide('with torch.no_grad():\n    |'), { complete: true, mode: 'block', headerIndent: 0 });
  });

  it('completes one line after a colon that opens no block', () => {
    assert.deepEqual(decide('d = {"lr":\n    |'), { complete: true, mode: 'line' });
    assert.deepEqual(decide('x = 1\n|'), { complete: true, mode: 'line' });
  });
});

describe('incremental parsing', function () {
  this.timeout(20_000);
  it('decides as a fresh parse does at every keystroke, edits in the middle included', async () => {
    const syntax = await PythonSyntax.load();
    const target = 'class Net(nn.Module):\n    def forward(self, x):  # the pass\n        s = "a # b"\n        return x\n';
    const tail = '\nmodel = Net()\n';
    // Type the class in front of an existing line, then insert a comment in the middle of it.
    for (let i = 0; i <= target.length; i++) {
      const text = target.slice(0, i) + tail;
      assert.deepEqual(syntax.analyze(text, i, false, 'file:///a.py'), syntax.analyze(text, i, false), `after ${i} characters`);
    }
    const edited = target.replace('return x', '# done\n        return x');
    const at = edited.indexOf('# done') + 3;
    assert.deepEqual(syntax.analyze(edited + tail, at, false, 'file:///a.py'), { complete: false, reason: 'comment' });
    syntax.forget('file:///a.py');
  });
});

describe('block end', () => {
  it('cuts before the first line indented no deeper than the header', () => {
    const body = 'x = self.conv(x)\n        return x\n\n    def loss(self):';
    assert.equal(blockEnd(body, 4), body.indexOf('\n\n    def') + 1);
    assert.equal(blockEnd('x = 1\n        y = 2\n', 4), undefined);
    assert.equal(blockEnd('x = 1\n  ', 4), undefined, 'indentation still being generated');
  });
  it('measures indentation like Python', () => {
    assert.equal(indentWidth('        x'), 8);
    assert.equal(indentWidth('\tx'), 8);
    assert.equal(indentWidth('  \tx'), 8);
  });
});

describe('continuation lines', () => {
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });
  const due = (text: string): boolean => syntax.continuationDue(text, text.length);

  it('are due inside brackets left open on an earlier line, and after a backslash', () => {
    assert.equal(due('x = foo(a,\n    '), true);
    assert.equal(due('layers = [\n    nn.Linear(4, 4),\n    '), true);
    assert.equal(due('d = {\n    "a": 1,\n    '), true);
    assert.equal(due('total = a + \\\n    '), true);
    assert.equal(due('def f(\n    x,\n    '), true);
  });

  it('are not due at the start of a statement, after closed brackets, or in a comment', () => {
    assert.equal(due('for epoch in range(10):\n    '), false);
    assert.equal(due('x = foo(a, b)\n'), false);
    assert.equal(due('def f(x):\n    y = [1, 2]\n    '), false);
    assert.equal(due('x = 1  # call foo(\n'), false);
    assert.equal(due(''), false);
  });

  it('start inside brackets only where a bracket is open and closed below, not after a backslash (a key read there is no target)', () => {
    // The cursor where CURSOR stands, taken out.
    const inside = (text: string): boolean => syntax.startsInBrackets(text.replace('CURSOR', ''), text.indexOf('CURSOR'));
    assert.equal(inside('x = np.stack([\n    events["Jet_CURSOR"],\n])\n'), true);
    assert.equal(inside('x = f(a,\n      b,\n      CURSOR)\n'), true);
    assert.equal(inside('x = np.stack([\n    events["Jet_CURSOR'), false, 'nothing closes the brackets yet');
    assert.equal(inside('x = np.stack([events["a"], events["b"]\ntree["newCURSOR"] = 1\n'), false, 'a bracket a slip above left open');
    assert.equal(inside('(tree["a"],\n tree["bCURSOR"]) = 1, 2\n'), false, 'targets over two lines');
    assert.equal(inside('a, \\\n    CURSOR'), false, 'a backslash may go on among targets');
    assert.equal(inside('x = f(a)\nCURSOR'), false);
    assert.equal(inside('x = [1]\nevents["Jet_CURSOR"]'), false);
  });
});

describe('a block body that is complete code (where a block suggestion may end)', function () {
  this.timeout(10_000);
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });

  it('takes statements, nested blocks with their bodies, a try with its except, a class with only its docstring', () => {
    assert.equal(syntax.completesBlock('    ', 'x = load()\n    if x is None:\n        return 0'), true);
    assert.equal(syntax.completesBlock('        ', 'try:\n            f()\n        except ValueError:\n            pass'), true);
    assert.equal(syntax.completesBlock('    ', 'try:\n        f()\n    finally:\n        close()'), true);
    assert.equal(syntax.completesBlock('\t', 'class Net:\n\t\t"""A tagger."""'), true);
    assert.equal(syntax.completesBlock('', '    total = 0  # the sum'), true, 'the suggestion writes its own indentation');
  });

  it('refuses a header without its body, a try without its except, an open docstring or bracket', () => {
    assert.equal(syntax.completesBlock('    ', 'x = load()\n    if x is None:'), false);
    assert.equal(syntax.completesBlock('    ', 'if x:\n        y = 1\n    else:  # otherwise'), false, 'a comment is no body');
    assert.equal(syntax.completesBlock('    ', 'try:\n        f()'), false);
    assert.equal(syntax.completesBlock('    ', '"""Sum the items.\n\n    Args:'), false);
    assert.equal(syntax.completesBlock('    ', 'parser.add_argument(\n        "--lr",'), false);
    assert.equal(syntax.completesBlock('    ', 'x = [1,'), false);
    // The grammar takes these: two strings side by side, a backslash at the end as nothing.
    assert.equal(syntax.completesBlock('        ', 'x = "\n        """'), false, 'a stray quote, then quotes that open a string');
    assert.equal(syntax.completesBlock('        ', 'x = 1\n        y = 2 + \\'), false, 'a line a backslash continues');
    assert.equal(syntax.completesBlock('    ', 'return 1\n\n    def g(self):\n        """G."""'), false, 'a method that is its docstring alone');
  });
});
