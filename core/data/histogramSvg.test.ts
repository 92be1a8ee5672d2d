// SVG export: a standalone document whose shapes follow the bins (checked by parsing it as XML with
// Python's standard library, as any SVG reader would), round ticks, and hostile titles kept as text.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Histogram1D, Histogram2D } from './histogram';
import { histogram2dSvg, histogramSvg, profileSvg, ticks } from './histogramSvg';
import { Profile } from './profile';

/** Parses the SVG with Python's XML parser and returns what it found. */
function parse(svg: string): { tags: Record<string, number>; texts: string[]; path: string } {
  const script = 'import sys, json, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.read())\nns = "{http://www.w3.org/2000/svg}"\ntags = {}\nfor e in root.iter():\n    t = e.tag.replace(ns, "")\n    tags[t] = tags.get(t, 0) + 1\npaths = [e.get("d") for e in root.iter(ns + "path")]\nprint(json.dumps({"tags": tags, "texts": [e.text for e in root.iter(ns + "text")], "path": paths[0] if paths else ""}))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: svg, encoding: 'utf8' }));
}

describe('histogram SVG export', () => {
  it('draws a 1-D histogram as one step outline (a vertical and a horizontal move per bin), with ticks, labels and the statistics box', () => {
    const h = new Histogram1D({ bins: 4, low: 0, high: 40 });
    h.fill(Float64Array.from([5, 15, 15, 25, 25, 25, 35]));
    const svg = histogramSvg(h.toData(), { title: 'Jet_Px {NJet >= 2 && x < "1"}', xLabel: 'Jet_Px', yLabel: 'count', stats: [['Entries', '7']] });
    const doc = parse(svg);
    assert.equal(doc.tags.path, 1);
    assert.equal((doc.path.match(/V/g) ?? []).length, 4 + 1);
    assert.equal((doc.path.match(/H/g) ?? []).length, 4);
    assert.ok(doc.texts.includes('Jet_Px {NJet >= 2 && x < "1"}'), 'the title, escaped in the file, reads back as typed');
    for (const t of ['0', '10', '20', '30', '40', 'Entries', '7', 'count']) assert.ok(doc.texts.includes(t), `${t} in ${doc.texts.join('|')}`);
  });

  it('draws a log-y histogram with power-of-ten ticks, and a 2-D histogram as one rectangle per non-empty cell with a colour bar', () => {
    const h = new Histogram1D({ bins: 3, low: 0, high: 3 });
    h.fill(Float64Array.from([0.5, ...Array(150).fill(1.5), ...Array(20).fill(2.5)]));
    const log = parse(histogramSvg(h.toData(), { title: 't', xLabel: 'x', yLabel: 'y', stats: [], log: true }));
    for (const t of ['1', '10', '100']) assert.ok(log.texts.includes(t), `${t} in ${log.texts.join('|')}`);
    const h2 = new Histogram2D({ bins: 3, low: 0, high: 3 }, { bins: 2, low: 0, high: 2 });
    h2.fill(Float64Array.from([0.5, 0.5, 2.5, 9]), Float64Array.from([0.5, 0.5, 1.5, 1]));
    const doc = parse(histogram2dSvg(h2.toData(), { title: 'y vs x', xLabel: 'x', yLabel: 'y', stats: [['Entries', '4']] }));
    // Two filled cells, plus the background, the colour bar, the frame and the statistics box.
    assert.equal(doc.tags.rect, 2 + 4);
    assert.equal(doc.tags.linearGradient, 1);
  });

  it('draws a fit as a red line over its range, clipped to the frame, broken where log y cannot show it', () => {
    const h = new Histogram1D({ bins: 4, low: 0, high: 40 });
    h.fill(Float64Array.from([5, 15, 15, 25, 25, 25, 35]));
    const x = [10, 20, 30, 40];
    const fitted = histogramSvg(h.toData(), { title: 't', xLabel: 'x', yLabel: 'y', stats: [['χ² / ndf', '0.5 / 1']], curve: { x, y: [2, 3, 0, 1] } });
    const red = /<path d="([^"]*)" fill="none" stroke="#e15759" stroke-width="2" clip-path="url\(#fit-frame\)"\/>/.exec(fitted);
    assert.ok(red, 'a red path clipped to the frame');
    assert.equal((red[1].match(/[ML]/g) ?? []).join(''), 'MLLL');
    assert.equal(parse(fitted).tags.clipPath, 1);
    const d = /d="([^"]*)" fill="none" stroke="#e15759"/.exec(histogramSvg(h.toData(), { title: 't', xLabel: 'x', yLabel: 'y', stats: [], log: true, curve: { x, y: [2, 3, 0, 1] } }))![1];
    assert.equal((d.match(/[ML]/g) ?? []).join(''), 'MLM', 'the zero breaks the line on a log axis');
  });

  it('wraps a long title over lines and shortens a long axis label, each within the picture', () => {
    const h = new Histogram1D({ bins: 40, low: 50, high: 130 });
    h.fill(Float64Array.from([91, 91, 92]));
    const mass = 'sqrt((Muon_E[0] + Muon_E[1])**2 - (Muon_Px[0] + Muon_Px[1])**2 - (Muon_Py[0] + Muon_Py[1])**2 - (Muon_Pz[0] + Muon_Pz[1])**2)';
    const title = `${mass} {NMuon >= 2}`;
    const svg = histogramSvg(h.toData(), { title, xLabel: mass, yLabel: 'count', stats: [['Entries', '3']] });
    const doc = parse(svg);
    // The whole title, in two lines of 15 px bold (about 9 px a character) within the 720 px.
    const lines = doc.texts.filter((t) => title.includes(t) && t.length > 20 && t !== title);
    const [first, second] = lines;
    assert.equal(`${first} ${second}`, title, JSON.stringify(lines));
    assert.ok(lines.every((l) => l.length * 9 <= 700), JSON.stringify(lines));
    // The frame starts a line lower.
    assert.match(svg, /<rect x="70" y="58" width="620" height="367" fill="none"/);
    const label = doc.texts.find((t) => t.includes(' … '));
    assert.ok(label && label.startsWith('sqrt((Muon_E[0]') && label.endsWith('Muon_Pz[1])**2)') && label.length * 7.15 <= 620, label);
  });

  it("draws a profile as a point and error bars per filled bin, inside the frame when means are negative", () => {
    const p = new Profile({ bins: 4, low: 0, high: 4 });
    // Bin 1 around −10, bin 2 around +5, bin 3 empty, bin 4 a single fill at −20.
    p.fill(Float64Array.from([0.2, 0.5, 0.7, 1.2, 1.5, 3.5]), Float64Array.from([-12, -10, -8, 4, 6, -20]));
    const { means, errors2 } = p.bins();
    const svg = profileSvg({ axis: p.axis, sumw: means, sumw2: errors2 }, [...p.sumw], { title: 'Muon_E vs Muon_Pz', xLabel: 'Muon_Pz', yLabel: 'Muon_E', stats: [['Entries', '6']] });
    const script = 'import sys, json, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.read())\nns = "{http://www.w3.org/2000/svg}"\nframe = [e for e in root.iter(ns + "rect") if e.get("fill") == "none"][0]\nprint(json.dumps({"cy": [float(c.get("cy")) for c in root.iter(ns + "circle")], "top": float(frame.get("y")), "height": float(frame.get("height")), "texts": [e.text for e in root.iter(ns + "text")]}))';
    const doc = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: svg, encoding: 'utf8' })) as { cy: number[]; top: number; height: number; texts: string[] };
    assert.equal(doc.cy.length, 3, 'the empty bin has no point');
    for (const cy of doc.cy) assert.ok(cy > doc.top && cy < doc.top + doc.height, `a point at ${cy}, inside ${doc.top} … ${doc.top + doc.height}`);
    // The lowest mean (−20) lowest on the page, the highest (+5) highest; the y ticks reach below 0.
    assert.deepEqual([...doc.cy].sort((a, b) => a - b), [doc.cy[1], doc.cy[0], doc.cy[2]]);
    assert.ok(doc.texts.some((t) => /^-\d/.test(t)), doc.texts.join('|'));
  });

  it('chooses about five round ticks', () => {
    assert.deepEqual(ticks(0, 40), [0, 10, 20, 30, 40]);
    assert.deepEqual(ticks(-450, 550), [-400, -200, 0, 200, 400]);
    assert.deepEqual(ticks(-1.6, 1.6), [-1.5, -1, -0.5, 0, 0.5, 1, 1.5]);
  });
});
