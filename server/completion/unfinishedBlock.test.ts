import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from './completionEngine';
import { closedDocstring, finishedBlock } from './unfinishedBlock';
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
    const argument = 'parser.add_argument(\n            """The path\n            of the fi';
    assert.equal(finish(argument), argument, 'a string inside a call: closing it would leave the call open');
  });

  it('leaves a text whose last line is whole: cut at its line break, ended by the model, or only blanks', () => {
    const text = 'x = 1\n        y = x.sum(axis=0)';
    assert.equal(finish(text, true), text);
    assert.equal(finish('x = 1\n        y = 2\n        '), 'x = 1\n        y = 2\n        ');
  });

  it('closes a docstring instead of cutting it, where that is complete code', () => {
    assert.equal(finish('"""Fit the tagger.\n\n        Parameters\n        ----------\n        x : ndarr'), '"""Fit the tagger.\n        """');
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
});
