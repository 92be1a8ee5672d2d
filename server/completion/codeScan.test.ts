// Strings, comments and brackets in generated Python, line by line.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { bracketsOpen, closersOf, closesInnermost, endsInString, endsInStringOrComment, lineStates, openBracketAt, openedLines } from './codeScan';

describe('reading strings, comments and brackets in generated code', () => {
  it('tells where the text ends: in a string, a comment, or code', () => {
    assert.equal(endsInStringOrComment('x = "a'), true);
    assert.equal(endsInStringOrComment('x = "a"\n'), false);
    assert.equal(endsInStringOrComment('"""Doc.\n\n    Args'), true, 'a triple-quoted string goes on over lines');
    assert.equal(endsInStringOrComment('x = 1  # note'), true);
    assert.equal(endsInStringOrComment('x = 1  # note\n    y'), false);
    assert.equal(endsInString('x = "a \\\n  b'), true, 'a backslash continues a one-quote string');
    assert.equal(endsInString('x = "a \\\r\n  b'), true, 'before a Windows line end too');
    assert.equal(endsInString('x = "a\n  b'), false);
  });

  it('reads the fields of f-strings as code, and their format specs as string', () => {
    assert.equal(endsInStringOrComment("path = f'{args."), false, 'in a field');
    assert.equal(endsInStringOrComment("path = f'{args.out}/"), true, 'back in the text after the field');
    assert.equal(endsInStringOrComment("path = f'{{args."), true, 'a doubled brace is text');
    assert.equal(endsInStringOrComment("path = rf'{args."), false);
    assert.equal(endsInStringOrComment("path = Rb'{args."), true, 'not an f-string');
    assert.equal(endsInStringOrComment("path = elf'{args."), true, 'a name ending in f is no prefix');
    assert.equal(endsInStringOrComment("s = f'{x:>10} {args."), false, 'a field after a format spec');
    assert.equal(endsInStringOrComment("s = f'{x:>"), true, 'in a format spec');
    assert.equal(endsInStringOrComment("s = f'{x:{args."), false, 'a field in a format spec');
    assert.equal(endsInStringOrComment("s = f'{x:{w}}' + args."), false, 'after the f-string');
    assert.equal(endsInStringOrComment('s = f\'{d["a:b"]} {args.'), false, 'a string in a field, with a colon');
    assert.equal(endsInStringOrComment("s = f'{d[1:2]} {x!r:>4} {args."), false, 'a slice and a conversion');
    assert.equal(endsInStringOrComment('s = f\'{(y := 2)} {f"{args.'), false, 'a walrus, a nested f-string');
    assert.equal(endsInStringOrComment("s = f'{x}' # {args."), true, 'a comment after it');
    assert.equal(endsInStringOrComment("s = f'{x\nargs."), false, 'a one-quote f-string ends with its line');
    assert.equal(endsInString('s = f"""{x\n'), true, 'a field of a triple-quoted one goes on');
    assert.equal(endsInString("s = f'{x}'\n"), false);
    assert.deepEqual(
      lineStates('m = f"{a(\n'),
      [
        { startDepth: 0, startsInString: false, endDepth: 0, endsInString: false },
        { startDepth: 0, startsInString: false, endDepth: 0, endsInString: false },
      ],
      "a field's brackets are not the line's",
    );
  });

  it('ends a field at a top-level colon, and a format spec with its string', () => {
    assert.equal(endsInString('x = f"{x:=\'>10}" + g('), false, 'a fill character after := is the spec');
    assert.equal(bracketsOpen('x = f"{x:=\'>10}" + g('), true);
    assert.equal(endsInString('x = f"{x:>3" + g('), false, 'a spec its quote ends');
    assert.equal(bracketsOpen('x = f"{x:>3" + g('), true);
  });

  it('says what closes the brackets a line leaves open', () => {
    assert.equal(closersOf('dataset = f(args.data_dir, [x, {"a": (1'), ')}])');
    assert.equal(closersOf('x = f(")", a)'), '');
    assert.equal(closersOf('x = f(f"{y(1)}", [f"{z}"'), '])', 'an f-string’s field closes its own brackets');
    assert.equal(closersOf('x = f("a'), undefined, 'in a string');
    assert.equal(closersOf('x = f(a  # (b'), undefined, 'in a comment');
  });

  it('gives each line its bracket depth and string at start and end', () => {
    assert.deepEqual(lineStates('m = np.array([\n    0,\n])\ny = "(" # ('), [
      { startDepth: 0, startsInString: false, endDepth: 2, endsInString: false },
      { startDepth: 2, startsInString: false, endDepth: 2, endsInString: false },
      { startDepth: 2, startsInString: false, endDepth: 0, endsInString: false },
      { startDepth: 0, startsInString: false, endDepth: 0, endsInString: false },
    ]);
    assert.deepEqual(lineStates('"""Do it.\n>>> f(\n"""').map((s) => [s.startsInString, s.endsInString]), [[false, true], [true, true], [true, false]]);
  });

  it('gives one state per line whatever the text, a backslash at its very end too', () => {
    assert.equal(lineStates('x = "a\\').length, 1);
    assert.equal(lineStates('"""a\\\nb"""').length, 2, 'a backslash ending a line of a string');
    assert.deepEqual(lineStates("s = 'a\\\nb'\nc").map((l) => [l.startsInString, l.endsInString]), [[false, true], [true, false], [false, false]], 'a backslash continues a one-quote string');
    assert.equal(endsInStringOrComment("s = 'a\\\nb"), true);
    assert.equal(endsInStringOrComment("s = 'a\nb"), false, 'without it the string ends with its line');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '(', ')', '[', '"', "'", '\\', '\n', '#', ' ', 'f', '{', '}', ':'), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        assert.equal(lineStates(text).length, text.split('\n').length);
      }),
    );
  });

  it('gives the innermost open bracket, what stands before it and its elements so far', () => {
    assert.deepEqual(openBracketAt('r = np.hypot(events.MET_px, f(a, b), "x,y", '), { opener: '(', before: 'r = np.hypot', elements: ['events.MET_px', ' f(a, b)', ' "x,y"'], current: ' ' });
    assert.deepEqual(openBracketAt('p = ak.zip({"px": events.Muon_Px,\n    # py, next\n    "py": '), { opener: '{', before: 'p = ak.zip(', elements: ['"px": events.Muon_Px'], current: '\n    # py, next\n    "py": ' });
    assert.deepEqual(openBracketAt('x = [f"{a, b}", '), { opener: '[', before: 'x = ', elements: ['f"{a, b}"'], current: ' ' }, 'a comma in an f-string’s field is the field’s');
    assert.equal(openBracketAt('x = f(a, b)'), undefined, 'all closed');
    assert.equal(openBracketAt('x = f(a, "b'), undefined, 'in a string');
    assert.equal(openBracketAt('x = f(a, # b'), undefined, 'in a comment');
    assert.equal(openBracketAt('x = f"{g(a, '), undefined, 'in an f-string’s field');
  });

  it('tells whether the text after a point closes the bracket open there', () => {
    assert.equal(closesInnermost('opt = SGD(params, lr=0.1', ')\n'), true, 'the editor\'s `)` on the line');
    assert.equal(closesInnermost('opt = SGD(\n    params,\n    lr=0.1', ',\n)\n'), true, 'a black-style `)` of its own');
    assert.equal(closesInnermost('opt = SGD(params, lr=0.1', '\nx = f(1)\n'), false, 'a later call\'s own');
    assert.equal(closesInnermost('x = f(g(a, b=1', ')\n'), true, 'the innermost, g');
    assert.equal(closesInnermost('x = f(a=1', ', g(x)\n'), false, 'g\'s own `)`');
    assert.equal(closesInnermost('x = g(a, b=1', '  # (\n)'), true, 'a bracket in a comment is none');
    assert.equal(closesInnermost('x = g(a, b=1', ' + len("(")'), false);
    assert.equal(closesInnermost('x = 1', ')'), false, 'nothing open');
  });

  it('gives the lines above a line that starts inside brackets, from where the innermost opened', () => {
    const above = 'import numpy as np\n\nmuons = ak.zip(\n    {\n        "px": events.Muon_Px,\n';
    assert.equal(openedLines(above), '    {\n        "px": events.Muon_Px,\n');
    assert.equal(openedLines('x = f(a,\n  g(b),\n'), 'x = f(a,\n  g(b),\n');
    assert.equal(openedLines('x = f(a)\n'), '', 'nothing open');
    assert.equal(openedLines('x = f(\n' + 'a,\n'.repeat(60)), '', 'opened further up than it looks');
    assert.equal(openedLines('s = """\n(\n'), '', 'in a string');
  });
});
