import * as assert from 'node:assert/strict';
import { bothLineRules, importsRelatively, makesRelativeImport, noRelativeImport } from './relativeImports';

/** Whether the rule lets `added` follow `visible` on a line that began with `lineSoFar`. */
function lets(lineSoFar: string, visible: string, added: string): boolean {
  const check = noRelativeImport(lineSoFar)(visible);
  return check === undefined || check(added);
}

describe('relativeImports: no relative import on the first line in a script', () => {
  it('refuses every token that makes the line a relative import, however the tokens split it', () => {
    assert.equal(lets('', '', 'from .'), false);
    assert.equal(lets('', 'from', ' .'), false);
    assert.equal(lets('', 'from', ' ..'), false);
    assert.equal(lets('', 'from ', '.'), false);
    assert.equal(lets('', 'from ', '..utils'), false);
    assert.equal(lets('    ', 'from\t', '.'), false, 'indented, a tab after from');
    assert.equal(lets('fr', 'om', ' .'), false, 'the user typed the start of from');
    assert.equal(lets('from ', '', '.'), false, 'the user typed from and a blank');
  });

  it('lets absolute imports and other lines through', () => {
    assert.equal(lets('', '', 'from'), true);
    assert.equal(lets('', 'from', ' skimage'), true);
    assert.equal(lets('', 'from ', 'model'), true);
    assert.equal(lets('', 'from', '.'), false, '`from. import x` is a relative import too');
    assert.equal(lets('', 'from', 'ms = 1'), true, 'a name that begins with from');
    assert.equal(lets('', '', 'fromage = 1'), true);
    assert.equal(lets('', 'import', ' numpy'), true);
  });

  it('asks nothing where no token can make the line a relative import', () => {
    assert.equal(noRelativeImport('')('x = 1'), undefined);
    assert.equal(noRelativeImport('')('from skimage'), undefined);
    assert.equal(noRelativeImport('print(')(''), undefined);
    assert.notEqual(noRelativeImport('')(''), undefined);
    assert.notEqual(noRelativeImport('')('fro'), undefined);
  });

  it('leaves a line the user began as a relative import to them', () => {
    assert.equal(noRelativeImport('from .')(''), undefined);
    assert.equal(noRelativeImport('from ..pkg import ')('x'), undefined);
  });

  it('tells a whole first line that makes a relative import, for a line the project repeats', () => {
    assert.equal(makesRelativeImport('', 'from .calibration import dark_frame'), true);
    assert.equal(makesRelativeImport('    ', '    from .. import utils'), true);
    assert.equal(makesRelativeImport('', 'from skimage import io'), false);
    assert.equal(makesRelativeImport('from .', 'from .calibration import dark_frame'), false, 'begun by the user');
  });

  it('tells a text that imports relatively at its top level', () => {
    assert.equal(importsRelatively('import os\n\nfrom .calibration import dark_frame\n'), true);
    assert.equal(importsRelatively('import os\nfrom .. import utils\n'), true);
    assert.equal(importsRelatively('from.calibration import dark_frame\n'), true);
    assert.equal(importsRelatively('\uFEFFfrom . import utils\n'), true, 'after a byte order mark');
    assert.equal(importsRelatively('import os\nfrom skimage import io\n# from . import x is a comment\n'), false);
    assert.equal(importsRelatively('"""Read the frames\nfrom .npz files."""\n'), false, 'prose in a docstring');
    assert.equal(importsRelatively('try:\n    from .calib import dark\nexcept ImportError:\n    from calib import dark\n'), false, "a script's fallback under try:");
    assert.equal(importsRelatively('import os\nfrom .'), false, 'not a whole statement yet');
  });

  it('combines with another line rule: a token passes where both let it', () => {
    const noX = (visible: string) => (visible === '' ? (added: string) => !added.startsWith('x') : undefined);
    const both = bothLineRules(noRelativeImport(''), noX)!;
    assert.equal(both('')!('x = 1'), false);
    assert.equal(both('')!('from .'), false);
    assert.equal(both('')!('from os'), true);
    assert.equal(both('from ')!('.'), false, 'only the first rule has a check there');
    assert.equal(bothLineRules(undefined, noX), noX);
    assert.equal(bothLineRules(undefined, undefined), undefined);
  });
});
