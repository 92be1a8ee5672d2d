// The explorer's form kept per file or dataset in the workspace's storage (a Memento; here one held in
// memory, as VS Code's is between its writes to disk): recalled as drawn, refused when it no longer
// fits what a page may send, the oldest dropped past MAX_FORMS, and two windows writing at once each
// keeping their own file's form.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { PlotRequest } from '../../core/protocol/dataExplorerMessages';
import { FormMemory, MAX_FORMS } from './formMemory';

function memento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback) as T,
    update: async (key: string, value: unknown) => {
      if (value === undefined) values.delete(key);
      else values.set(key, JSON.parse(JSON.stringify(value)));
    },
  };
}

const request: PlotRequest = { table: 'events', expression: 'lead', yExpression: '', entryCut: 'two', elementCut: '', bins: 20, low: 0, high: 200, definitions: 'pt = hypot(Jet_Px, Jet_Py)\nlead = pt[0]\ntwo = NJet >= 2' };

describe('the explorer’s form kept per file', () => {
  it('recalls the form last drawn from a file, definitions included, and nothing for another', async () => {
    const memory = new FormMemory(memento());
    await memory.remember('file:///data/HZZ.root', request);
    assert.deepEqual(memory.recall('file:///data/HZZ.root'), request);
    assert.equal(memory.recall('file:///data/other.root'), undefined);
    await memory.remember('file:///data/HZZ.root', { ...request, expression: 'pt' });
    assert.equal(memory.recall('file:///data/HZZ.root')?.expression, 'pt');
  });

  it('forgets a kept form that a page could not send (changed limits, a damaged store) rather than showing it', async () => {
    const state = memento();
    const memory = new FormMemory(state);
    for (const bad of [{ ...request, bins: 0 }, { ...request, extra: 1 }, { ...request, definitions: 'x'.repeat(10_001) }, 'not a form', null]) {
      await state.update('hai.explorer.form:file:///bad.root', { savedAt: 1, request: bad });
      assert.equal(memory.recall('file:///bad.root'), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
    await state.update('hai.explorer.form:file:///bad.root', 42);
    assert.equal(memory.recall('file:///bad.root'), undefined);
  });

  it(`keeps the ${MAX_FORMS} files drawn last, and two windows' forms side by side`, async () => {
    const state = memento();
    const [one, two] = [new FormMemory(state), new FormMemory(state)];
    for (let i = 0; i < MAX_FORMS + 5; i++) {
      await (i % 2 ? one : two).remember(`file:///f${i}.root`, { ...request, bins: i + 1 });
      // Each form's time apart from the next.
      await new Promise((r) => setTimeout(r, 2));
    }
    assert.equal(state.keys().length, MAX_FORMS);
    assert.equal(one.recall('file:///f0.root'), undefined);
    assert.equal(two.recall(`file:///f${MAX_FORMS + 4}.root`)?.bins, MAX_FORMS + 5);
    assert.equal(one.recall('file:///f5.root')?.bins, 6);
  });
});
