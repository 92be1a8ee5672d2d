// Warm-ups in the real engine with the tiny test model: what a user gets after a warm-up is what they
// get without one, for a fraction of the prefill, and a keystroke during a warm-up is not held back.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CompletionEngine, DEFAULT_ENGINE_SETTINGS } from './completionEngine';
import { WARM_CHUNK_TOKENS } from './warmUp';

const ROOT = path.resolve(__dirname, '..', '..');
const TINY_MODEL = path.join(ROOT, 'test', 'fixtures', 'tiny-code-model');
const TRAIN = readFileSync(path.join(ROOT, 'demo', 'train.py'), 'utf8');

/** Cursor places in demo/train.py: line starts and mid-line, with text after them (FIM) and at the end (left to right). */
const PLACES: { name: string; text: string; offset: number }[] = [
  { name: 'after "pt = np."', text: TRAIN, offset: TRAIN.indexOf('pt = np.') + 'pt = np.'.length },
  { name: 'line start in main()', text: TRAIN, offset: TRAIN.indexOf('    torch.manual_seed(0)') + 4 },
  { name: 'mid-line in roc_auc', text: TRAIN, offset: TRAIN.indexOf('ranks[order] = ') + 'ranks[order] = '.length },
  { name: 'end of a file', text: TRAIN.slice(0, TRAIN.indexOf('    mass = np.') + '    mass = np.'.length), offset: -1 },
];

async function engineWithTinyModel(): Promise<CompletionEngine> {
  const engine = new CompletionEngine(() => undefined);
  await engine.configure({ ...DEFAULT_ENGINE_SETTINGS, modelPath: TINY_MODEL, maxTokens: 8, threads: 1 });
  assert.equal(engine.modelState().state, 'loaded', JSON.stringify(engine.modelState()));
  return engine;
}

const offsetOf = (p: { text: string; offset: number }): number => (p.offset < 0 ? p.text.length : p.offset);

describe('warm-ups in the completion engine (tiny test model)', function () {
  this.timeout(30_000);
  let cold: CompletionEngine;
  let warm: CompletionEngine;
  before(async () => {
    cold = await engineWithTinyModel();
    warm = await engineWithTinyModel();
  });
  after(async () => {
    await cold?.dispose();
    await warm?.dispose();
  });

  for (const place of PLACES) {
    it(`after a warm-up, the first request prefills one token and suggests what it does cold (${place.name})`, async () => {
      const uri = `file:///work/warm-${place.name}.py`;
      const baseline = await cold.complete(uri, place.text, offsetOf(place), () => false);
      assert.ok(baseline, 'the cold request is answered');
      // The window is longer than one chunk, so the warm-up runs several and checks between them.
      assert.ok(baseline.prefilled > 2 * WARM_CHUNK_TOKENS, `a long prompt: ${baseline.prefilled} tokens`);
      const warmed = await warm.warm(uri, place.text, offsetOf(place));
      assert.equal(warmed?.reason, 'warm');
      assert.equal(warmed?.prefilled, baseline.prefilled - 1);
      const result = await warm.complete(uri, place.text, offsetOf(place), () => false);
      assert.ok(result);
      assert.equal(result.prefilled, 1, 'only the last prompt token is fed');
      assert.equal(result.text, baseline.text);
      assert.deepEqual(result.tokens, baseline.tokens);
    });
  }

  it('suggests something at some of these places, so that the comparison above compares suggestions', async () => {
    const texts = await Promise.all(PLACES.map((p) => cold.complete(`file:///work/warm-${p.name}.py`, p.text, offsetOf(p), () => false)));
    assert.ok(texts.some((r) => r && r.text !== ''), JSON.stringify(texts.map((r) => r?.text)));
  });

  it('does nothing when the document is already warm at that place', async () => {
    const uri = 'file:///work/twice.py';
    const first = await warm.warm(uri, TRAIN, 500);
    assert.equal(first?.reason, 'warm');
    const second = await warm.warm(uri, TRAIN, 500);
    assert.deepEqual([second?.reason, second?.prefilled], ['already', 0]);
  });

  it('stops after the chunk during which a request came, and the request is answered as if cold', async () => {
    const place = PLACES[0];
    const uri = 'file:///work/interrupted.py';
    const baseline = await cold.complete('file:///work/interrupted-cold.py', place.text, offsetOf(place), () => false);
    assert.ok(baseline);
    const events: string[] = [];
    let request: Promise<unknown> | undefined;
    const warming = warm
      .warm(uri, place.text, offsetOf(place), (prefilled) => {
        events.push(`chunk ${prefilled}`);
        // The keystroke arrives while the warm-up runs, as the first chunk finishes.
        request ??= warm.complete(uri, place.text, offsetOf(place), () => false).then((r) => {
          events.push('answered');
          return r;
        });
      })
      .then((r) => {
        events.push('warm-up ended');
        return r;
      });
    const warmed = await warming;
    const result = (await request) as Awaited<ReturnType<CompletionEngine['complete']>>;
    assert.deepEqual(events, [`chunk ${WARM_CHUNK_TOKENS}`, 'warm-up ended', 'answered']);
    assert.deepEqual([warmed?.reason, warmed?.prefilled], ['cancelled', WARM_CHUNK_TOKENS]);
    assert.ok(result);
    assert.equal(result.text, baseline.text);
    // The chunk the warm-up finished is not prefilled again.
    assert.equal(result.prefilled, baseline.prefilled - WARM_CHUNK_TOKENS);
  });

  it('gives way to a request that was asked for before the warm-up could start', async () => {
    const uri = 'file:///work/queued.py';
    const request = warm.complete(uri, TRAIN, 800, () => false);
    const warming = warm.warm(uri, TRAIN, 2000);
    // Both were asked for before either ran; then a newer request supersedes the warm-up before it starts.
    const later = warm.complete(uri, TRAIN, 790, () => false);
    assert.equal(await warming, undefined);
    assert.equal(await request, undefined, 'the older request is superseded by the newer one, as without warm-ups');
    assert.ok(await later);
  });

  it('gives way to a request for the same text and place as the one in progress, which shares its run', async () => {
    const uri = 'file:///work/joined.py';
    const before = warm.counters()?.requests ?? 0;
    // The editor's list and its inline request after a `.` (sharedAnswer.ts): one run answers both.
    // Each is told the text as it is generated (the list needs only the name at its start).
    const told: string[] = [];
    const list = warm.complete(uri, TRAIN, 800, () => false, (text) => told.push(text));
    const warming = warm.warm(uri, TRAIN, 2000);
    const toldInline: string[] = [];
    const inline = warm.complete(uri, TRAIN, 800, () => false, (text) => toldInline.push(text));
    assert.equal(await warming, undefined);
    const [a, b] = await Promise.all([list, inline]);
    assert.ok(a);
    assert.equal(b, a);
    assert.equal((warm.counters()?.requests ?? 0) - before, 1);
    assert.ok(told.length > 0 && told.every((t, i) => i === 0 || t.startsWith(told[i - 1].slice(0, -1))), JSON.stringify(told));
    assert.deepEqual(toldInline, told, 'the request that joined is told the same text');
  });
});
