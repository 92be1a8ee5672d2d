// The request's lookup asks the modules', the namespace's, the config's and the data's in turn: the
// names come from the first that has the chain, and so do the names of those that hold data.
import * as assert from 'node:assert/strict';
import type { MemberLookup } from './memberNames';
import { firstLookup } from './requestNames';

describe('the request’s lookup of names after a dot', () => {
  it('takes the names and the data among them from the same lookup, the first that has the chain', () => {
    const modules: MemberLookup = { get: (chain) => (chain === 'utils' ? ['load', 'SCALE'] : undefined) };
    const namespace: MemberLookup = { get: (chain) => (chain === 'args' ? ['lr'] : undefined), uncallable: (chain) => (chain === 'args' ? new Set(['lr']) : undefined) };
    const data: MemberLookup = { get: (chain) => (chain === 'args' || chain === 'events' ? ['NJet', 'show'] : undefined), uncallable: () => new Set(['NJet']) };
    const all = firstLookup(modules, undefined, namespace, data)!;
    assert.deepEqual(all.get('args'), ['lr']);
    assert.deepEqual([...(all.uncallable?.('args') ?? [])], ['lr'], 'not the data lookup’s, which comes later');
    assert.deepEqual([...(all.uncallable?.('events') ?? [])], ['NJet']);
    assert.equal(all.uncallable?.('utils'), undefined, 'a module’s names may all be called');
    assert.equal(all.uncallable?.('nothing'), undefined);
    assert.equal(firstLookup(undefined, namespace), namespace);
    const withColumns: MemberLookup = { ...data, columns: () => new Set(['NJet']) };
    const columns = firstLookup(modules, namespace, withColumns)!;
    assert.deepEqual([...(columns.columns?.('events') ?? [])], ['NJet'], 'the columns too');
    assert.equal(columns.columns?.('args'), undefined, 'an option is no column');
  });
});
