import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from './completionEngine';
import { closedDocstring, finishedBlock } from './unfinishedBlock';
import { endsInString } from './codeScan';
import { repeatedLine } from '../context/repeatedLines';
import { PythonSyntax } from './pythonSyntax';

const SHIPPED_MODEL = path.resolve(__dirname, '..', '..', 'models', 'code-model');

describe('a block suggestion ended inside the docstring it opened (unfinishedBlock.ts)', () => {
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });

  it('closes it after its last whole line, at its opening line\'s indentation, as complete code', () => {
    // The shipped model after `def _mode(a, axis=0):` (imblearn), where the 64-token budget ran out.
    const text = '"""Return the mode of the function.\n\n    Parameters\n    ----------\n    a : array_like\n        The input array.\n    axis : int, optional\n        Axis along which to comp';
    const closed = closedDocstring(text, '    ', false);
    assert.equal(closed, '"""Return the mode of the function.\n\n    Parameters\n    ----------\n    a : array_like\n        The input array.\n    axis : int, optional\n    """');
    assert.equal(syntax.completesBlock('    ', closed!), true);
    assert.equal(syntax.completesBlock('    ', text), false, 'as generated, it was not');
    assert.equal(closedDocstring(text + 'ute the mode.', '    ', true), `${text}ute the mode.\n    """`, 'a line cut at its line break is whole');
  });

  it('closes a string that opens its line after a backslash too: the rest of the file stays code', () => {
    assert.equal(closedDocstring('sql = \\\n        """SELECT a\n        FROM t\n        WHE', '        ', false), 'sql = \\\n        """SELECT a\n        FROM t\n        """');
  });

  it('leaves no section title without its content, nor blank lines, before the closing quotes', () => {
    assert.equal(closedDocstring('"""\n    Returns:\n        The mo', '    ', false), '"""\n    Returns:\n    """', 'unless the title is all it says');
    const text = "r'''Fit the tagger.\n\n        Parameters\n        ----------\n        ";
    assert.equal(closedDocstring(text, '        ', false), "r'''Fit the tagger.\n        '''");
    assert.equal(closedDocstring('"""Load the events.\n\n    Ret', '    ', false), '"""Load the events.\n    """');
    assert.equal(closedDocstring('"""Fit.\r\n\r\n    Parameters\r\n    ----------\r\n    x : nd', '    ', false), '"""Fit.\r\n    """', 'with CRLF line ends too');
  });

  it('closes a docstring opened below the first line, at that line\'s indentation', () => {
    const text = 'super().__init__()\n        self.x = x\n\n    def forward(self, x):\n        """Apply the layer.\n\n        Args:\n            x: the in';
    const closed = closedDocstring(text, '        ', false);
    assert.equal(closed, 'super().__init__()\n        self.x = x\n\n    def forward(self, x):\n        """Apply the layer.\n        """', 'no `Args:` without its arguments');
  });

  it('leaves text that ends elsewhere, or where nothing of the docstring is whole', () => {
    assert.equal(closedDocstring('"""Return the mode."""\n    return a', '    ', false), undefined, 'closed already');
    assert.equal(closedDocstring('x = compute(a,\n        b', '    ', false), undefined, 'in a call, not a string');
    assert.equal(closedDocstring('"""Return the mo', '    ', false), undefined, 'only its first line, cut');
    assert.equal(closedDocstring('"""\n    Return the mo', '    ', false), undefined, 'nothing but the quotes is whole');
    assert.equal(closedDocstring('text = """first line\n    second li', '    ', false), undefined, 'a string assigned is the code\'s, not a docstring');
    assert.equal(closedDocstring('# a note """\n    x = 1', '    ', false), undefined, 'quotes in a comment open nothing');
    assert.equal(closedDocstring('f"""Total: {n}\n    and mo', '    ', false), undefined, 'an f-string is no docstring');
  });
});

