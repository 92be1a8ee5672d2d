// The snippet-body parser and default expansion that the snippet tests rely on.
import * as assert from 'node:assert/strict';
import { expandDefaults, SnippetSyntaxError } from './snippetSyntax';

describe('snippet syntax', () => {
  it('expands placeholders to their defaults and plain tabstops to nothing', () => {
    assert.equal(expandDefaults('class ${1:Net}(nn.Module):\n    $2pass$0'), 'class Net(nn.Module):\n    pass');
  });

  it('mirrors a tabstop: every occurrence gets the first default', () => {
    assert.equal(expandDefaults('${1:Block}(x)\nm = $1()\nn = ${1}()'), 'Block(x)\nm = Block()\nn = Block()');
  });

  it('expands nested placeholders, choices and variables with defaults', () => {
    assert.equal(expandDefaults('${1:nn.Linear(${2:64}, ${3:10})}'), 'nn.Linear(64, 10)');
    assert.equal(expandDefaults('act = nn.${1|ReLU,GELU,SiLU|}()'), 'act = nn.ReLU()');
    assert.equal(expandDefaults('# ${TM_FILENAME:model.py} $CLIPBOARD'), '# model.py ');
  });

  it('keeps escaped characters and lone dollars as text', () => {
    assert.equal(expandDefaults('cost = \\$5 \\} \\\\ and $ alone'), 'cost = $5 } \\ and $ alone');
    assert.equal(expandDefaults('d = {"a": 1}'), 'd = {"a": 1}');
  });

  it('rejects what VS Code would not insert as intended', () => {
    assert.throws(() => expandDefaults('${1:unclosed'), SnippetSyntaxError);
    assert.throws(() => expandDefaults('${1/(.*)/upcase/}'), /transforms are not supported/);
    assert.throws(() => expandDefaults('${}'), SnippetSyntaxError);
  });
});
