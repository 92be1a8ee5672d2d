// SVG export: a standalone document whose shapes follow the bins (checked by parsing it as XML with
// Python's standard library, as any SVG reader would), round ticks, and hostile titles kept as text.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Histogram1D, Histogram2D } from './histogram';
import { histogram2dSvg, histogramSvg, profileSvg, type SvgSeries, ticks } from './histogramSvg';
import { Profile } from './profile';
import { histogramRatio } from '../text/histogramRatio';

/** The page's own histogram alone, in its colour. */
function one(histogram: SvgSeries['histogram']): SvgSeries[] {
  return [{ label: 'drawn', colour: '#4e79a7', histogram }];
}

/** Parses the SVG with Python's XML parser and returns what it found. */
function parse(svg: string): { tags: Record<string, number>; texts: string[]; path: string } {
  const script = 'import sys, json, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.read())\nns = "{http://www.w3.org/2000/svg}"\ntags = {}\nfor e in root.iter():\n    t = e.tag.replace(ns, "")\n    tags[t] = tags.get(t, 0) + 1\npaths = [e.get("d") for e in root.iter(ns + "path")]\nprint(json.dumps({"tags": tags, "texts": [e.text for e in root.iter(ns + "text")], "path": paths[0] if paths else ""}))';
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: svg, encoding: 'utf8' }));
}

