// A line the user opened to write on: the openings ruled out there, and what the engine suggests on
// such lines with the shipped model (never nothing where it has a line, never the line below).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from './completionEngine';
import { fillsLine, unlike } from './openLine';

const SHIPPED_MODEL = path.resolve(__dirname, '..', '..', 'models', 'code-model');

describe('how a suggestion may open on a line the user opened', () => {
  it('may not end the line before it shows something; blanks alone decide nothing yet', () => {
    for (const visible of ['\n', '    \n', '\r\n', '\t\n    x = 1']) assert.equal(fillsLine(visible), false, JSON.stringify(visible));
    for (const visible of ['', '   ', 'x', 'return x\n', '  # note']) assert.equal(fillsLine(visible), true, JSON.stringify(visible));
  });

  it('on a second try, may not begin the way the line below begins, nor spell all of it and more', () => {
    const opens = unlike('MAXIMIZE = 2');
    for (const visible of ['M', 'MAX', '  MAXIM', 'MAXIMIZE = 2', 'MAXIMIZE = 2  # both', '\n']) assert.equal(opens(visible), false, JSON.stringify(visible));
    for (const visible of ['', '    ', 'MIN', 'MINIMIZE = 1', ' X']) assert.equal(opens(visible), true, JSON.stringify(visible));
  });
});

describe('suggestions on opened lines (the shipped model, in the engine)', function () {
  this.timeout(60_000);
  let engine: CompletionEngine;
  before(async () => {
    engine = new CompletionEngine(() => undefined);
    await engine.configure({ ...DEFAULT_ENGINE_SETTINGS, modelPath: SHIPPED_MODEL, threads: 1 });
    assert.equal(engine.modelState().state, 'loaded', JSON.stringify(engine.modelState()));
  });
  after(() => engine?.dispose());

  const complete = (prefix: string, suffix: string) => engine.complete(`file:///work/opened-${prefix.length}-${suffix.length}.py`, prefix + suffix, prefix.length, () => false);

  it('asks again when the first answer copies the line below, and shows a line that begins otherwise', async () => {
    // The model's first answer here is the line below (it sees nothing missing): before, no suggestion.
    const cases = [
      ['def load(path):\n    with open(path) as f:\n        text = f.read()\n    ', '\n    return text\n'],
      ['    lut = builder.to_lut()\n    ', '\n    assert lut.shape == (4, 4)\n'],
    ];
    for (const [prefix, suffix] of cases) {
      const below = suffix.split('\n')[1].trim();
      const result = await complete(prefix, suffix);
      assert.ok(result, 'answered');
      assert.equal(result.passes, 2, `the first answer copied ${JSON.stringify(below)}, so the model was asked again`);
      const line = result.text.split('\n')[0];
      assert.notEqual(line.trim(), '', 'a line is shown');
      assert.ok(line.trim() !== below && !below.startsWith(line.trim()), `${JSON.stringify(line)} is not (the beginning of) ${JSON.stringify(below)}`);
      assert.ok(!/^\s/.test(line), 'at the indentation the cursor is at');
    }
  });

  it('starts a module-level line at column 0 after a module-level statement', async () => {
    // The model backs up over the line break and, left alone, answered "    bins = ..." (an IndentationError).
    const result = await complete('import numpy as np\n\npt = np.ones(8)\nhist = np.histogram(pt, bins=50)\n', '\nplt.show()\n');
    assert.ok(result && result.text.trim() !== '', 'a line is shown');
    assert.match(result.text, /^\S/, JSON.stringify(result.text));
  });

  it('still indents a continuation line inside open brackets', async () => {
    const result = await complete('names = [\n', '\n]\n');
    assert.ok(result && result.text.trim() !== '', 'a line is shown');
    assert.match(result.text, /^[ \t]+\S/, JSON.stringify(result.text));
  });
});
