// Which names a definition on the cursor's line would define again, read from the real parser's tree,
// and the rule a second try writes under.
import * as assert from 'node:assert/strict';
import { PythonSyntax } from './pythonSyntax';
import { blockDefinitions, redefinedName, unlikeName } from './redefinitions';

describe('definitions a block has already (redefinitions.ts)', () => {
  let syntax: PythonSyntax;
  before(async () => {
    syntax = await PythonSyntax.load();
  });

  /** The names for the cursor at █ in `source`. */
  const at = (source: string): string[] => {
    const offset = source.indexOf('█');
    const text = source.replace('█', '');
    return [...(syntax.withTree(text, (root) => blockDefinitions(root, text, offset)) ?? [])].sort();
  };

  const DETECTOR = [
    'import numpy as np',
    '',
    '',
    'def load(path):',
    '    return np.load(path)',
    '',
    '',
    'class Detector:',
    '    def __init__(self, image, mask):',
    '        self.__image = image',
    '        self.__mask = mask',
    '',
    '    @property',
    '    def shape(self):',
    '        return self.__image.shape',
    '',
    '    def image(self):',
    '        return self.__image',
    '',
    '    █',
    '',
    '    def mask(self):',
    '        return self.__mask',
    '',
    '',
    'class Frame:',
    '    def pixels(self):',
    '        return 0',
    '',
  ].join('\n');

  it('in a class: its methods before and after the cursor, decorated ones too; not the module\'s, not another class\'s', () => {
    assert.deepEqual(at(DETECTOR), ['__init__', 'image', 'mask', 'shape']);
  });

  it('at module level: its functions and classes, not their methods', () => {
    assert.deepEqual(at(DETECTOR.replace('    █', '').replace('\nclass Frame', '\n█\nclass Frame')), ['Detector', 'Frame', 'load']);
  });

  it('counts a definition the parser runs on past the cursor (the line asked for was the next one\'s header)', () => {
    // Without `def mask(self):`, the body below the cursor reads as image's.
    const source = 'class Detector:\n    def image(self):\n        return self.__image\n\n    █\n        return self.__mask\n';
    assert.deepEqual(at(source), ['image']);
  });

  it('inside a function or an if block: that block\'s own definitions', () => {
    const source = 'def outer():\n    def helper(x):\n        return x\n\n    █\n\ndef helper2():\n    pass\n';
    assert.deepEqual(at(source), ['helper']);
    const conditional = 'import sys\nif sys.platform == "win32":\n    def path(p):\n        return p\n    █\nelse:\n    def other(p):\n        return p\n';
    assert.deepEqual(at(conditional), ['path']);
  });

  it('leaves out the definition being written on the cursor\'s line', () => {
    assert.deepEqual(at('def image():\n    pass\n\ndef ima█\n'), ['image']);
    assert.deepEqual(at('def image():\n    pass\n\ndef mask█(x):\n    pass\n'), ['image']);
  });

  it('nothing after a decorator (a setter or an overload defines the name again on purpose), nor for an overload\'s signatures', () => {
    assert.deepEqual(at('class A:\n    @property\n    def x(self):\n        return 1\n\n    @x.setter\n    █\n'), []);
    const overloads = 'from typing import overload\n\n@overload\ndef f(x: int) -> int: ...\n@typing.overload\ndef f(x: str) -> str: ...\n█\n';
    assert.deepEqual(at(overloads), []);
  });

  it('nothing where the block cannot be told: a class whose body is not written yet', () => {
    assert.deepEqual(at('def image():\n    pass\n\nclass A:\n    █\n'), []);
  });

  it('names the definition a suggestion\'s line makes again, and only a whole one', () => {
    const names = (): ReadonlySet<string> => new Set(['image', 'Detector']);
    assert.equal(redefinedName('    def image(self):', names), 'image');
    assert.equal(redefinedName('    async def image(self):', names), 'image');
    assert.equal(redefinedName('class Detector:', names), 'Detector');
    assert.equal(redefinedName('class Detector(Base):', names), 'Detector');
    for (const line of ['    def image_size(self):', '    def imag', '    image = 1', '    def mask(self):', '    return image', '# def image(self):']) {
      assert.equal(redefinedName(line, names), undefined, line);
    }
  });

  it('reads the block only when the line is a definition', () => {
    let reads = 0;
    const names = (): ReadonlySet<string> => {
      reads++;
      return new Set(['image']);
    };
    redefinedName('    image = self.image()', names);
    assert.equal(reads, 0);
    redefinedName('    def image(self):', names);
    assert.equal(reads, 1);
  });

  it('on the second try, the name may neither begin like the one defined nor go on from it', () => {
    const rule = unlikeName('image', '    ');
    const allows = (visible: string, added: string): boolean => rule(visible)?.(added) ?? true;
    for (const [visible, added] of [['', 'def i'], ['def', ' imag'], ['def ', 'image'], ['def image', '(self):'], ['def image', '_size('], ['async def', ' im'], ['class', ' image'], ['def im', '']]) {
      assert.equal(allows(visible, added), false, visible + added);
    }
    for (const [visible, added] of [['', ''], ['', 'def'], ['def', ' '], ['def ', 'mask(self):'], ['def', ' _image(self):'], ['', 'return self.__image'], ['', 'images = []'], ['def', ' m']]) {
      assert.equal(allows(visible, added), true, visible + added);
    }
  });

  it('leaves the rest of the line free once the name is whole, and every line after it', () => {
    const rule = unlikeName('image', '    ');
    assert.equal(rule('def mask('), undefined);
    assert.equal(rule('x = 1'), undefined);
    assert.equal(rule('def mask(self):\n    def'), undefined);
    assert.notEqual(rule('def ma'), undefined);
  });

  it('after a decorator written over several lines, nothing', () => {
    const source = 'import functools\n\n\nclass A:\n    def f(self, x):\n        return x\n\n    @f.register(\n        str\n    )\n    █\n';
    assert.deepEqual(at(source), []);
  });

  it('the indentation before the cursor decides the block, not blanks after it', () => {
    // The cursor at column 0 of a line that holds four spaces: a module-level definition goes there.
    const source = 'def f():\n    pass\n\n\nclass A:\n    def f(self):\n        pass\n\n█    \n';
    assert.deepEqual(at(source), ['A', 'f']);
  });

  it('a tab is as deep as eight spaces; CRLF line ends read as LF', () => {
    assert.deepEqual(at('class A:\n\tdef image(self):\n\t\treturn 1\n\n        █\n'), ['image']);
    assert.deepEqual(at('class A:\r\n    def image(self):\r\n        return 1\r\n\r\n    █\r\n'), ['image']);
  });

  it('the body after `@overload` signatures counts', () => {
    const source = 'from typing import overload\n\n@overload\ndef f(x: int) -> int: ...\n@overload\ndef f(x: str) -> str: ...\ndef f(x):\n    return x\n\n█\n';
    assert.deepEqual(at(source), ['f']);
  });

  it('at module level only when asked: a notebook\'s cells define a function again as a cell is rewritten', () => {
    const text = 'def f():\n    pass\n\n\nclass A:\n    def g(self):\n        pass\n\n    ';
    const names = (offset: number) => [...(syntax.withTree(text + '\n', (root) => blockDefinitions(root, text + '\n', offset, false)) ?? [])];
    assert.deepEqual(names(text.length), ['g'], 'in a class of a cell, still');
    const moduleText = 'def f():\n    pass\n\n\n';
    assert.deepEqual([...(syntax.withTree(moduleText, (root) => blockDefinitions(root, moduleText, moduleText.length, false)) ?? [])], []);
  });
});
