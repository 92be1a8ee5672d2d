// judge_summary.py: the one table judge.sh leaves after measuring what a lent GPU returned. Its input
// here is a real sitting, the files of runs/h200-v2-2026-12-04/measured/ under the names judge.sh
// gives them (seed 13 of the unseen split: the model the 25m replaced, the shipped 25m and the one
// trained further), so the table is checked against figures the README quotes from those files.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const MEASURED = path.join(__dirname, 'runs', 'h200-v2-2026-12-04', 'measured');
const AS_JUDGED: Record<string, string> = {
  'quality-s13.json': 'quality-unseen-s13.json',
  'paired-vs-today-s13.json': 'paired-unseen-s13-vs-today.json',
  'paired-vs-earlier-s13.json': 'paired-unseen-s13-vs-v2-25m-earlier.json',
  'unseen-loss.json': 'unseen-loss.json',
  'cross-file-names.json': 'cross-file-names.json',
  'decode.json': 'decode-25m.json',
};

describe('judge_summary.py: what a lent GPU returned, in one table', function () {
  this.timeout(30_000);
  let dir: string;
  let text: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-judged-'));
    for (const [from, to] of Object.entries(AS_JUDGED)) copyFileSync(path.join(MEASURED, from), path.join(dir, to));
    text = (await run(PYTHON, [path.join(__dirname, 'judge_summary.py'), dir])).stdout;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const row = (label: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`| ${label} |`));
    assert.ok(line, `no row for ${label} in:\n${text}`);
    return line.split('|').slice(1, -1).map((c) => c.trim());
  };

  it('gives each model its file size, unseen loss, next-line EM / ES and names from the files', () => {
    assert.deepEqual(row('today').slice(0, 4), ['today', '5.4', '—', '0.033 / 0.278']);
    assert.deepEqual(row('v2-25m-earlier').slice(0, 5), ['v2-25m-earlier', '28.0', '1.807', '0.147 / 0.426', '3/12 / 6/12 / 5/12']);
    assert.deepEqual(row('v2-25m').slice(0, 5), ['v2-25m', '28.0', '1.713', '0.177 / 0.456', '1/12 / 3/12 / 2/12']);
  });

  it("reads decode for the candidate from its decode file's model rows, and the shipped file's from the baseline rows", () => {
    const decode = JSON.parse(readFileSync(path.join(MEASURED, 'decode.json'), 'utf8')) as { rows: { model: string; context: number; decodeMsP50: number }[] };
    const at64 = (model: string) => decode.rows.find((r) => r.model === model && r.context === 64)!.decodeMsP50.toFixed(2);
    assert.ok(row('v2-25m')[5].startsWith(at64('model')), row('v2-25m')[5]);
    assert.ok(row('v2-25m-earlier')[5].startsWith(at64('baseline')), row('v2-25m-earlier')[5]);
    // Against the shipped file measured in turns with it, the one comparison this machine's drift allows.
    assert.ok(row('v2-25m')[5].includes(`×${(Number(at64('model')) / Number(at64('baseline'))).toFixed(2)} /`), row('v2-25m')[5]);
  });

  it("checks item 3's targets against the model the 25m replaced, paired", () => {
    // The shipped 25m on seed 13: EM 4.5x, ES +0.148, short of +0.15 (README, "Against the model it replaces").
    assert.match(text, /- v2-25m-earlier, unseen-s13: next line EM 4\.54× .* ES \+0\.1482 ± 0\.0156 \(target \+0\.15\): not met/);
    assert.match(text, /- v2-25m, unseen-s13: next line EM 5\.46× .* ES \+0\.1779 ± 0\.0169 \(target \+0\.15\): both met/);
  });

  it('lists the paired differences as model − base', () => {
    assert.match(text, /\| v2-25m \| v2-25m-earlier \| unseen s13 \| \+0\.030 ± 0\.015 \| \+0\.030 ± 0\.014 \|/);
    const summary = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    assert.equal(summary.paired['unseen-s13'].today['v2-25m']['next-line'].editSimilarity, 0.1779);
  });
});

