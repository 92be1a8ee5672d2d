// Hub catalogs: the built-in one validates completely; bad entries and bad hubs are reported and
// left out while the rest loads; hubs merge with each entry naming its hub.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILT_IN_HUB, findLocalWeight, hubDisplayName, mergeCatalogs, parseCatalog } from './catalog';
import { entryDirOf } from './hubTargets';
import { english } from '../text/message';
import { inChinese } from '../testing/inChinese';

const BUILT_IN = readFileSync(path.join(__dirname, '..', '..', 'hub', 'catalog.json'), 'utf8');

const model = (id: string, extra: object = {}) => ({
  id,
  name: id,
  task: 'jet-tagging',
  description: 'test',
  sources: [{ url: 'https://example.org/paper', for: 'everything' }],
  ...extra,
});

describe('hub catalog', () => {
  it('validates the built-in catalog completely: nine models (two of them code models) and three datasets, every one with sources', () => {
    const c = parseCatalog(BUILT_IN, 'built-in');
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.models.map((m) => m.id), ['particle-transformer', 'particlenet', 'pfn', 'p-cnn', 'resnet', 'yolov5', 'unet', 'qwen2-5-coder-1-5b', 'tiny-starcoder-py']);
    assert.deepEqual(c.datasets.map((d) => d.id), ['jetclass', 'toplandscape', 'quarkgluon']);
    assert.ok([...c.models, ...c.datasets].every((e) => e.sources.length > 0 && e.hub === 'HAI built-in'));
  });

  it('holds the published figures with their source', () => {
    const c = parseCatalog(BUILT_IN, 'built-in');
    const result = (id: string, metric: string) => c.models.find((m) => m.id === id)?.results?.find((r) => r.metric === metric);
    assert.equal(result('particle-transformer', 'accuracy')?.value, 0.861);
    assert.equal(result('particle-transformer', 'AUC')?.value, 0.9877);
    assert.equal(result('particlenet', 'AUC')?.value, 0.9849);
    assert.equal(result('pfn', 'accuracy')?.value, 0.772);
    assert.match(result('pfn', 'accuracy')?.source ?? '', /2202\.03772/);
    const jetclass = c.datasets.find((d) => d.id === 'jetclass')!;
    assert.equal(jetclass.record?.zenodo, '6619768');
    assert.deepEqual(jetclass.splits?.map((s) => s.count), [100_000_000, 5_000_000, 20_000_000]);
    assert.equal(jetclass.labels?.length, 10);
    assert.ok(jetclass.files.every((f) => /^[0-9a-f]{32}$/.test(f.md5 ?? '')), 'every JetClass file has its md5');
  });

  it('keeps the good entries of a catalog with bad ones, and says which and why', () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      name: 'lab hub',
      models: [
        model('good'),
        model('no-sources', { sources: [] }),
        model('bad-task', { task: 'astrology' }),
        model('good'),
        'not an object',
        model('climbs-out', { task: 'code-completion', completion: { fim: 'qwen' }, weights: [{ name: 'model.onnx', folder: '..', url: 'https://e.org/m.onnx' }] }),
      ],
      datasets: [{ id: 'ds', name: 'DS', description: 'd', format: 'root', files: [{ name: 'a.root', url: 'not a url' }], sources: [{ url: 'https://e.org', for: 'x' }] }],
    });
    const c = parseCatalog(text, 'https://hub.example/catalog.json');
    assert.deepEqual(c.models.map((m) => m.id), ['good']);
    assert.deepEqual(c.datasets, []);
    const byEntry = Object.fromEntries(c.problems.map((p) => [p.entry, p.message]));
    assert.match(byEntry['no-sources'], /sources must list at least one item/);
    assert.match(byEntry['bad-task'], /\/task must be one of "jet-tagging", .*"code-completion"/);
    // In our words, so that a Chinese user reads them in Chinese too.
    const noSources = c.problems.find((p) => p.entry === 'no-sources')!;
    assert.match(inChinese(noSources.text), /\/sources 必须至少列出一项/);
    assert.match(byEntry['good'], /A second model with the id "good"/);
    assert.match(byEntry['model #5'], /invalid/);
    assert.match(byEntry['climbs-out'], /folder must match pattern/, 'a file folder is one plain name: never .. or a path');
    assert.match(byEntry['ds'], /url must be an http\(s\) URL/);
    assert.ok(c.problems.every((p) => p.hub === 'lab hub'));
  });

  it('reports a hub that is not a catalog: a web page, broken JSON, another schema version', () => {
    assert.match(parseCatalog('<!DOCTYPE html><html>Sign in</html>', 'https://hub').problems[0].message, /web page/);
    assert.match(parseCatalog('{"schemaVersion": 1,', 'https://hub').problems[0].message, /not valid JSON/);
    assert.match(parseCatalog('{"schemaVersion": 2, "name": "x"}', 'https://hub').problems[0].message, /not a version-1/);
    assert.equal(parseCatalog('{"schemaVersion": 2, "name": "x"}', 'https://hub').problems[0].hub, 'https://hub');
  });

  it('merges hubs; the same id from two hubs stays twice, each naming its hub', () => {
    const other = parseCatalog(JSON.stringify({ schemaVersion: 1, name: 'IHEP', models: [model('particle-transformer')] }), 'ihep');
    const broken = parseCatalog('oops', 'https://down.example');
    const all = mergeCatalogs([parseCatalog(BUILT_IN, 'built-in'), other, broken]);
    assert.deepEqual(all.models.filter((m) => m.id === 'particle-transformer').map((m) => m.hub), ['HAI built-in', 'IHEP']);
    assert.equal(all.datasets.length, 3);
    assert.deepEqual(all.problems.map((p) => p.hub), ['https://down.example']);
  });

  it('names the built-in hub in the user\'s language where it is shown, and keeps its id (download folders) as it is', () => {
    const ParT = parseCatalog(BUILT_IN, BUILT_IN_HUB).models.find((m) => m.id === 'particle-transformer')!;
    assert.equal(ParT.hub, 'HAI built-in');
    const shown = hubDisplayName(ParT.hub);
    assert.equal(typeof shown === 'string' ? shown : english(shown), 'HAI built-in');
    assert.ok(typeof shown !== 'string', 'a message, translated where it is shown');
    // The Hub view's rows in Chinese ("jet tagging · HAI built-in" before): no English hub name.
    assert.equal(inChinese(shown), 'HAI 内置');
    // Other hubs are shown as their catalogs name them.
    assert.equal(hubDisplayName('IHEP'), 'IHEP');
    // The folder of its downloads still comes from the id, not from what is shown.
    assert.equal(entryDirOf({ kind: 'model', entry: ParT }, '/d'), path.join('/d', 'weights', 'particle-transformer'));
  });

  it('marks an id that two hubs have with the other hubs, and leaves out a second hub of the same name with the same id', () => {
    const hub = (name: string, ids: string[]) => parseCatalog(JSON.stringify({ schemaVersion: 1, name, models: ids.map((id) => model(id)) }), name);
    const all = mergeCatalogs([hub('Lab A', ['particlenet', 'only-a']), hub('Lab B', ['particlenet']), hub('Lab A', ['particlenet', 'second-a'])]);
    assert.deepEqual(
      all.models.map((m) => [m.hub, m.id, m.alsoIn]),
      [
        ['Lab A', 'particlenet', ['Lab B']],
        ['Lab A', 'only-a', undefined],
        ['Lab B', 'particlenet', ['Lab A']],
        ['Lab A', 'second-a', undefined],
      ],
    );
    assert.deepEqual(all.problems.map((p) => [p.hub, p.entry]), [['Lab A', 'particlenet']]);
    assert.match(all.problems[0].message, /Two hubs are named "Lab A" and both have a model "particlenet".*another "name"/);
  });

  it('refuses the file names "." and "..", which would make a download replace the model\'s folder', () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      name: 'dots',
      models: [model('dot', { weights: [{ name: '.', url: 'https://e.org/w.pt' }] }), model('dotdot', { weights: [{ name: '..', url: 'https://e.org/w.pt' }] }), model('fine', { weights: [{ name: '..w.pt', url: 'https://e.org/w.pt' }] })],
      datasets: [{ id: 'ds', name: 'DS', description: 'd', format: 'root', files: [{ name: '..', url: 'https://e.org/a.root' }], sources: [{ url: 'https://e.org', for: 'x' }] }],
    });
    const c = parseCatalog(text, 'https://hub.example/catalog.json');
    assert.deepEqual(c.models.map((m) => m.id), ['fine']);
    assert.deepEqual(c.datasets, []);
    assert.deepEqual(c.problems.map((p) => p.entry), ['dot', 'dotdot', 'ds']);
    for (const p of c.problems) assert.match(p.message, /(\/weights\/0\/name|\/files\/0\/name) must be a single file name: no "\/" or "\\", not "\." or "\.\."/);
  });

  it('refuses file names that would collide with HAI\'s own files beside the downloads, in any case, and says why', () => {
    // A file "x.part" would be the partial file of a download of "x"; ".hai-extracted" is where
    // extractions are recorded, and so on.
    const reserved = ['.hai-extracted', '.HAI-extract-a.tar.lock', 'JetClass_part0.tar.part', 'a.root.PART.Json', 'w.pt.part.lock', 'w.pt.part.lock.break'];
    const fine = ['a.partition.root', 'part.tar', 'model.hai-v2.pt', '.hai', 'x.part.jsonl'];
    const files = [...reserved, ...fine].map((name) => ({ name, url: 'https://e.org/f' }));
    const text = JSON.stringify({
      schemaVersion: 1,
      name: 'clash',
      models: files.map((f, i) => model(`m${i}`, { weights: [f] })),
      datasets: [{ id: 'ds', name: 'DS', description: 'd', format: 'root', files: [{ name: 'train.tar', url: 'https://e.org/t' }, { name: 'train.tar.part', url: 'https://e.org/t' }], sources: [{ url: 'https://e.org', for: 'x' }] }],
    });
    const c = parseCatalog(text, 'https://hub.example/catalog.json');
    assert.deepEqual(c.models.map((m) => m.weights?.[0].name), fine);
    assert.deepEqual(c.datasets, []);
    assert.deepEqual(c.problems.map((p) => p.entry), [...reserved.map((_, i) => `m${i}`), 'ds']);
    for (const p of c.problems) {
      assert.match(p.message, /\/(weights|files)\/\d\/name is a name HAI uses for its own files beside the downloads: a file name must not start with "\.hai-" or end in "\.part", "\.part\.json" or "\.part\.lock"/);
    }
    assert.match(c.problems.at(-1)!.message, /\/files\/1\/name/, 'the entry names the file at fault');
  });

  it('takes only http(s) URLs from a hub on the network: data:, vscode:, javascript: and file: are refused where they appear', () => {
    const bad = ['data:application/octet-stream;base64,AAAA', 'vscode:extension/evil.publisher', 'javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.terminal.new'];
    const at: [string, (url: string) => object][] = [
      ['code', (url) => ({ code: url })],
      ['source', (url) => ({ sources: [{ url, for: 'x' }] })],
      ['config', (url) => ({ configs: [{ name: 'n', kind: 'network', url }] })],
      ['data config', (url) => ({ featureSets: [{ name: 'kin', description: 'd', dataConfig: url }] })],
      ['weights', (url) => ({ weights: [{ name: 'w.pt', url }] })],
      ['recipe', (url) => ({ recipe: { framework: 'weaver', dataset: 'JetClass', args: [], source: url } })],
    ];
    const models = bad.flatMap((url, i) => at.map(([, extra], j) => model(`m-${i}-${j}`, extra(url))));
    const text = JSON.stringify({ schemaVersion: 1, name: 'remote', models: [...models, model('ok', { code: 'HTTPS://github.com/x', weights: [{ name: 'w.pt', url: 'http://e.org/w.pt' }] })] });
    const c = parseCatalog(text, 'https://hub.example/catalog.json');
    assert.deepEqual(c.models.map((m) => m.id), ['ok']);
    assert.equal(c.problems.length, models.length);
    for (const p of c.problems) assert.match(p.message, /must be an http\(s\) URL/, p.message);
    const dataset = (url: string) => ({ id: 'ds', name: 'DS', description: 'd', format: 'root', record: { url }, files: [], sources: [{ url: 'https://e.org', for: 'x' }] });
    assert.match(parseCatalog(JSON.stringify({ schemaVersion: 1, name: 'r', datasets: [dataset('vscode:x')] }), 'r').problems[0]?.message ?? '', /record\/url must be an http\(s\) URL/);
  });

  it('lets a hub read from a local file link to local files, but download only over http(s)', () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      name: 'lab',
      models: [
        model('local-links', { code: 'file:///cvmfs/lab/tagger', sources: [{ url: 'file:///home/lab/paper.pdf', for: 'x' }] }),
        model('local-weights', { weights: [{ name: 'w.pt', url: 'file:///eos/w.pt' }] }),
        model('data-link', { code: 'data:text/html,<b>x</b>' }),
      ],
    });
    const local = parseCatalog(text, '/home/lab/hub.json', { local: true });
    assert.deepEqual(local.models.map((m) => m.id), ['local-links']);
    assert.match(local.problems.find((p) => p.entry === 'local-weights')?.message ?? '', /weights\/0\/url must be an http\(s\) URL/);
    assert.match(local.problems.find((p) => p.entry === 'data-link')?.message ?? '', /code must be an http\(s\) or file: URL/);
    assert.deepEqual(parseCatalog(text, 'https://hub.example/catalog.json').models, []);
  });

  it('finds weights in ~/.hai/weights/<model>/ and in configured folders', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'hai-home-'));
    try {
      const extra = path.join(home, 'extra');
      mkdirSync(path.join(home, '.hai', 'weights', 'particlenet'), { recursive: true });
      mkdirSync(path.join(extra, 'pfn'), { recursive: true });
      writeFileSync(path.join(home, '.hai', 'weights', 'particlenet', 'ParticleNet_kin.pt'), 'x');
      writeFileSync(path.join(extra, 'pfn', 'pfn.pt'), 'x');
      assert.equal(findLocalWeight('particlenet', 'ParticleNet_kin.pt', [extra], home), path.join(home, '.hai', 'weights', 'particlenet', 'ParticleNet_kin.pt'));
      assert.equal(findLocalWeight('pfn', 'pfn.pt', [extra], home), path.join(extra, 'pfn', 'pfn.pt'));
      assert.equal(findLocalWeight('pfn', 'missing.pt', [extra], home), undefined);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