describe('a block suggestion stopped in the middle of a line (unfinishedBlock.ts)', () => {
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });
  const finish = (text: string, whole = false): string => finishedBlock(text, '        ', whole, (kept) => syntax.completesBlock('        ', kept));

  it('ends at its latest line break where the code is complete, never before its first line ends', () => {
    // The shipped model after `def synchronize(self):` (silx), where the 64-token budget ran out.
    const text = '"""\n        Synchronizes a plot.\n        """\n        plot = self.getPlotWidget()\n        plot.setPlotWidget(self.getPlot';
    assert.equal(finish(text), '"""\n        Synchronizes a plot.\n        """\n        plot = self.getPlotWidget()');
    assert.equal(finish('x = compute(a,\n            b)\n        y = x.sum(ax'), 'x = compute(a,\n            b)', 'not inside the call');
    assert.equal(finish('x = 1\n        # the loss\n        loss = comp'), 'x = 1', 'not after a comment announcing the cut code');
    assert.equal(finish('x = self.fc(x'), 'x = self.fc(x', 'the first line stays');
    assert.equal(finish('x = f(\n            a,\n            b'), 'x = f(\n            a,\n            b', 'no complete place after the first line: as it is');
  });

  it('ends outside a string where no place is complete: the rest of the file stays code', () => {
    // A string inside a call is not closed (the call would stay open): the lines before it are shown.
    assert.equal(finish('parser.add_argument(\n            """The path\n            of the fi'), 'parser.add_argument(');
    const message = 'if not isfunction(func):\n            raise RuntimeError(\n                "Failed to import "\n                "without the fun';
    assert.equal(finish(message), 'if not isfunction(func):\n            raise RuntimeError(\n                "Failed to import "');
    assert.equal(finish('x = f(\n            "a "\n            # "b\n            "c'), 'x = f(\n            "a "', 'not after a comment');
  });

  it('never ends inside a string that goes on over lines, and keeps its first line or shows nothing, whatever the lines', () => {
    // Lines of docstrings, strings, calls and headers in any order, the last one cut anywhere or whole.
    const lines = ['"""', '"""Return the mode.', 'r"""', "'''", 'f"""', 'b"""', 'text."""', '""""', "''''", '"', "'", 'Parameters', '----------',
      'Args:', 'Get the value of', 'He said "hi"', "it's", 'ends with a backslash \\', 'x = 1', 'x = 1 \\', '+ 2', 'if x is None:', 'else:', 'try:',
      'except ValueError:', 'def g(self):', '@property', 'raise RuntimeError(', '"a "', '"b "', ')', 'x = f(', '"key": "value",', 'sql = """',
      'FROM t"""', 'x = "abc\\', '# """', 'x = "#"  # c', 'x = \'"""\'', 'y = """one"""', 'w = "\\""', 'print("""', '""")', 's = f"{x[\'k\']}"', '', '   '];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...lines), { minLength: 1, maxLength: 6 }), fc.constantFrom('    ', '        ', '\t'), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.nat(), (picked, indent, eol, whole, at) => {
        let text = picked.map((l, i) => (i === 0 || l === '' ? l : indent + l)).join(eol);
        if (!whole) text = text.slice(0, text.lastIndexOf('\n') + 1 + (at % (text.length - text.lastIndexOf('\n'))));
        const shown = finishedBlock(text, indent, whole, (kept) => syntax.completesBlock(indent, kept));
        assert.equal(endsInString(`${indent}${shown}\n`), false, JSON.stringify([text, shown]));
        const first = text.split('\n').findIndex((l) => l.trim() !== '');
        const firstEnd = first < 0 ? 0 : text.split('\n').slice(0, first + 1).join('\n').replace(/\r$/, '').length;
        assert.ok(shown === '' || shown.startsWith(text.slice(0, firstEnd)), JSON.stringify([text, shown]));
      }),
      { numRuns: 4000 },
    );
  });

  it('cuts a whole last line inside a string back to where the code is complete', () => {
    // The block's end (a dedent) met inside an SQL string; quotes after code; an empty docstring a loop cut left open.
    assert.equal(finish('x = 1\n        sql = """\n        SELECT a', true), 'x = 1');
    assert.equal(finish('x = 1\n        """', true), 'x = 1');
    const empty = 'x = 1\n\n    def g(self):\n        """';
    assert.equal(finish(empty, true), 'x = 1', 'with the def it leaves without a body');
  });

  it('leaves a text whose last line is whole: cut at its line break, ended by the model, or only blanks', () => {
    const text = 'x = 1\n        y = x.sum(axis=0)';
    assert.equal(finish(text, true), text);
    assert.equal(finish('x = 1\n        y = 2\n        '), 'x = 1\n        y = 2\n        ');
    const call = 'model = nn.Sequential(\n            nn.Linear(3, 4),';
    assert.equal(finish(call, true), call, 'argument lines stay');
  });

  it('drops a header the budget left without its body, where the lines before it are complete', () => {
    // The shipped model after `def forward(self, input):` (an unseen package), where the 64-token budget ran out.
    assert.equal(finish('"""Returns the input tensor."""\n        if self.vocab is None:', true), '"""Returns the input tensor."""');
    const nested = 'key = "/header/bar"\n        with fabio.open(self.file) as image:\n            frame = image.getframe(0)\n            with self.assertRaises(MonitorNotFound):';
    assert.equal(finish(nested, true), 'key = "/header/bar"\n        with fabio.open(self.file) as image:\n            frame = image.getframe(0)');
    assert.equal(finish('x = 1\n        else:\n        '), 'x = 1', 'blank lines after it, too');
    assert.equal(finish('x = 1\n        if a:  # check', true), 'x = 1', 'a comment after it');
    assert.equal(finish('x = 1\n        for a, b in zip(xs,\n                        ys):', true), 'x = 1', 'a header over two lines');
    assert.equal(finish('x = 1\n        @property', true), 'x = 1', 'a decorator');
    assert.equal(finish('x = 1\n        y = d[k:', true), 'x = 1\n        y = d[k:', 'a slice left open is no header');
    const noted = 'x = 1\n        try:\n            y = f(x)  # note:';
    assert.equal(finish(noted, true), noted, 'nor a line whose comment ends in a colon');
    assert.equal(finish('for batch in loader:', true), 'for batch in loader:', 'the first line stays');
    assert.equal(finish('for batch in loader:\n            if batch is None:', true), 'for batch in loader:\n            if batch is None:', 'nowhere complete: as it is');
  });

  it('closes a docstring instead of cutting it, where that is complete code', () => {
    assert.equal(finish('"""Fit the tagger.\n\n        Parameters\n        ----------\n        x : ndarr'), '"""Fit the tagger.\n        """');
  });

  it('closes a docstring nothing of which is whole after its last line as it stands, and shows no string the first line leaves open', () => {
    // The shipped model's loop cuts (`Get the value of the value of …` kept once) on unseen packages.
    assert.equal(finish('"""\n        Get the value of'), '"""\n        Get the value of\n        """');
    assert.equal(finish('"""Set the dark cut-off'), '"""Set the dark cut-off\n        """', 'the first line is not cut');
    assert.equal(finish('"""Return the mode.""'), '"""Return the mode."""', 'closing quotes it began, finished on the line');
    assert.equal(finish('"""'), '', 'the opening quotes alone');
    assert.equal(finish('"""', true), '', 'ended by the model after them, too');
    assert.equal(finish("r'''  "), '');
    assert.equal(finish('x = f("""a\n            b'), '', 'a string inside a call on the first line: nothing');
    assert.equal(finish('sql = """\n        SELECT a', true), '', 'a string the first line opens: nothing');
    assert.equal(finish('f"""', true), '');
    // A quote after a closed docstring is a stray one-quote string, not the docstring going on: closing
    // "the docstring" again would open a string the model never wrote.
    for (const [text, whole] of [['"""Return the mode.\n        """"', true], ['x = 1\n        """Return the mode.\n        """"', true], ['"""Return the area.""""\n        """', true], ['x = "\n        """', true], ['x = 1\n        """a\n        """ "\n        """b', false]] as const) {
      assert.equal(endsInString(`        ${finish(text, whole)}\n`), false, JSON.stringify([text, finish(text, whole)]));
    }
  });
});

