// The suggest widget's list where the rules know the names: a data file's fields and keys, a config's
// keys, a script's options; none after a module (the Python language server's) or in a comment.
import * as assert from 'node:assert/strict';
import { chosenLabel, memberListAt } from './memberCompletions';
import type { MemberLookup } from './memberNames';

const LOOKUP: MemberLookup = {
  get: (chain) =>
    ({
      events: ['MET_px', 'MET_py', 'fields', 'to_numpy'],
      'events[': ['MET_px', 'MET_py'],
      'f[': ['jets', 'particles/deta'],
      'tree.arrays([': ['MET_px', 'MET_py', 'NJet'],
      utils: ['load', 'SCALE'],
    })[chain],
  uncallable: (chain) => (chain === 'events' ? new Set(['MET_px', 'MET_py', 'fields']) : undefined),
  columns: (chain) => (chain === 'events' ? new Set(['MET_px', 'MET_py']) : chain === 'events[' ? new Set(['MET_px', 'MET_py']) : undefined),
};

describe('the member list where the rules know the names', () => {
  it('lists an awkward array\'s fields and own attributes after its name and a dot, from the name\'s start', () => {
    const list = memberListAt(LOOKUP, 'met = np.hypot(events.MET_px, events.MET_p')!;
    assert.deepEqual(list.items, [
      { label: 'MET_px', kind: 'field', taken: true },
      { label: 'MET_py', kind: 'field' },
      { label: 'fields', kind: 'property' },
      { label: 'to_numpy', kind: 'method' },
    ]);
    assert.equal(list.from, 'met = np.hypot(events.MET_px, events.'.length);
    assert.equal(memberListAt(LOOKUP, 'x = events.')!.from, 'x = events.'.length);
    assert.ok(memberListAt(LOOKUP, 'x = events.')!.items.every((i) => !i.taken), 'nothing taken outside a call');
    const over = memberListAt(LOOKUP, '    events.', undefined, () => 'met = np.hypot(\n    events.MET_py,\n');
    assert.deepEqual(over!.items.filter((i) => i.taken).map((i) => i.label), ['MET_py'], 'the call\'s argument on a line above');
  });

  it('lists a data file\'s keys inside a subscript\'s string, and an arrays() list\'s branches not named yet', () => {
    const keys = memberListAt(LOOKUP, 'd = f["particles/')!;
    assert.deepEqual(keys.items.map((i) => i.label), ['jets', 'particles/deta']);
    assert.equal(keys.from, 'd = f["'.length, 'the key with its slash is what the editor filters by');
    assert.deepEqual(memberListAt(LOOKUP, 'a = tree.arrays(["MET_px", "')!.items.map((i) => i.label), ['MET_py', 'NJet']);
    assert.deepEqual(memberListAt(LOOKUP, 'd = np.hypot(events["MET_px"], events["MET_')!.items.filter((i) => i.taken).map((i) => i.label), ['MET_px']);
  });

  it('lists the keys in the list a subscript selects several with, not those listed before', () => {
    const list = memberListAt(LOOKUP, 'p = events[["MET_px", "')!;
    assert.deepEqual(list.items.map((i) => i.label), ['MET_py']);
    assert.equal(list.quote, '"');
  });

  it('lists nothing for a module, in a comment or a string, where the line binds the name, or a key no key of the file starts', () => {
    assert.equal(memberListAt(LOOKUP, 'x = utils.'), undefined, 'a module: the Python language server lists it');
    assert.equal(memberListAt(LOOKUP, '# see events.'), undefined);
    assert.equal(memberListAt(LOOKUP, 's = "events.'), undefined);
    assert.equal(memberListAt(LOOKUP, 'for events in batches: events.'), undefined);
    assert.equal(memberListAt(LOOKUP, 'x = events["Jet_'), undefined, 'a key the file lacks: the user knows better');
    assert.equal(memberListAt(LOOKUP, 'events["MET_px"] = '), undefined);
    assert.equal(memberListAt(LOOKUP, 'x = other.'), undefined);
  });

  it('finds the item the suggestion writes, as a whole name or key', () => {
    const list = memberListAt(LOOKUP, 'met = np.hypot(events.MET_px, events.')!;
    assert.equal(chosenLabel(list, 'MET_py)'), 'MET_py');
    assert.equal(chosenLabel(list, 'MET_py'), 'MET_py', 'the suggestion ends with the name');
    assert.equal(chosenLabel(list, 'MET_pyz)'), undefined, 'more of a name follows');
    assert.equal(chosenLabel(list, 'MET_p)'), undefined, 'half a name');
    assert.equal(chosenLabel(list, ''), undefined, 'no suggestion');
    const keys = memberListAt(LOOKUP, 'x = f["')!;
    assert.equal(chosenLabel(keys, 'particles/deta"]'), 'particles/deta');
    assert.equal(chosenLabel(keys, 'jets'), 'jets', 'the quote the editor closed is after the cursor');
    assert.equal(chosenLabel({ items: [{ label: 'jets', kind: 'field' }, { label: 'jets/pt', kind: 'field' }], from: 0, quote: '"' }, 'jets/eta"]'), undefined, 'a key ends at its quote');
  });
});
