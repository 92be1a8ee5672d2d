// Where a block suggestion ends for a later line the model was unsure of, checked with the real Python
// grammar for what the cut keeps.
import * as assert from 'node:assert/strict';
import { PythonSyntax } from './pythonSyntax';
import { logProbability, UnsureLines } from './unsureLines';

/** Feeds [token text, log-probability] pairs as generation would and returns the first cut and the text then. */
function run(lines: UnsureLines, steps: readonly (readonly [string, number])[]): { text: string; kept?: string; step?: number } {
  let text = '';
  for (let i = 0; i < steps.length; i++) {
    const before = text;
    text += steps[i][0];
    // As the generator does: a log-probability only while it is wanted.
    if (lines.watching(text)) lines.add(before, text, steps[i][1]);
    const at = lines.cut(text);
    if (at !== undefined) return { text, kept: text.slice(0, at), step: i };
  }
  return { text };
}

describe('unsure lines in block suggestions', function () {
  this.timeout(20_000);
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });
  const inBlock = (lineSoFar = '    ') => new UnsureLines(-2, (kept) => syntax.completesBlock(lineSoFar, kept));

  it('gives the log-probability of a token under the softmax of the logits, NaN for NaN logits', () => {
    assert.ok(Math.abs(logProbability(new Float32Array([2, 0, 0, 1000]), 3)) < 1e-6, 'a certain token has log-probability 0');
    assert.ok(Math.abs(logProbability(new Float32Array([1, 1, 1, 1]), 2) - Math.log(0.25)) < 1e-6);
    assert.ok(Number.isNaN(logProbability(new Float32Array([1, NaN, 1]), 0)));
  });


  // Token texts as the shipped tokenizer writes them: a line break with the next line's indentation but
  // one space, which the next token begins with ("\n   ", " x").
  it('ends before the first later line holding an unsure token, as soon as that token is written, never at the first line', () => {
    const r = run(inBlock(), [
      ['if', -5],
      [' ok', -0.1],
      [':', -0.1],
      ['\n       ', -0.1],
      [' x', -0.2],
      [' = 1', -0.1],
      ['\n       ', -0.1],
      [' y', -3],
      [' = 2', -0.1],
    ]);
    assert.equal(r.kept, 'if ok:\n        x = 1', 'the unsure first line stays, y = 2 goes');
    assert.equal(r.step, 7, 'cut while the unsure line is still being written');
  });

  it('charges a line break to the line it begins: where the code goes on, or that the block ends', () => {
    const deeper = run(inBlock(), [
      ['a = 1', -0.1],
      ['\n   ', -0.1],
      [' b = 2', -0.1],
      ['\n   ', -2.5],
      [' c = 3', -0.1],
    ]);
    assert.equal(deeper.kept, 'a = 1\n    b = 2', 'b = 2 is sure; the line after it is not');
    assert.equal(deeper.step, 3);
    // At column 0 the line breaks alone decide that the block ends (`return x`, "\n\n", "\n", "def").
    const ends = run(inBlock(), [
      ['x = 1', -0.1],
      ['\n   ', -0.1],
      [' return x', -0.1],
      ['\n\n', -2.5],
      ['\n', -0.1],
      ['def', -0.1],
    ]);
    assert.equal(ends.kept, 'x = 1\n    return x', 'the return stays');
    const bare = run(inBlock(), [
      ['a = 1', -0.1],
      ['\n', -2.5],
      ['    b = 2', -0.1],
    ]);
    assert.equal(bare.kept, 'a = 1', 'a tokenizer that writes the line break alone: its doubt is the next line’s too');
  });

  it('goes back past a header the cut would leave without its body, and past a comment announcing code', () => {
    const header = run(inBlock(), [
      ['x = load()', -0.5],
      ['\n   ', -0.1],
      [' if x is None:', -0.3],
      ['\n       ', -0.1],
      [' return', -2.6],
    ]);
    assert.equal(header.kept, 'x = load()');
    const comment = run(inBlock(), [
      ['x = load()', -0.5],
      ['\n   ', -0.1],
      [' #', -0.1],
      [' normalise', -5],
      ['\n   ', -0.1],
      [' x', -2.6],
    ]);
    assert.equal(comment.kept, 'x = load()', 'the comment’s own words do not count, the code after it does');
  });

  it('keeps a try with its except, or finishes the try and cuts after it', () => {
    const steps = (first: string): [string, number][] => [
      [first, -0.1],
      ['\n   ', -0.1],
      [' try:\n        f()\n    except ValueError:', -0.1],
      ['\n       ', -0.1],
      [' raise', -4],
    ];
    assert.equal(run(inBlock(), steps('x = 1')).kept, 'x = 1');
    const onlyTry = run(inBlock(), [
      ['try:\n        f()\n    except ValueError:', -0.1],
      ['\n       ', -0.1],
      [' raise', -4],
      [' ValueError', -0.1],
      ['\n   ', -0.1],
      [' y = 2', -0.1],
    ]);
    assert.equal(onlyTry.kept, 'try:\n        f()\n    except ValueError:\n        raise ValueError', 'no place above: the try is finished, then the cut');
  });

  it('does not count prose in docstrings and comments, only the code after them', () => {
    const r = run(inBlock(), [
      ['"""Sum the items.', -0.2],
      ['\n\n   ', -0.1],
      [' Args', -3],
      [':', -0.1],
      ['\n       ', -0.1],
      [' items: what to sum.', -4],
      ['\n   ', -0.1],
      [' """', -0.1],
      ['\n   ', -0.1],
      [' return 0', -0.1],
      ['\n   ', -0.1],
      [' print', -3],
    ]);
    assert.equal(r.kept, '"""Sum the items.\n\n    Args:\n        items: what to sum.\n    """\n    return 0');
  });

  it('never leaves a bracket open: an unsure argument ends the suggestion where its call closes, and it decides once', () => {
    const call = inBlock();
    const r = run(call, [
      ['parser.add_argument(', -0.2],
      ['\n       ', -0.1],
      [' "--lr",', -0.1],
      ['\n       ', -0.1],
      [' type', -3],
      ['=float', -0.1],
      ['\n   ', -0.1],
      [' )', -0.1],
      ['\n   ', -0.1],
      [' args = parser.parse_args()', -0.1],
    ]);
    assert.equal(r.kept, 'parser.add_argument(\n        "--lr",\n        type=float\n    )');
    assert.equal(r.step, 8, 'at the line break after the call');
    assert.equal(call.cut(`${r.text}\n    x = 1\n`), undefined, 'no second cut');
    const closed = run(inBlock(), [
      ['total = 0', -0.2],
      ['\n   ', -0.1],
      [' parser.add_argument(', -0.1],
      ['\n        "--lr",', -0.1],
      ['\n       ', -0.1],
      [' type', -3],
    ]);
    assert.equal(closed.kept, 'total = 0', 'back to before the call');
  });

  it('ends before a finished line that repeats one the suggestion has at the same indentation, the cursor’s line too', () => {
    const again = new UnsureLines(-2, (kept) => syntax.completesBlock('        ', kept), '        ');
    const r = run(again, [
      ['self._lock_file = lock_obj', -0.1],
      ['\n       ', -0.1],
      [' self._lock_file = lock_obj', -0.1],
      ['\n       ', -0.1],
    ]);
    assert.equal(r.kept, 'self._lock_file = lock_obj');
    assert.equal(r.step, 3, 'once the repeat is finished');
    const block = (steps: [string, number][]) => run(new UnsureLines(-2, (kept) => syntax.completesBlock('    ', kept), '    '), steps).kept;
    const sure = (...lines: string[]): [string, number][] => lines.flatMap((l, i) => [...(i > 0 ? [['\n', -0.1] as [string, number]] : []), [l, -0.1] as [string, number]]);
    assert.equal(block(sure('x = f(x)', '    y = g(x)', '    x = f(x)', '')), 'x = f(x)\n    y = g(x)', 'three lines down in the same block');
    assert.equal(block(sure('x = f(x)', '    if ok:', '        x = f(x)', '')), undefined, 'deeper is another line');
    // Lines that repeat in code: other blocks, calls that begin alike, lines in brackets and strings.
    assert.equal(block(sure('for x in xs:', '        if not x:', '            continue', '        if x[0] == "#":', '            continue', '        out.append(x)', '')), undefined, 'guard clauses');
    assert.equal(block(sure('if i == 0:', '        points.append(i)', '    else:', '        points.append(i)', '')), undefined, 'an if and its else');
    assert.equal(block(sure('parser.add_argument(', '        "--lr",', '    )', '    parser.add_argument(', '        "--lr",', '    )', '')), undefined, 'two calls');
    assert.equal(block(sure('m = np.array([', '        0,', '        0,', '    ])', '    y = 2', '')), undefined, 'inside brackets');
    assert.equal(block(sure('"""Do it.', '', '    >>> f()', '    1', '    >>> f()', '    1', '    """', '    return 1', '')), undefined, 'inside a docstring');
    assert.equal(block(sure('# ---', '    x = 1', '    # ---', '')), undefined, 'comments');
  });

  it('counts a NaN as unsure', () => {
    assert.equal(run(inBlock(), [['a = 1', -0.1], ['\n   ', -0.1], [' b = 2', Number.NaN]]).kept, 'a = 1');
  });

  it('watches for later lines only until it has decided', () => {
    const lines = inBlock();
    assert.equal(lines.watching('x = 1'), false, 'the first line is never cut');
    assert.equal(lines.watching('\n    x = 1'), false);
    assert.equal(lines.watching('x = 1\n   '), true);
    run(lines, [['x = 1', -0.1], ['\n   ', -0.1], [' y', -3]]);
    assert.equal(lines.watching('x = 1\n    y'), false);
  });
});