describe('docstrings the token budget ends, in the engine (the shipped model)', function () {
  this.timeout(60_000);
  let engine: CompletionEngine;
  // The same model with a budget the docstrings fit in: what the lines shown go on to.
  let longer: CompletionEngine;
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
    engine = new CompletionEngine(() => undefined);
    await engine.configure({ ...DEFAULT_ENGINE_SETTINGS, modelPath: SHIPPED_MODEL, threads: 1 });
    assert.equal(engine.modelState().state, 'loaded', JSON.stringify(engine.modelState()));
    longer = new CompletionEngine(() => undefined);
    await longer.configure({ ...DEFAULT_ENGINE_SETTINGS, modelPath: SHIPPED_MODEL, threads: 1, maxTokens: 160 });
  });
  after(() => {
    engine?.dispose();
    longer?.dispose();
  });

  it('shows the docstring closed, as complete code, where the budget ran out inside it', async () => {
    // Enter after each header: the model writes a numpy-style docstring longer than 64 tokens.
    const headers = ['import numpy as np\n\n\ndef _mode(a, axis=0):', 'import numpy as np\n\n\ndef efficiency_at(scores, labels, mistag):'];
    for (const header of headers) {
      const prefix = `${header}\n    `;
      const result = await engine.complete(`file:///work/doc-${prefix.length}.py`, `${prefix}\n`, prefix.length, () => false);
      assert.ok(result, header);
      assert.equal(result.reason, 'maxTokens', `${header}: the budget ran out`);
      assert.ok(result.text.startsWith('"""') && result.text.split('\n').length > 3, result.text);
      assert.ok(result.text.endsWith('\n    """'), `closed on a line of its own: ${JSON.stringify(result.text)}`);
      assert.equal(syntax.completesBlock('    ', result.text), true, result.text);
      // Every line shown before the closing quotes is a whole line of what the model writes on.
      const more = await longer.complete(`file:///work/doc-longer-${prefix.length}.py`, `${prefix}\n`, prefix.length, () => false);
      const shown = result.text.split('\n').slice(0, -1);
      assert.deepEqual(more?.text.split('\n').slice(0, shown.length), shown, more?.text);
    }
  });

  it('does not answer a new block with the project\'s `"""` alone: the model writes the docstring, closed', async () => {
    // Each forward() in the file begins with a docstring, so the line the project repeats after the header is `"""`.
    const layer = (name: string, body: string): string => `class ${name}(nn.Module):\n    def forward(self, x):\n${body}\n\n`;
    const documented = (name: string): string => layer(name, `        """\n        Apply the ${name} layer.\n        """\n        return self.net(x)`);
    const prefix = `import torch.nn as nn\n\n\n${documented('Encoder')}${documented('Decoder')}class Head(nn.Module):\n    def forward(self, x):\n        `;
    assert.equal(repeatedLine(prefix, '\n'), '"""', 'the line the project repeats here');
    const result = await engine.complete('file:///work/layers.py', `${prefix}\n`, prefix.length, () => false);
    assert.ok(result && result.text.trim() !== '', 'a suggestion is shown');
    assert.notEqual(result.reason, 'repeatedLine', result.text);
    assert.equal(syntax.completesBlock('        ', result.text), true, result.text);
    // Where the line the project repeats leaves no string open, it is still the answer.
    const body = '        return self.net(x)\n\n    def extra_repr(self):\n        return f"net={self.net}"';
    const plain = `import torch.nn as nn\n\n\n${layer('Encoder', body)}${layer('Decoder', body)}class Head(nn.Module):\n    def forward(self, x):\n        `;
    const repeated = await engine.complete('file:///work/plain-layers.py', `${plain}\n`, plain.length, () => false);
    assert.equal(repeated?.reason, 'repeatedLine');
    assert.equal(repeated?.text, 'return self.net(x)');
  });
});