describe('histogram SVG export', () => {
  it('draws a 1-D histogram as one step outline (a vertical and a horizontal move per bin), with ticks, labels and the statistics box', () => {
    const h = new Histogram1D({ bins: 4, low: 0, high: 40 });
    h.fill(Float64Array.from([5, 15, 15, 25, 25, 25, 35]));
    const svg = histogramSvg(one(h.toData()), { title: 'Jet_Px {NJet >= 2 && x < "1"}', xLabel: 'Jet_Px', yLabel: 'count', stats: [['Entries', '7']] });
    const doc = parse(svg);
    assert.equal(doc.tags.path, 1);
    assert.equal((doc.path.match(/V/g) ?? []).length, 4 + 1);
    assert.equal((doc.path.match(/H/g) ?? []).length, 4);
    assert.ok(doc.texts.includes('Jet_Px {NJet >= 2 && x < "1"}'), 'the title, escaped in the file, reads back as typed');
    for (const t of ['0', '10', '20', '30', '40', 'Entries', '7', 'count']) assert.ok(doc.texts.includes(t), `${t} in ${doc.texts.join('|')}`);
  });

  it('writes characters XML forbids (controls, a lone surrogate) in a title, label or legend as U+FFFD, so the SVG parses', () => {
    const h = new Histogram1D({ bins: 2, low: 0, high: 2 });
    h.fill(Float64Array.from([0.5, 1.5]));
    const series: SvgSeries[] = [{ label: 'run\u00071', colour: '#4e79a7', histogram: h.toData() }, { label: 'b\uD800', colour: '#f28e2b', histogram: h.toData() }];
    const svg = histogramSvg(series, { title: 'Jet\u0000Px\tpt\u001F', xLabel: 'x\u000B', yLabel: 'count\uFFFF', stats: [['Mean\u0008', '1']] });
    const doc = parse(svg);
    // The title is wrapped at white space, so its tab reads back as a space.
    for (const t of ['Jet\uFFFDPx pt\uFFFD', 'x\uFFFD', 'count\uFFFD', 'Mean\uFFFD', 'run\uFFFD1', 'b\uFFFD']) assert.ok(doc.texts.includes(t), `${JSON.stringify(t)} in ${JSON.stringify(doc.texts)}`);
    // A character outside the BMP (a surrogate pair) is kept whole.
    assert.ok(parse(histogramSvg(one(h.toData()), { title: 'μ \u{1D6FC}', xLabel: 'x', yLabel: 'y', stats: [] })).texts.includes('μ \u{1D6FC}'));
  });

  it('draws negative bins (negative weights) below the 0 line, on an axis that reaches them', () => {
    const h = new Histogram1D({ bins: 3, low: 0, high: 3 });
    h.fill(Float64Array.of(0.5, 1.5, 2.5), Float64Array.of(-5, -3, 2));
    const doc = parse(histogramSvg(one(h.toData()), { title: 't', xLabel: 'x', yLabel: 'y', stats: [] }));
    // M x,zero V bin1 H … V bin2 H … V bin3 H … V zero: SVG's y grows downwards.
    const ys = [...doc.path.matchAll(/(?:,|V)(-?[\d.]+)/g)].map((m) => Number(m[1]));
    const [zero, first, second, third, back] = ys;
    assert.equal(back, zero);
    assert.ok(first > second && second > zero && third < zero, `y of 0: ${zero}; bins at ${first}, ${second}, ${third}`);
    assert.ok(doc.texts.includes('-4') || doc.texts.includes('−4'), `a tick below 0 in ${doc.texts.join('|')}`);
  });

  it('draws a log-y histogram with power-of-ten ticks, and a 2-D histogram as one rectangle per non-empty cell with a colour bar', () => {
    const h = new Histogram1D({ bins: 3, low: 0, high: 3 });
    h.fill(Float64Array.from([0.5, ...Array(150).fill(1.5), ...Array(20).fill(2.5)]));
    const log = parse(histogramSvg(one(h.toData()), { title: 't', xLabel: 'x', yLabel: 'y', stats: [], log: true }));
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
    const fitted = histogramSvg(one(h.toData()), { title: 't', xLabel: 'x', yLabel: 'y', stats: [['χ² / ndf', '0.5 / 1']], curve: { x, y: [2, 3, 0, 1] } });
    const red = /<path d="([^"]*)" fill="none" stroke="#e15759" stroke-width="2" clip-path="url\(#fit-frame\)"\/>/.exec(fitted);
    assert.ok(red, 'a red path clipped to the frame');
    assert.equal((red[1].match(/[ML]/g) ?? []).join(''), 'MLLL');
    assert.equal(parse(fitted).tags.clipPath, 1);
    const d = /d="([^"]*)" fill="none" stroke="#e15759"/.exec(histogramSvg(one(h.toData()), { title: 't', xLabel: 'x', yLabel: 'y', stats: [], log: true, curve: { x, y: [2, 3, 0, 1] } }))![1];
    assert.equal((d.match(/[ML]/g) ?? []).join(''), 'MLM', 'the zero breaks the line on a log axis');
  });

  it("draws a 2-D fit's contour lines in red over the cells, clipped to the fit's range", () => {
    const h2 = new Histogram2D({ bins: 10, low: -5, high: 5 }, { bins: 10, low: -5, high: 5 });
    h2.fill(Float64Array.from([0, 0.5, -0.5]), Float64Array.from([0, 0.5, -0.5]));
    // A round peak over [-2, 4] × [-3, 3]: five levels, each one closed ring.
    const x = Array.from({ length: 61 }, (_, i) => -2 + i / 10);
    const y = Array.from({ length: 61 }, (_, i) => -3 + i / 10);
    const z = y.flatMap((v) => x.map((u) => Math.exp(-0.5 * ((u - 1) ** 2 + v ** 2))));
    const svg = histogram2dSvg(h2.toData(), { title: 'y vs x', xLabel: 'x', yLabel: 'y', stats: [], surface: { x, y, z } });
    const red = /<path d="([^"]*)" fill="none" stroke="#e15759" stroke-width="1.5" clip-path="url\(#fit-range\)"\/>/.exec(svg);
    assert.ok(red, 'a red path clipped to the range');
    assert.equal((red[1].match(/M/g) ?? []).length, 5);
    assert.equal((red[1].match(/Z/g) ?? []).length, 5);
    assert.equal(parse(svg).tags.clipPath, 1);
  });

  it('wraps a long title over lines and shortens a long axis label, each within the picture', () => {
    const h = new Histogram1D({ bins: 40, low: 50, high: 130 });
    h.fill(Float64Array.from([91, 91, 92]));
    const mass = 'sqrt((Muon_E[0] + Muon_E[1])**2 - (Muon_Px[0] + Muon_Px[1])**2 - (Muon_Py[0] + Muon_Py[1])**2 - (Muon_Pz[0] + Muon_Pz[1])**2)';
    const title = `${mass} {NMuon >= 2}`;
    const svg = histogramSvg(one(h.toData()), { title, xLabel: mass, yLabel: 'count', stats: [['Entries', '3']] });
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
    const svg = profileSvg([{ label: 'p', colour: '#4e79a7', histogram: { axis: p.axis, sumw: means, sumw2: errors2 }, binEntries: [...p.sumw] }], { title: 'Muon_E vs Muon_Pz', xLabel: 'Muon_Pz', yLabel: 'Muon_E', stats: [['Entries', '6']] });
    const script = 'import sys, json, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.read())\nns = "{http://www.w3.org/2000/svg}"\nframe = [e for e in root.iter(ns + "rect") if e.get("fill") == "none"][0]\nprint(json.dumps({"cy": [float(c.get("cy")) for c in root.iter(ns + "circle")], "top": float(frame.get("y")), "height": float(frame.get("height")), "texts": [e.text for e in root.iter(ns + "text")]}))';
    const doc = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: svg, encoding: 'utf8' })) as { cy: number[]; top: number; height: number; texts: string[] };
    assert.equal(doc.cy.length, 3, 'the empty bin has no point');
    for (const cy of doc.cy) assert.ok(cy > doc.top && cy < doc.top + doc.height, `a point at ${cy}, inside ${doc.top} … ${doc.top + doc.height}`);
    // The lowest mean (−20) lowest on the page, the highest (+5) highest; the y ticks reach below 0.
    assert.deepEqual([...doc.cy].sort((a, b) => a - b), [doc.cy[1], doc.cy[0], doc.cy[2]]);
    assert.ok(doc.texts.some((t) => /^-\d/.test(t)), doc.texts.join('|'));
  });

  it('draws pinned histograms as outlines in their colours with a legend, each to unit area when normalised, the fit scaled with the first', () => {
    const filled = (axis: { bins: number; low: number; high: number }, values: number[]): SvgSeries['histogram'] => {
      const h = new Histogram1D(axis);
      h.fill(Float64Array.from(values));
      return h.toData();
    };
    const values = [5, 15, 15, 25, 25, 25, 35];
    const series: SvgSeries[] = [
      { label: 'Jet_Px (a.root)', colour: '#4e79a7', histogram: filled({ bins: 4, low: 0, high: 40 }, values) },
      { label: 'Jet_Px (b.root)', colour: '#f28e2b', histogram: filled({ bins: 4, low: 0, high: 40 }, values.flatMap((v) => Array(100).fill(v))) },
      { label: 'Jet_Px {NJet >= 2}', colour: '#76b7b2', histogram: filled({ bins: 2, low: 20, high: 60 }, [25, 45]) },
    ];
    const options = { title: 'Jet_Px', xLabel: 'Jet_Px', yLabel: 'fraction', stats: [['Entries', '7']] as [string, string][] };
    const pathsOf = (svg: string): { d: string; stroke: string; fill: string }[] => {
      const script = 'import sys, json, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.read())\nns = "{http://www.w3.org/2000/svg}"\nprint(json.dumps([{"d": e.get("d"), "stroke": e.get("stroke"), "fill": e.get("fill")} for e in root.iter(ns + "path")]))';
      return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: svg, encoding: 'utf8' }));
    };
    const normalised = histogramSvg(series, { ...options, normalise: true, curve: { x: [0, 10], y: [1, 1] } });
    const paths = pathsOf(normalised);
    const outlines = paths.slice(0, 3);
    assert.deepEqual(outlines.map((p) => [p.stroke, p.fill]), [['#4e79a7', 'none'], ['#f28e2b', 'none'], ['#76b7b2', 'none']]);
    // Seven entries and seven hundred of the same shape: the same outline once each is a fraction.
    assert.equal(outlines[0].d, outlines[1].d);
    // The third starts at x = 20 on the common axis 0 … 60 (70 px in, 620 px wide).
    assert.match(outlines[2].d, new RegExp(`^M${Math.round((70 + (20 / 60) * 620) * 100) / 100},`));
    // The fit (y = 1 for the first's 7 entries) is drawn at 1/7, the height of its first bin (1 entry).
    const firstBin = /^M[\d.]+,[\d.]+V([\d.]+)/.exec(outlines[0].d)![1];
    const fit = paths[3];
    assert.equal(fit.stroke, '#e15759');
    assert.equal(fit.d.split(',')[1].replace(/L.*/, ''), firstBin);
    const doc = parse(normalised);
    for (const label of ['Jet_Px (a.root)', 'Jet_Px (b.root)', 'Jet_Px {NJet >= 2}', 'fraction']) assert.ok(doc.texts.includes(label), `${label} in ${doc.texts.join('|')}`);
    // The legend: a swatch in each colour.
    for (const colour of ['#4e79a7', '#f28e2b', '#76b7b2']) assert.match(normalised, new RegExp(`<line [^>]*stroke="${colour}" stroke-width="3"/>`));
    // Not normalised: the counts as they are, so the larger sample's outline is taller.
    const counts = pathsOf(histogramSvg(series, options));
    assert.notEqual(counts[0].d, counts[1].d);
    // Alone, a histogram is filled and has no legend.
    const alone = histogramSvg(series.slice(0, 1), { ...options, normalise: true });
    assert.equal(pathsOf(alone)[0].fill, '#4e79a733');
    assert.ok(!alone.includes('class="legend"'));
  });

  it('draws a ratio panel under the overlay: its own frame sharing the x axis, a dashed line at 1, a point per ratio in its colour', () => {
    const axis = { bins: 4, low: 0, high: 40 };
    const drawnH = { axis, sumw: [0, 10, 20, 30, 0, 0], sumw2: [0, 10, 20, 30, 0, 0] };
    const pinned = { axis, sumw: [0, 5, 20, 60, 10, 0], sumw2: [0, 5, 20, 60, 10, 0] };
    const series: SvgSeries[] = [
      { label: 'data', colour: '#4e79a7', histogram: drawnH },
      { label: 'simulation', colour: '#f28e2b', histogram: pinned },
    ];
    const points = histogramRatio(drawnH, pinned, false)!;
    const svg = histogramSvg(series, { title: 't', xLabel: 'x', yLabel: 'count', stats: [], ratio: { label: 'ratio', series: [{ colour: '#f28e2b', points }] } });
    const script = 'import sys, json, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.read())\nns = "{http://www.w3.org/2000/svg}"\nframes = [[float(e.get(k)) for k in ("x", "y", "width", "height")] for e in root.iter(ns + "rect") if e.get("fill") == "none"]\nratio = [g for g in root.iter(ns + "g") if g.get("class") == "ratio"][0]\nline = ratio.find(ns + "line")\nprint(json.dumps({"frames": frames, "circles": [[c.get("fill"), float(c.get("cy"))] for c in ratio.iter(ns + "circle")], "one": float(line.get("y1")), "texts": [e.text for e in root.iter(ns + "text")]}))';
    const doc = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: svg, encoding: 'utf8' })) as { frames: number[][]; circles: [string, number][]; one: number; texts: string[] };
    // The histogram's frame, then the panel's under it, as wide and at the same x.
    assert.equal(doc.frames.length, 2);
    const [top, panel] = [...doc.frames].sort((a, b) => a[1] - b[1]);
    assert.deepEqual([panel[0], panel[2]], [top[0], top[2]]);
    assert.ok(panel[1] > top[1] + top[3] && panel[3] < top[3], JSON.stringify(doc.frames));
    // Ratios 2, 1 and 0.5 (bin 4 of the drawn one is empty: 0): lower on the page as they are smaller; 1 on the dashed line.
    assert.deepEqual(points.map((p) => p.ratio), [2, 1, 0.5, 0]);
    assert.deepEqual(doc.circles.map((c) => c[0]), Array(4).fill('#f28e2b'));
    const ys = doc.circles.map((c) => c[1]);
    assert.ok(ys[0] < ys[1] && ys[1] < ys[2] && ys[2] < ys[3], ys.join(' '));
    assert.equal(ys[1], doc.one);
    for (const y of ys) assert.ok(y >= panel[1] && y <= panel[1] + panel[3]);
    assert.ok(doc.texts.includes('ratio'));
    // No points (no overlay with these bins): no panel.
    assert.equal(parse(histogramSvg(series, { title: 't', xLabel: 'x', yLabel: 'count', stats: [], ratio: { label: 'ratio', series: [] } })).tags.g ?? 0, 1, 'the legend alone');
  });

  it('draws a log x axis as the page does: decades equally wide, ticks at powers of ten', () => {
    const h = { axis: { bins: 3, low: 1, high: 1000 }, sumw: [0, 4, 2, 1, 0], edges: [1, 10, 100, 1000] };
    const svg = histogramSvg([{ label: 'E', colour: '#4e79a7', histogram: h }], { title: 'E', xLabel: 'E', yLabel: 'count', stats: [], logX: true });
    const xs = [...parse(svg).path.matchAll(/H([\d.]+)/g)].map((m) => Number(m[1]));
    assert.equal(xs.length, 3);
    assert.ok(Math.abs(xs[1] - xs[0] - (xs[2] - xs[1])) < 0.02 && Math.abs(xs[0] - 70 - (xs[1] - xs[0])) < 0.02, xs.join(' '));
    for (const t of ['1', '10', '100', '1000']) assert.ok(parse(svg).texts.includes(t), t);
    // A range from 0 or below cannot be drawn on a log axis: linear, as the page draws it.
    const linear = histogramSvg([{ label: 'E', colour: '#4e79a7', histogram: { ...h, axis: { bins: 3, low: 0, high: 1000 }, edges: [0, 10, 100, 1000] } }], { title: 'E', xLabel: 'E', yLabel: 'count', stats: [], logX: true });
    assert.ok(parse(linear).texts.includes('200'));
  });

  it('draws pinned profiles over the drawn one, each in its colour, the y range from all their bars', () => {
    const profileOf = (ys: number[]): SvgSeries['histogram'] & { binEntries: number[] } => {
      const p = new Profile({ bins: 2, low: 0, high: 2 });
      p.fill(Float64Array.from([0.5, 0.5, 1.5]), Float64Array.from(ys));
      const { means, errors2 } = p.bins();
      return { axis: p.axis, sumw: means, sumw2: errors2, binEntries: [...p.sumw] };
    };
    const plus = profileOf([10, 12, 20]);
    const minus = profileOf([-30, -28, -50]);
    const svg = profileSvg(
      [
        { label: 'μ+', colour: '#4e79a7', histogram: plus, binEntries: plus.binEntries },
        { label: 'μ−', colour: '#f28e2b', histogram: minus, binEntries: minus.binEntries },
      ],
      { title: 'Muon_E vs Muon_Pz', xLabel: 'Muon_Pz', yLabel: 'Muon_E', stats: [] },
    );
    const script = 'import sys, json, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.read())\nns = "{http://www.w3.org/2000/svg}"\nframe = [e for e in root.iter(ns + "rect") if e.get("fill") == "none"][0]\nprint(json.dumps({"circles": [[c.get("fill"), float(c.get("cy"))] for c in root.iter(ns + "circle")], "top": float(frame.get("y")), "height": float(frame.get("height")), "texts": [e.text for e in root.iter(ns + "text")]}))';
    const doc = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: svg, encoding: 'utf8' })) as { circles: [string, number][]; top: number; height: number; texts: string[] };
    assert.deepEqual(doc.circles.map((c) => c[0]), ['#4e79a7', '#4e79a7', '#f28e2b', '#f28e2b']);
    for (const [, cy] of doc.circles) assert.ok(cy > doc.top && cy < doc.top + doc.height, `${cy} inside the frame`);
    // μ− (means −29 and −50) below μ+ (11 and 20).
    assert.ok(doc.circles[2][1] > doc.circles[0][1] && doc.circles[3][1] > doc.circles[1][1]);
    for (const label of ['μ+', 'μ−']) assert.ok(doc.texts.includes(label), label);
  });

  it('chooses about five round ticks', () => {
    assert.deepEqual(ticks(0, 40), [0, 10, 20, 30, 40]);
    assert.deepEqual(ticks(-450, 550), [-400, -200, 0, 200, 400]);
    assert.deepEqual(ticks(-1.6, 1.6), [-1.5, -1, -0.5, 0, 0.5, 1, 1.5]);
  });
});