// The rehearsal of 2026-12-06 (runs/cpu-rehearsal-2026-12-06/judged: judge.sh itself, 20 cases): two
// candidates whose names share a prefix, a decode file each, two splits, and a split where the model
// the 25m replaced got no exact match at all.
describe('judge_summary.py on judge.sh\'s own output: two candidates, two splits', function () {
  this.timeout(30_000);
  const JUDGED = path.join(__dirname, 'runs', 'cpu-rehearsal-2026-12-06', 'judged');
  let dir: string;
  let text: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hai-judged-'));
    for (const f of readdirSync(JUDGED)) if (!f.startsWith('summary.')) copyFileSync(path.join(JUDGED, f), path.join(dir, f));
    text = (await run(PYTHON, [path.join(__dirname, 'judge_summary.py'), dir])).stdout;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cells = (label: string) => text.split('\n').find((l) => l.startsWith(`| ${label} |`))!.split('|').slice(1, -1).map((c) => c.trim());
  const decodeRows = (size: string) =>
    (JSON.parse(readFileSync(path.join(JUDGED, `decode-${size}.json`), 'utf8')) as { rows: { model: string; context: number; decodeMsP50: number }[] }).rows;

  it('puts the unseen libraries first, and each candidate on its own row', () => {
    const head = text.split('\n')[0];
    assert.ok(head.indexOf('unseen s41') >= 0 && head.indexOf('unseen s41') < head.indexOf('scripts s41'), head);
    assert.equal(cells('v2-25m')[1], '28.0');
    assert.equal(cells('v2-25m-kv2')[1], '24.7');
    assert.equal(cells('v2-25m-kv2')[2], '2.840');
  });

  it("reads each candidate's decode against the shipped file of its own file", () => {
    for (const size of ['25m', '25m-kv2']) {
      const rows = decodeRows(size);
      const ratios = [64, 300, 700].map((c) => (rows.find((r) => r.model === 'model' && r.context === c)!.decodeMsP50 / rows.find((r) => r.model === 'baseline' && r.context === c)!.decodeMsP50).toFixed(2));
      assert.ok(cells(`v2-${size}`).at(-1)!.endsWith(`×${ratios.join(' / ')} the shipped file's`), cells(`v2-${size}`).at(-1));
    }
  });

  it('says 3× cannot be judged where the model it replaced got no exact match, and calls nothing met there', () => {
    assert.match(text, /- v2-25m-earlier, unseen-s41: next line EM 0\.100 against 0 for the model the 25m replaced \(3× not assessable\), ES \+0\.0725 ± 0\.0782 \(target \+0\.15\): not met/);
    assert.match(text, /- v2-25m-kv2, scripts-s41: next line EM 1\.00× the model the 25m replaced/);
    assert.doesNotMatch(text, /both met/);
  });

  it('compares the kv2 with the 25m trained beside it', () => {
    assert.match(text, /\| v2-25m-kv2 \| v2-25m \| unseen s41 \| -0\.100 ± 0\.069 \| -0\.138 ± 0\.080 \|/);
  });
});

describe('judge_summary.py: item 3 at exactly 3×', function () {
  this.timeout(30_000);
  it('counts whole cases, so 120 of 400 against 40 of 400 meets 3×', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hai-judged-'));
    try {
      const q = JSON.parse(readFileSync(path.join(MEASURED, 'quality-s13.json'), 'utf8'));
      // 0.3 >= 3 * 0.1 is false in floating point.
      q.systems['today+similar-model']['next-line'].exactMatch = 0.1;
      q.systems['v2-25m+similar-model']['next-line'].exactMatch = 0.3;
      writeFileSync(path.join(dir, 'quality-unseen-s13.json'), JSON.stringify(q));
      copyFileSync(path.join(MEASURED, 'paired-vs-today-s13.json'), path.join(dir, 'paired-unseen-s13-vs-today.json'));
      const text = (await run(PYTHON, [path.join(__dirname, 'judge_summary.py'), dir])).stdout;
      assert.match(text, /- v2-25m, unseen-s13: next line EM 3\.00× .* ES \+0\.1779 ± 0\.0169 \(target \+0\.15\): both met/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
