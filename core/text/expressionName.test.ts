import * as assert from 'node:assert/strict';
import { parseExpression } from '../data/expression/syntax';
import { expressionName } from './expressionName';

describe('expressionName', () => {
  it('writes names the expression syntax reads as they are, and others in backquotes', () => {
    assert.equal(expressionName('Jet_Px'), 'Jet_Px');
    assert.equal(expressionName('Jet.Px'), 'Jet.Px');
    assert.equal(expressionName('Length$'), 'Length$');
    assert.equal(expressionName('0.weight'), '`0.weight`');
    assert.equal(expressionName('model.0.conv.weight'), '`model.0.conv.weight`');
    assert.equal(expressionName('jet pt [GeV]'), '`jet pt [GeV]`');
  });
  it('gives text the parser reads back as the very name', () => {
    for (const name of ['Jet_Px', 'Jet.Px', 'net.1.weight', 'state.0.exp_avg', 'jet pt [GeV]', 'a-b']) {
      assert.deepEqual(parseExpression(expressionName(name)), { kind: 'name', name, start: 0, end: expressionName(name).length }, name);
    }
  });
});
