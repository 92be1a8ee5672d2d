// Writes demo/data/hzz-jets.npz: the jets of demo/data/uproot-HZZ.root (scikit-hep-testdata,
// BSD-3-Clause) as NumPy arrays, so that the demo trains where uproot is not installed (Debian has
// no python3-uproot). Reads the ROOT file with JSROOT, the ROOT team's JavaScript I/O, installed on
// first use into .cache/jsroot without install scripts (its optional canvas build is not needed for
// I/O), and writes the .npz with NumPy: `node scripts/demoJets.mjs`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prefix = path.join(ROOT, '.cache', 'jsroot');
const entry = path.join(prefix, 'node_modules', 'jsroot', 'modules', 'main.mjs');
if (!existsSync(entry)) {
  mkdirSync(prefix, { recursive: true });
  execFileSync('npm', ['install', '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund', 'jsroot@7.11.2'], { stdio: 'inherit' });
}
const { openFile, TSelector, treeProcess } = await import(pathToFileURL(entry).href);

const file = await openFile(path.join(ROOT, 'demo', 'data', 'uproot-HZZ.root'));
const tree = await file.readObject('events');
const branches = ['Jet_Px', 'Jet_Py', 'Jet_Pz', 'Jet_E', 'Jet_btag'];
const columns = Object.fromEntries(branches.map((b) => [b, []]));
const counts = [];
const selector = new TSelector();
for (const b of branches) selector.addBranch(b);
selector.Process = function () {
  counts.push(this.tgtobj.Jet_Px.length);
  for (const b of branches) columns[b].push(...this.tgtobj[b]);
};
await treeProcess(tree, selector);

const json = path.join(ROOT, '.cache', 'hzz-jets.json');
writeFileSync(json, JSON.stringify({ ...columns, NJet: counts }));
const out = path.join(ROOT, 'demo', 'data', 'hzz-jets.npz');
const python = [
  'import json, sys, numpy as np',
  'd = json.load(open(sys.argv[1]))',
  'arrays = {k: np.asarray(v, dtype=np.int32 if k == "NJet" else np.float32) for k, v in d.items()}',
  'np.savez_compressed(sys.argv[2], **arrays)',
  'print(f"{sys.argv[2]}: {len(arrays[\'NJet\'])} events, {len(arrays[\'Jet_Px\'])} jets")',
].join('\n');
execFileSync('/usr/bin/python3', ['-c', python, json, out], { stdio: 'inherit' });
rmSync(json);
