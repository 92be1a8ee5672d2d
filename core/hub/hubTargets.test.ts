// The hub's files as targets: what a model or dataset offers, where each file goes, which checksum
// verifies it, which entries a filter shows, and the paper figures a template job is compared with.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILT_IN_HUB, parseCatalog } from './catalog';
import {
  archiveKindOfTarget,
  catalogTargets,
  checksumOf,
  completionModelDir,
  datasetTargets,
  destinationOf,
  entryDirOf,
  hubFolderName,
  hubReferences,
  matchesFilter,
  modelTargets,
  normalizeFilter,
  resolveDownloadDir,
} from './hubTargets';

const catalog = parseCatalog(readFileSync(path.join(__dirname, '..', '..', 'hub', 'catalog.json'), 'utf8'), 'built-in');
const model = (id: string) => catalog.models.find((m) => m.id === id)!;
const dataset = (id: string) => catalog.datasets.find((d) => d.id === id)!;

describe('hub targets', () => {
  it('lists every weight file of every model, then every file of every dataset, each with its entry', () => {
    const targets = catalogTargets(catalog);
    const weights = catalog.models.reduce((n, m) => n + (m.weights?.length ?? 0), 0);
    const files = catalog.datasets.reduce((n, d) => n + d.files.length, 0);
    assert.equal(targets.length, weights + files);
    assert.ok(targets.slice(0, weights).every((t) => t.owner.kind === 'model' && t.owner.entry.weights?.includes(t.file)));
    assert.ok(targets.slice(weights).every((t) => t.owner.kind === 'dataset' && t.owner.entry.files.includes(t.file)));
    assert.deepEqual(datasetTargets(dataset('jetclass')).map((t) => t.file.name), dataset('jetclass').files.map((f) => f.name));
    assert.deepEqual(modelTargets({ ...model('pfn'), weights: undefined }), []);
  });

  it('names a hub in download paths by a plain form of its name, with a hash where that changed the name', () => {
    assert.equal(hubFolderName('ihep'), 'ihep');
    assert.match(hubFolderName('Lab A'), /^lab-a-[0-9a-f]{8}$/);
    assert.notEqual(hubFolderName('Lab A'), hubFolderName('LAB A'), 'one folder on a case-insensitive disk otherwise');
    assert.notEqual(hubFolderName('lab a'), hubFolderName('lab-a-'));
    assert.match(hubFolderName('高能所 / 实验室'), /^高能所-实验室-[0-9a-f]{8}$/);
    assert.match(hubFolderName('../..'), /^hub-[0-9a-f]{8}$/);
  });

  it('gives an id that two hubs have a folder per hub, and the code model folder with it', () => {
    const a = { ...model('particlenet'), hub: 'ihep', alsoIn: ['Lab B'] };
    assert.equal(destinationOf(modelTargets(a)[0], '/d'), path.join('/d', 'weights', 'particlenet@ihep', a.weights![0].name));
    assert.equal(destinationOf(modelTargets(model('particlenet'))[0], '/d'), path.join('/d', 'weights', 'particlenet', a.weights![0].name));
    const code = { ...catalog.models.find((m) => m.completion)!, hub: 'Lab B' };
    assert.equal(completionModelDir({ ...code, alsoIn: ['x'] }, '/d'), path.join('/d', 'weights', `${code.id}@${hubFolderName(code.hub)}`));
    // The built-in catalog's entries keep their folder, so that what they downloaded before stays found.
    const builtIn = { ...model('particlenet'), hub: BUILT_IN_HUB, alsoIn: ['Lab B'] };
    assert.equal(entryDirOf({ kind: 'model', entry: builtIn }, '/d'), path.join('/d', 'weights', 'particlenet'));
  });

  it('puts weights under <dir>/weights/<model>/ and dataset files under <dir>/datasets/<dataset>/', () => {
    const [weight] = modelTargets(model('particlenet'));
    const [part] = datasetTargets(dataset('jetclass'));
    assert.equal(destinationOf(weight, '/data/hai'), path.join('/data/hai', 'weights', 'particlenet', weight.file.name));
    assert.equal(destinationOf(part, '/data/hai'), path.join('/data/hai', 'datasets', 'jetclass', part.file.name));
  });

  it('downloads a code model as a model folder the completion engine loads, its ONNX file verified', () => {
    const code = catalog.models.filter((m) => m.completion);
    assert.deepEqual(code.map((m) => [m.id, m.task, m.completion?.fim]), [
      ['qwen2-5-coder-1-5b', 'code-completion', 'qwen'],
      ['tiny-starcoder-py', 'code-completion', 'starcoder'],
    ]);
    for (const m of code) {
      const dir = completionModelDir(m, '/data/hai');
      assert.equal(dir, path.join('/data/hai', 'weights', m.id));
      const places = modelTargets(m).map((t) => path.relative(dir, destinationOf(t, '/data/hai')).split(path.sep).join('/'));
      assert.ok(places.includes('config.json') && places.includes('tokenizer.json'), m.id);
      const onnx = modelTargets(m).filter((t) => t.file.folder === 'onnx');
      assert.equal(onnx.length, 1, `${m.id}: one ONNX file`);
      assert.equal(checksumOf(onnx[0].file)?.algorithm, 'sha256', `${m.id}: the ONNX file is verified`);
    }
  });

  it('reads the download folder setting: empty is ~/.hai, ~/ is the home folder, anything else as written', () => {
    assert.equal(resolveDownloadDir('', '/home/u'), path.join('/home/u', '.hai'));
    assert.equal(resolveDownloadDir('  ', '/home/u'), path.join('/home/u', '.hai'));
    assert.equal(resolveDownloadDir('~/big/hai', '/home/u'), path.join('/home/u', 'big', 'hai'));
    assert.equal(resolveDownloadDir('/scratch/hai'), '/scratch/hai');
    assert.equal(resolveDownloadDir(''), path.join(os.homedir(), '.hai'));
  });

  it('verifies with sha256 when the catalog gives it, else md5, else not at all', () => {
    const both = { name: 'f', url: 'https://e.org/f', md5: 'a'.repeat(32), sha256: 'b'.repeat(64) };
    assert.deepEqual(checksumOf(both), { algorithm: 'sha256', value: 'b'.repeat(64) });
    assert.deepEqual(checksumOf({ ...both, sha256: undefined }), { algorithm: 'md5', value: 'a'.repeat(32) });
    assert.equal(checksumOf({ name: 'f', url: 'https://e.org/f' }), undefined);
  });

  it('knows archives by their name, else by what the dataset says, and never for weights', () => {
    const jet = dataset('jetclass');
    const t = (name: string, archive: 'tar' | undefined) => ({ owner: { kind: 'dataset' as const, entry: { ...jet, archive } }, file: { name, url: 'https://e.org/x' } });
    assert.equal(archiveKindOfTarget(t('a.tar.gz', undefined)), 'tar.gz');
    assert.equal(archiveKindOfTarget(t('a.zip', undefined)), 'zip');
    assert.equal(archiveKindOfTarget(t('part-1', 'tar')), 'tar');
    assert.equal(archiveKindOfTarget(t('a.root', undefined)), undefined);
    assert.equal(archiveKindOfTarget({ owner: { kind: 'model', entry: model('pfn') }, file: { name: 'w.tar', url: 'https://e.org/w.tar' } }), undefined);
  });

  it('filters by every word, in any case, over id, name, description and task or format', () => {
    const f = (text: string) => normalizeFilter(text);
    assert.ok(matchesFilter(model('particle-transformer'), f('')));
    assert.ok(matchesFilter(model('particle-transformer'), f('  JET-tagging  Transformer ')));
    assert.ok(!matchesFilter(model('particle-transformer'), f('jet-tagging yolo')));
    assert.ok(matchesFilter(dataset('jetclass'), f('root')));
    assert.ok(!matchesFilter(dataset('toplandscape'), f('root')));
    assert.deepEqual(catalog.models.filter((m) => matchesFilter(m, f('detection'))).map((m) => m.id), ['yolov5']);
  });

  it("gives a template job the published accuracies of its model on its dataset, each with the feature set and source", () => {
    const refs = hubReferences(catalog.models, { model: 'particle-transformer', dataset: 'jetclass' });
    assert.equal(refs.length, 1, 'the accuracy, not the AUC');
    assert.ok(refs.every((r) => r.metric === 'accuracy' && r.label.startsWith('Particle Transformer (ParT)')));
    assert.equal(refs[0].value, 0.861);
    assert.match(refs[0].label, /^Particle Transformer \(ParT\) \(full\), /);
    assert.deepEqual(hubReferences(catalog.models, { model: 'particle-transformer', dataset: 'Nowhere' }), []);
    assert.deepEqual(hubReferences(catalog.models, { model: 'no-such-model', dataset: 'jetclass' }), []);
    assert.deepEqual(hubReferences(catalog.models, undefined), []);
  });
});
