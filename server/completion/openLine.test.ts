// A line the user opened to write on: the openings ruled out there, and what the engine suggests on
// such lines with the shipped model (never nothing where it has a line, never the line below, never a
// second definition of a name the block has, never a copy of a statement just above).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CodeTokenizer } from './codeTokenizer';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from './completionEngine';
import { fillsLine, generateOnLine, unlike } from './openLine';
import { recentStatements } from './copiedLine';
import { SequenceCache } from './generator';
import { readDecoderConfig } from './modelConfig';
import { OnnxDecoder } from './onnxDecoder';

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
  const tokenizer = CodeTokenizer.load(path.join(SHIPPED_MODEL, 'tokenizer.json'), path.join(SHIPPED_MODEL, 'tokenizer_config.json'));
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

  it('asks again when the first answer defines again a function the block has, and shows another name', async () => {
    // The model's first answer is the function above: `def efficiency_at(scores, labels, mistag):`.
    const prefix = [
      'import numpy as np', '', '',
      'def efficiency_at(scores, labels, mistag):',
      '    light = scores[labels < 0.5]',
      '    cut = np.quantile(light, 1 - mistag)',
      '    return float((scores[labels > 0.5] > cut).mean())', '', '', '',
    ].join('\n');
    const result = await complete(prefix, '\n');
    assert.ok(result, 'answered');
    assert.equal(result.passes, 2, 'the first answer defined efficiency_at again, so the model was asked again');
    const line = result.text.split('\n')[0];
    assert.notEqual(line.trim(), '', 'a line is shown');
    const name = /^\s*def\s+(\w+)/.exec(line)?.[1];
    assert.ok(name === undefined || !('efficiency_at'.startsWith(name) || name.startsWith('efficiency_at')), line);
  });

  it('does not offer a method\'s own first line again where the file repeats what follows the line above', async () => {
    // After `self.assertIsNotNone(image)` and a blank line, the file goes on with `def test_url(self):`,
    // which the repeated-lines answer offered here (a second test_url replaces the first).
    const prefix = [
      'import unittest', '', '',
      'class TestReader(unittest.TestCase):',
      '    def test_path(self):',
      '        image = read(self.path)',
      '        self.assertIsNotNone(image)', '',
      '    def test_url(self):',
      '        image = read(self.url)',
      '        self.assertIsNotNone(image)', '',
      '    ',
    ].join('\n');
    const result = await complete(prefix, '\n        with self.assertRaises(OSError):\n            read("missing.edf")\n');
    assert.ok(result && result.text.trim() !== '', 'a line is shown');
    assert.notEqual(result.reason, 'repeatedLine');
    assert.doesNotMatch(result.text, /^\s*def\s+test_(path|url)\b/, result.text);
  });

  it('asks again when the first answer copies a statement just above, and shows another line', async () => {
    // Below `self.max_particles = max_particles` (found typing a dataset class in the browser) and
    // `y[6] = 2` (from an unseen package's test), the model's first answer is that line again.
    const cases = [
      'import h5py\n\n\nclass JetDataset:\n    def __init__(self, path, max_particles=128):\n        self.path = path\n        self.max_particles = max_particles\n        ',
      'def test_multiclass_fit_resample():\n    y = Y.copy()\n    y[5] = 2\n    y[6] = 2\n    ',
    ];
    for (const prefix of cases) {
      const above = prefix.split('\n').slice(-4, -1).map((l) => l.trim());
      const result = await complete(prefix, '\n');
      assert.ok(result, 'answered');
      assert.equal(result.passes, 2, `the first answer copied ${JSON.stringify(above.at(-1))}, so the model was asked again`);
      const line = result.text.split('\n')[0];
      assert.notEqual(line.trim(), '', 'a line is shown');
      assert.ok(!above.includes(line.trim()), `${JSON.stringify(line)} is none of ${JSON.stringify(above)}`);
    }
  });

  it('in a notebook, lets a cell define a module-level function again (cells are rewritten and run again)', async () => {
    const prefix = 'import numpy as np\n\n\ndef efficiency_at(scores, labels, mistag):\n    light = scores[labels < 0.5]\n    cut = np.quantile(light, 1 - mistag)\n    return float((scores[labels > 0.5] > cut).mean())\n\n\n';
    const text = prefix + '\n';
    const notebook = { length: text.length, slice: (start: number, end: number) => text.slice(start, end), notebook: true };
    const result = await engine.complete('file:///work/analysis.ipynb', notebook, prefix.length, () => false);
    assert.ok(result, 'answered');
    assert.equal(result.passes, 1, 'the first answer stands');
    assert.match(result.text, /^def efficiency_at\(/, result.text);
  });

  it('after a blank line in a class, spells the indentation as the tokenizer writes it and goes on with a statement', async () => {
    // Let to spell "\n\n    " as "\n\n" + " " + " " + " " + " =", the model wrote `    = image.astype(np.uint8)`.
    const prefix = 'class Detector:\n    def __init__(self, image, mask):\n        self.__image = image\n        self.__mask = mask\n\n    def image(self):\n        return self.__image\n\n    ';
    const result = await complete(prefix, '\n');
    assert.ok(result && result.text.trim() !== '', 'a line is shown');
    assert.equal(tokenizer.decode(result.tokens.slice(0, 1)), '\n\n   ', 'the blank run as the tokenizer writes it before a word');
    assert.match(result.text, /^[A-Za-z_@]/, `a statement at the cursor: ${JSON.stringify(result.text)}`);
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

describe('a second pass that runs out of time on the first answer\'s way (the shipped model)', function () {
  this.timeout(60_000);
  let decoder: OnnxDecoder;
  const tokenizer = CodeTokenizer.load(path.join(SHIPPED_MODEL, 'tokenizer.json'), path.join(SHIPPED_MODEL, 'tokenizer_config.json'));
  before(async () => {
    decoder = await OnnxDecoder.load(path.join(SHIPPED_MODEL, 'onnx', 'model_int8.onnx'), readDecoderConfig(path.join(SHIPPED_MODEL, 'config.json')), 1);
  });
  after(() => decoder?.dispose());

  it('shows the first answer rather than the part of it that the second pass had time to take', async () => {
    // The prompt backs up over the last line break (token healing); the first answer is the line above.
    const prefix = 'import h5py\n\n\nclass JetDataset:\n    def __init__(self, path, max_particles=128):\n        self.path = path\n        self.max_particles = max_particles\n';
    const prompt = tokenizer.encode(prefix.slice(0, -1));
    // A clock that moves one unit per reading, so that each pass's time is a count of readings.
    let clock = 0;
    const options = { maxTokens: 24, timeBudgetMs: 1e9, stopStrings: ['\n'], heal: { text: '\n', tokenTexts: tokenizer.tokenTexts(decoder.vocabSize) }, isCancelled: () => false, now: () => clock++ };
    const line = { suffix: '\n', before: '', defined: () => new Set<string>(), recent: recentStatements(prefix) };
    const passes = await generateOnLine(decoder, tokenizer, new SequenceCache(), prompt, options, line);
    assert.equal(passes?.length, 2);
    const [first, second] = passes!;
    assert.equal(first.text.trim(), 'self.max_particles = max_particles');
    assert.notEqual(second.text.trim(), first.text.trim());
    // One unit left after the first pass: the second stops after its first token, on the first one's way.
    const short = await generateOnLine(decoder, tokenizer, new SequenceCache(), prompt, { ...options, timeBudgetMs: first.prefillMs + first.decodeMs + 1 }, line);
    assert.equal(short?.length, 2);
    const [cut, shown] = short!;
    assert.equal(cut.reason, 'timeBudget');
    assert.ok(first.text.startsWith(cut.text), `${JSON.stringify(cut.text)} is a part of the first answer`);
    assert.equal(shown.text, first.text, 'the first answer is the one shown');
  });
});
