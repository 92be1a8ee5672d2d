// Copy as Python for what a page shows: the script for the file, or for every file of a dataset, or
// the stored object's own; none for a file no script reads.
import * as assert from 'node:assert/strict';
import { Histogram1D, Histogram2D } from '../../core/data/histogram';
import type { DatasetResult } from '../../core/data/dataset';
import type { PlotRequest } from '../../core/protocol/dataExplorerMessages';
import type { Drawn } from './drawnHistogram';
import { drawnPython } from './drawnPython';

const axis = { bins: 10, low: 0, high: 100 };
const request: PlotRequest = { table: 'events', expression: 'Jet_Px', yExpression: '', entryCut: 'NJet >= 2', elementCut: '', bins: 10, low: 0, high: 100 };
const result = (extra: Partial<DatasetResult> = {}): DatasetResult => ({ files: 1, filesDone: 1, bytes: 1, bytesDone: 1, entriesRead: 1, entriesKept: 1, histogram: new Histogram1D(axis).toData(), failed: [], parts: 1, ...extra });
const structure = { file: 'HZZ.root', format: 'root', size: 1, tables: [{ name: 'events', entries: 2421, columns: [{ name: 'Jet_Px', type: 'float[NJet]' }, { name: 'Jet_Py', type: 'float[NJet]' }, { name: 'NJet', type: 'int32_t' }] }], objects: [] } as never;

describe('Copy as Python for the histogram a page shows', () => {
  it('reads the file with uproot, with the cut and the binning drawn; a dataset reads all its files', () => {
    const drawn: Drawn = { request, axis, result: result() };
    const one = drawnPython(drawn, { file: '/data/HZZ.root', structure }, undefined)!;
    assert.match(one, /^import uproot$/m);
    assert.match(one, /"\/data\/HZZ\.root"/);
    assert.match(one, /NJet/);
    const all = drawnPython(drawn, { file: '/data/a.root', files: ['/data/a.root', '/data/b.root'], structure }, undefined)!;
    assert.match(all, /FILES = \[\n {4}"\/data\/a\.root",\n {4}"\/data\/b\.root",\n\]/);
    // A file the page could not read is left out of FILES too (uproot would stop at it), and named above it; 2-D likewise.
    const failed = result({ failed: [{ file: '/data/a.root', message: 'There is no tree "events" in a.root.' }] });
    const without = drawnPython({ ...drawn, result: failed }, { file: '/data/b.root', files: ['/data/a.root', '/data/b.root'], structure }, undefined)!;
    assert.match(without, /# Left out, as HAI left them out:\n# {3}"\/data\/a\.root": There is no tree "events" in a\.root\.\nFILES = \[\n {4}"\/data\/b\.root",\n\]/);
    // Entries numbered through the files (a range, Entry$), a file lacking a branch among those left out: the
    // script says it numbers them without that file's entries, which the explorer counted. An unreadable file
    // counts none in either.
    const lacking = result({ failed: [{ file: '/data/a.root', message: 'There is no branch or column "Jet_Px".', lacksName: true }] });
    const ranged = drawnPython({ request: { ...request, firstEntry: 100 }, axis, result: lacking }, { file: '/data/b.root', files: ['/data/a.root', '/data/b.root'], structure }, undefined)!;
    assert.match(ranged, /"Jet_Px"\.\n# HAI numbered the entries of those lacking a name all the same \(First entry, Entries, Entry\$\);\n# this script numbers the entries through the files it reads\.\nFILES = \[/);
    assert.doesNotMatch(without, /HAI numbered/);
    assert.doesNotMatch(drawnPython({ request: { ...request, firstEntry: 100 }, axis, result: failed }, { file: '/data/b.root', files: ['/data/a.root', '/data/b.root'], structure }, undefined)!, /HAI numbered/);
    const h2 = new Histogram2D(axis, { bins: 5, low: 0, high: 50 }).toData();
    const twoD = drawnPython({ request: { ...request, yExpression: 'Jet_Py' }, axis, result: { ...failed, histogram2d: h2 } }, { file: '/data/b.root', files: ['/data/a.root', '/data/b.root'], structure }, undefined)!;
    assert.match(twoD, /FILES = \[\n {4}"\/data\/b\.root",\n\]/);
  });

  it('writes a 2-D histogram with both axes, a stored histogram as stored, and nothing for a file no script reads', () => {
    const h2 = new Histogram2D(axis, { bins: 5, low: 0, high: 50 }).toData();
    const twoD = drawnPython({ request: { ...request, yExpression: 'Jet_Py' }, axis, result: result({ histogram2d: h2 }) }, { file: '/data/HZZ.root', structure }, undefined)!;
    assert.match(twoD, /Jet_Py/);
    const stored = { name: 'one', className: 'TH1F', title: 'numero uno', kind: '1d' as const, x: { ...axis, title: '' }, sumw: [], sumw2: [], entries: 0, tsumw: 0, tsumwx: 0, tsumwx2: 0, tsumwy: 0, tsumwy2: 0 };
    assert.match(drawnPython({ request: { ...request, table: '', expression: 'one' }, axis, result: result(), stored }, { file: '/data/h.root', structure: undefined }, undefined)!, /# TH1F "one" from "h\.root", as stored/);
    assert.equal(drawnPython({ request, axis, result: result() }, { file: '/data/notes.txt', structure: undefined }, undefined), undefined);
  });
});
