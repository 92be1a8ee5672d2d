// The data explorer's requests through the one webview validator: what the page may ask, and the
// hostile or malformed messages it may not (a page is untrusted input).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DATA_EXPLORER_REQUESTS, MAX_PNG_DATA_URL } from './dataExplorerMessages';
import { parseMessage } from './webviewProtocol';

const plot = { table: 'events', expression: 'Jet_Px', yExpression: '', entryCut: 'NJet >= 2', elementCut: 'Jet_Px > 20' };

describe('data explorer webview messages', () => {
  it('accepts exactly the known requests', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'histogram', ...plot },
      { type: 'histogram', ...plot, bins: 20, low: -100, high: 100, yExpression: 'Jet_Py', yBins: 40, yLow: -50, yHigh: 50 },
      { type: 'histogram', ...plot, yExpression: 'Jet_E', profile: true },
      { type: 'histogram', ...plot, yExpression: 'Jet_E', profile: true, profileErrors: 'spread' },
      { type: 'histogram', ...plot, firstEntry: 2000, entryCount: 1000 },
      { type: 'histogram', ...plot, firstEntry: 0, entryCount: 1 },
      { type: 'cancel' },
      { type: 'copyPython' },
      { type: 'saveCsv' },
      { type: 'savePng', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
      { type: 'saveSvg', title: 'Jet_Px', xLabel: 'Jet_Px', yLabel: 'count', stats: [['Entries', '714']], log: false, logX: true, normalise: true, ratio: true },
      { type: 'rows', table: '', columns: ['jet_pt'], first: 0, count: 100 },
      { type: 'rows', table: 'events', columns: ['NJet'], first: 1000, count: 100, entryCut: 'NJet >= 4', stop: 2000 },
      { type: 'object', name: 'one' },
      { type: 'pin' },
      { type: 'unpin', index: 7 },
      { type: 'fit', model: 'gaus + pol1', method: 'chi2' },
      { type: 'fit', model: 'gaus(0)+pol1(3)', method: 'likelihood', low: 80, high: 100 },
      { type: 'saveSvg', title: 't', xLabel: 'x', yLabel: 'y', stats: Array(64).fill(['a', 'b']), log: false, logX: false, normalise: false, ratio: false },
      { type: 'removeFit' },
      { type: 'fit', model: 'gaus', method: 'chi2', parameters: [{ name: 'Mean', value: 91, fixed: true }, { name: 'Sigma', low: 0, high: 5 }] },
      { type: 'fit', model: '[N]*exp(-x/[tau]) + [b]', method: 'likelihood', minos: true, integral: true },
    ]) {
      assert.deepEqual(parseMessage(DATA_EXPLORER_REQUESTS, message), { ok: true, message });
    }
  });

  it('drops malformed and hostile requests', () => {
    for (const bad of [
      { type: 'histogram', ...plot, expression: '' },
      { type: 'histogram', ...plot, expression: 'x'.repeat(2001) },
      { type: 'histogram', ...plot, bins: 0 },
      { type: 'histogram', ...plot, yExpression: 'Jet_E', profile: 'prof' },
      { type: 'histogram', ...plot, yExpression: 'Jet_E', profile: true, profileErrors: 's' },
      { type: 'histogram', ...plot, yExpression: 'Jet_E', profile: 1 },
      { type: 'histogram', ...plot, bins: 1.5 },
      { type: 'histogram', ...plot, low: Infinity },
      { type: 'histogram', ...plot, yBins: 1001 },
      { type: 'histogram', ...plot, firstEntry: -1 },
      { type: 'histogram', ...plot, firstEntry: 2.5 },
      { type: 'histogram', ...plot, entryCount: 0 },
      { type: 'histogram', ...plot, entryCount: 2 ** 60 },
      { type: 'histogram', ...plot, firstEntry: '10' },
      { type: 'histogram', ...plot, file: '/etc/passwd' },
      { type: 'histogram', table: 'events', expression: 'Jet_Px' },
      { type: 'savePng', dataUrl: 'data:text/html;base64,PHNjcmlwdD4=' },
      { type: 'savePng', dataUrl: 'javascript:alert(1)' },
      { type: 'savePng', dataUrl: `data:image/png;base64,${'A'.repeat(MAX_PNG_DATA_URL)}` },
      { type: 'saveSvg', title: 't', xLabel: 'x', yLabel: 'y', stats: [['a', 'b', 'c']], log: false, logX: false, normalise: false, ratio: false },
      { type: 'saveSvg', title: 't', xLabel: 'x', yLabel: 'y', stats: Array(65).fill(['a', 'b']), log: false, logX: false, normalise: false, ratio: false },
      { type: 'saveSvg', title: 't', xLabel: 'x', yLabel: 'y', stats: [], log: false, logX: 'yes', normalise: false, ratio: false },
      { type: 'saveSvg', title: 't', xLabel: 'x', yLabel: 'y', stats: [], log: false, logX: false, normalise: false },
      { type: 'fit', model: 'gaus', method: 'minuit' },
      { type: 'fit', model: '', method: 'chi2' },
      { type: 'fit', model: 'x'.repeat(201), method: 'chi2' },
      { type: 'fit', model: 'gaus', method: 'chi2', low: NaN },
      { type: 'fit', model: 'gaus', method: 'chi2', function: 'exec' },
      { type: 'fit', model: 'gaus', method: 'chi2', parameters: [{ name: 'Mean', value: Infinity }] },
      { type: 'fit', model: 'gaus', method: 'chi2', parameters: [{ name: 'Mean', fixed: 'yes' }] },
      { type: 'fit', model: 'gaus', method: 'chi2', parameters: [{ name: '' }] },
      { type: 'fit', model: 'gaus', method: 'chi2', parameters: [{ name: 'Mean', script: 'x' }] },
      { type: 'fit', model: 'gaus', method: 'chi2', parameters: Array(41).fill({ name: 'p0' }) },
      { type: 'fit', model: 'gaus', method: 'chi2', parameters: { name: 'Mean' } },
      { type: 'fit', model: 'gaus', method: 'chi2', minos: 'yes' },
      { type: 'fit', model: 'gaus', method: 'chi2', integral: 1 },
      { type: 'rows', table: '', columns: ['a'], first: -1, count: 10 },
      { type: 'rows', table: '', columns: ['a'], first: 0, count: 1001 },
      { type: 'rows', table: '', columns: ['a'], first: 0, count: 10, stop: -1 },
      { type: 'rows', table: '', columns: ['a'], first: 0, count: 10, entryCut: 'x'.repeat(2001) },
      { type: 'rows', table: '', columns: Array(33).fill('a'), first: 0, count: 10 },
      { type: 'unpin', index: 8 },
      { type: 'object', name: '' },
      { type: 'exec', command: 'rm -rf /' },
    ]) {
      assert.equal(parseMessage(DATA_EXPLORER_REQUESTS, bad).ok, false, JSON.stringify(bad).slice(0, 120));
    }
  });

  it('imports nothing from outside core/protocol (the contract depends on nothing)', () => {
    const source = readFileSync(path.join(__dirname, 'dataExplorerMessages.ts'), 'utf8');
    const outside = [...source.matchAll(/from\s+'(\.\.?\/[^']+)'/g)].map((m) => m[1]).filter((p) => !p.startsWith('./'));
    assert.deepEqual(outside, []);
  });
});
