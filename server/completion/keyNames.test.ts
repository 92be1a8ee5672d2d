import * as assert from 'node:assert/strict';
import { keyKnownAt, keyRuleAt, namesKeptIn, textRuleAt } from './keyNames';
import type { MemberLookup } from './memberNames';

/** A lookup of a ROOT file opened as `f`, its tree kept as `tree`. */
const LOOKUP: MemberLookup = {
  get: (chain) =>
    ({
      'f[': ['events', 'hist;1'],
      'f["events"][': ['Jet_E', 'Jet_Px', 'Jet_Py', 'NJet'],
      'tree[': ['Jet_E', 'Jet_Px', 'Jet_Py', 'NJet'],
      'tree.arrays([': ['Jet_E', 'Jet_Px', 'Jet_Py', 'NJet'],
      'uproot.open(path)[': ['events', 'hist;1'],
    })[chain],
};

describe('Data keys: inside `tree["`, only the keys the file has', () => {
  it('keeps a key being written to the keys, and lets it close only on a whole one', () => {
    const rule = keyRuleAt(LOOKUP, 'px = tree["Jet_P')!;
    assert.equal(rule.complete, false);
    assert.equal(rule.allows('x'), true);
    assert.equal(rule.allows('x"]'), true);
    assert.equal(rule.allows('x"].array()'), true, 'after the closing quote anything goes');
    assert.equal(rule.allows('t'), false, 'Jet_Pt is no branch of the file');
    assert.equal(rule.allows('"]'), false, 'Jet_P is no whole branch');
    assert.equal(rule.allows('x\\'), false);
    assert.equal(rule.allows('x"]["jet'), false, 'a token closing the key and opening another string');
    assert.equal(rule.allows('x"], tree["'), false);
    assert.equal(keyRuleAt(LOOKUP, 'px = tree["Jet_Px')!.complete, true);
  });

  it('holds in single quotes, nested subscripts and the list an arrays() call reads', () => {
    assert.equal(keyRuleAt(LOOKUP, "n = tree['NJ")!.allows("et']"), true);
    assert.equal(keyRuleAt(LOOKUP, "n = tree['NJ")!.allows('et"'), false, 'the other quote is part of the key');
    assert.equal(keyRuleAt(LOOKUP, 'e = f["events"]["Jet_')!.allows('E"]'), true);
    assert.equal(keyRuleAt(LOOKUP, 'e = f [ "events" ] [ "Jet_')!.allows('Q'), false, 'blanks around the brackets read the same');
    assert.equal(keyRuleAt(LOOKUP, 'tree = uproot.open(path)["ev')!.allows('ents"]'), true, 'a call\'s subscript');
    assert.equal(keyRuleAt(LOOKUP, 'tree = uproot.open(path)["ev')!.allows('t"]'), false);
    const selected = keyRuleAt(LOOKUP, 'jets = tree[["Jet_Px", "Jet_')!;
    assert.equal(selected.allows('Py"'), true, 'a subscript\'s list of keys');
    assert.equal(selected.allows('Px"'), false, 'a key the list has already');
    assert.equal(keyRuleAt(LOOKUP, 'jets = tree[["Jet_Px", "jet')?.allows('_pt'), undefined, 'a start no key has: the user\'s');
    assert.equal(keyRuleAt(LOOKUP, 'tree[["Jet_Px", "Jet_')?.allows('Q'), undefined, 'a statement\'s start: it writes keys');
    const listed = keyRuleAt(LOOKUP, 'arrays = tree.arrays(["Jet_Px", "Jet_')!;
    assert.equal(listed.allows('Py"'), true);
    assert.equal(listed.allows('pt"'), false);
    assert.equal(listed.allows('Px"'), false, 'a branch the list names already');
    assert.equal(keyRuleAt(LOOKUP, "arrays = tree.arrays(['Jet_Px', 'Jet_Py', 'Jet_E', 'NJ")!.allows("et'"), true);
  });

  it('right after the bracket: a string must open a key, anything else is free', () => {
    const rule = keyRuleAt(LOOKUP, 'x = tree[')!;
    assert.equal(rule.complete, true);
    assert.equal(rule.allows('"Jet'), true);
    assert.equal(rule.allows('"jet'), false);
    assert.equal(rule.allows('i]'), true, 'an index or a variable');
    assert.equal(keyRuleAt(LOOKUP, 'arrays = tree.arrays(["Jet_Px", ')!.allows('"pt'), false);
  });

  it('frees the text where the keys are not known or the user writes a key the file lacks', () => {
    assert.equal(keyRuleAt(LOOKUP, 'x = other["Jet_'), undefined, 'no keys for this chain');
    assert.equal(keyRuleAt(LOOKUP, 'x = tree["jet_'), undefined, 'a start no key has: a key the file does not hold yet');
    assert.equal(keyRuleAt(LOOKUP, '# tree["Jet_'), undefined, 'in a comment');
    assert.equal(keyRuleAt(LOOKUP, 'print("tree["Jet_'), undefined, 'the bracket inside a string');
    assert.equal(keyRuleAt(LOOKUP, 'x = mytree["Jet_'), undefined, 'another name ending like the chain');
    assert.equal(keyRuleAt(LOOKUP, 'x = self.tree["Jet_'), undefined, 'an attribute is not the name');
    assert.equal(keyRuleAt(LOOKUP, 'x = tree["Jet_Px"]'), undefined, 'the key closed');
  });

  it('reads the generated lines after the cursor\'s line, one line at a time', () => {
    assert.equal(keyRuleAt(LOOKUP, 'px = tree["Jet_Px"]\npy = tree["Jet_')!.allows('Py"]'), true);
    assert.equal(keyRuleAt(LOOKUP, 'px = tree["Jet_Px"]\npy = tree["Jet_')!.allows('Pz"]'), false);
  });

  it('tells the engine where a key is known, the only strings it suggests in', () => {
    assert.equal(keyKnownAt(LOOKUP, 'px = tree["Jet_'), true);
    assert.equal(keyKnownAt(LOOKUP, 'px = tree["jet_'), false, 'a key the file does not have');
    assert.equal(keyKnownAt(LOOKUP, 'px = other["Jet_'), false, 'keys not known');
    assert.equal(keyKnownAt(LOOKUP, 'px = tree['), false, 'not in a string');
    assert.equal(keyKnownAt(undefined, 'px = tree["Jet_'), false);
  });

  it('frees a key that starts a statement, and a name the text binds again', () => {
    assert.equal(keyRuleAt(LOOKUP, '    tree["Jet_'), undefined, 'a statement that starts with the subscript writes a key');
    assert.equal(keyRuleAt(LOOKUP, 'if ok: tree["Jet_'), undefined, 'after a block header on the line');
    assert.equal(keyRuleAt(LOOKUP, 'x = 1; tree["Jet_'), undefined, 'after a semicolon');
    assert.equal(keyRuleAt(LOOKUP, 'a, tree["Jet_'), undefined, 'among targets');
    assert.notEqual(keyRuleAt(LOOKUP, 'pt = np.hypot(tree["Jet_Px"], tree["Jet_'), undefined, 'an argument after another');
    assert.equal(keyRuleAt(LOOKUP, 'tree = np.load("x.npz")\nx = tree["Jet_'), undefined, 'tree is something else on the line the model wrote');
    assert.notEqual(keyRuleAt(LOOKUP, 'n = len(tree)\nx = tree["Jet_'), undefined);
  });

  it('reads a key on a line inside brackets an earlier line opened, which cannot write one', () => {
    const inside = () => true;
    const outside = () => false;
    assert.equal(keyRuleAt(LOOKUP, '    tree["Jet_', inside)!.allows('Px"]'), true, 'np.stack([ above: an argument, not a target');
    assert.equal(keyRuleAt(LOOKUP, '    tree["Jet_', inside)!.allows('pt"]'), false);
    assert.equal(keyRuleAt(LOOKUP, '    a, tree["Jet_', inside)!.allows('Px"]'), true, 'a comma in a call is no list of targets');
    assert.equal(keyRuleAt(LOOKUP, '    tree["Jet_', outside), undefined, 'at a statement\'s start');
    assert.equal(keyKnownAt(LOOKUP, '    tree["Jet_', inside), true, 'the engine suggests in that key');
    assert.equal(keyKnownAt(LOOKUP, '    tree["Jet_', outside), false);
    assert.notEqual(keyRuleAt(LOOKUP, '    tree', inside), undefined, 'before the bracket too');
    assert.equal(keyRuleAt(LOOKUP, '    tree', outside), undefined);
    // Lines the model writes below the cursor's: inside the brackets it left open, or not.
    assert.notEqual(keyRuleAt(LOOKUP, 'x = np.stack([\n    tree["Jet_', outside), undefined);
    assert.equal(keyRuleAt(LOOKUP, 'x = np.stack([a])\ntree["Jet_', inside), undefined, 'the brackets closed: a statement starts');
    assert.notEqual(keyRuleAt(LOOKUP, '\n    tree["Jet_', inside), undefined, 'a blank line between keeps the brackets open');
    assert.equal(keyRuleAt(LOOKUP, '    b); tree["Jet_', inside), undefined, 'a statement after a `;`');
  });

  it('holds a token that brings the bracket, the quote and a key\'s start at once', () => {
    const rule = keyRuleAt(LOOKUP, 'x = tree')!;
    assert.equal(rule.complete, true);
    assert.equal(rule.allows('["Jet'), true);
    assert.equal(rule.allows('["jet'), false);
    assert.equal(rule.allows('.arrays'), true);
    assert.equal(rule.allows('[i]'), true);
    assert.equal(keyRuleAt(LOOKUP, 'x = subtree'), undefined);
  });

  it('holds both a name after the dot and a key in the bracket after a name that has both (an awkward array)', () => {
    const both: MemberLookup = { get: (chain) => ({ events: ['Jet_Px', 'fields'], 'events[': ['Jet_Px'] })[chain] };
    const rule = textRuleAt(both, 'x = events')!;
    assert.equal(rule.complete, true);
    assert.ok(rule.allows('.Jet_Px') && rule.allows('["Jet') && rule.allows('[0]') && rule.allows(' + 1'));
    assert.ok(!rule.allows('.Made') && !rule.allows('["Made'), 'neither a made-up attribute nor a made-up key');
    assert.equal(textRuleAt(both, 'x = events["Jet')?.allows('_Px"]'), true);
    assert.equal(textRuleAt(both, 'x = events.Jet')?.allows('_Px'), true);
    assert.equal(textRuleAt(both, 'x = other'), undefined);
  });

  it('leaves out a key another element of the call or list takes already, and keeps to the keys the list names once', () => {
    const columns: MemberLookup = { ...LOOKUP, columns: (chain) => (LOOKUP.get(chain) ? new Set(LOOKUP.get(chain)) : undefined) };
    const rule = keyRuleAt(columns, 'p = np.stack([tree["Jet_Px"], tree["Jet_P')!;
    assert.ok(rule.allows('y"]') && !rule.allows('x"]'), 'the same branch twice stacks nothing new');
    assert.ok(!keyRuleAt(columns, 'p = np.stack([tree["Jet_Px"], tree')!.allows('["Jet_Px'), 'a token that brings the bracket');
    assert.ok(keyRuleAt(columns, 'p = np.stack([tree["Jet_Px"] * 2, tree["Jet_P')!.allows('x"]'));
    assert.ok(keyRuleAt(LOOKUP, 'p = np.stack([tree["Jet_Px"], tree["Jet_P')!.allows('x"]'), 'a lookup that names no columns');
    const opened = () => 'p = np.stack([\n    tree["Jet_Px"],\n';
    assert.ok(!keyRuleAt(columns, '    tree["Jet_P', () => true, opened)!.allows('x"]'), 'the earlier elements on lines above');
    assert.ok(!textRuleAt(columns, '    tree["Jet_P', () => true, opened)!.allows('x"]'), 'as the generator asks');
  });

  it('reads text written at once as generated text, and finds where its names were last whole', () => {
    const members: MemberLookup = { ...LOOKUP, get: (chain) => (chain === 'events' ? ['MET_px', 'MET_py'] : LOOKUP.get(chain)) };
    assert.deepEqual(namesKeptIn(members, 'met = np.hypot(', 'events.MET_px, events.MET_py)'), { keeps: true, whole: 'events.MET_px, events.MET_py)'.length });
    // Half a branch, then the bracket closed: a rule would not have let the bracket come.
    assert.deepEqual(namesKeptIn(members, 'met = np.hypot(events.MET_px, ', 'events.MET_p)'), { keeps: false, whole: 'events'.length });
    // Cut by a budget in the middle of the name: whole up to the chain before its dot.
    assert.deepEqual(namesKeptIn(members, 'met = np.hypot(events.MET_px, ', 'events.MET_p'), { keeps: true, whole: 'events'.length });
    assert.equal(namesKeptIn(members, 'met = ', 'events.MET_pz').keeps, false, 'a branch the file lacks');
    assert.deepEqual(namesKeptIn(LOOKUP, 'px = tree["Jet_P', 'x"].array()'), { keeps: true, whole: 'x"].array()'.length });
    assert.deepEqual(namesKeptIn(LOOKUP, 'px = tree["Jet_P', 'x'), { keeps: true, whole: 1 });
    assert.equal(namesKeptIn(LOOKUP, 'px = tree["', 'jet_px"]').keeps, false);
    assert.deepEqual(namesKeptIn(LOOKUP, 'x = 1', ' + 2'), { keeps: true, whole: 4 }, 'no rule anywhere');
  });
});
