// The training-log grammar (syntaxes/hai-log.tmLanguage.json), run by the same TextMate engine and
// Oniguruma build that VS Code uses: which scopes (and so which colours) the log's parts get.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type StateStack } from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '..', '..');

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async () => {
      const file = path.join(ROOT, 'syntaxes', 'hai-log.tmLanguage.json');
      return parseRawGrammar(readFileSync(file, 'utf8'), file);
    },
  });
  const grammar = await registry.loadGrammar('text.log.hai');
  if (!grammar) throw new Error('grammar did not load');
  return grammar;
}

/** Each line's tokens as [text, innermost scope]. */
function tokenize(grammar: IGrammar, text: string): [string, string][][] {
  let state: StateStack = INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]] as [string, string]).filter(([s]) => s.trim() !== '');
  });
}

function scopeOf(lines: [string, string][][], text: string): string {
  for (const line of lines) for (const [t, scope] of line) if (t === text) return scope;
  throw new Error(`no token "${text}" in ${JSON.stringify(lines)}`);
}

describe('training log grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  it('marks weaver’s epochs, timestamps, levels and metric values', () => {
    const lines = tokenize(grammar, [
      '[2026-11-28 10:00:00,002] INFO: Epoch #3 training',
      '[2026-11-28 10:10:00,001] INFO: Train AvgLoss: 0.60000, AvgAcc: 0.70000',
      '[2026-11-28 10:11:00,002] INFO: Epoch #3: Current validation metric: 0.72000 (best: 0.72000)',
      '[2026-11-28 10:11:00,003] WARNING: Loss function not defined',
    ].join('\n'));
    assert.equal(scopeOf(lines, '[2026-11-28 10:00:00,002]'), 'comment.timestamp.hai-log');
    assert.equal(scopeOf(lines, 'INFO:'), 'keyword.other.level.hai-log');
    assert.equal(scopeOf(lines, 'Epoch #3 training'), 'markup.heading.epoch.hai-log');
    assert.equal(scopeOf(lines, 'AvgLoss'), 'variable.other.metric.hai-log');
    assert.equal(scopeOf(lines, '0.60000'), 'constant.numeric.metric.hai-log');
    assert.equal(scopeOf(lines, 'Epoch #3: Current validation metric: 0.72000 (best: 0.72000)'), 'markup.heading.epoch.hai-log');
    assert.equal(scopeOf(lines, 'WARNING:'), 'markup.changed.level.warning.hai-log');
  });

  it('marks a Python traceback: its frames, their files and lines, and the exception', () => {
    const lines = tokenize(grammar, [
      'epoch   2  train_loss 0.6274  val_loss 0.5768  val_acc 0.877',
      'Traceback (most recent call last):',
      '  File "/home/u/train.py", line 42, in main',
      '    loss.backward()',
      'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB',
      'epoch   3  train_loss 0.5449',
    ].join('\n'));
    assert.equal(scopeOf(lines, 'Traceback (most recent call last):'), 'invalid.illegal.traceback.hai-log');
    assert.equal(scopeOf(lines, '/home/u/train.py'), 'string.quoted.double.path.hai-log');
    assert.equal(scopeOf(lines, '42'), 'constant.numeric.line.hai-log');
    assert.equal(scopeOf(lines, 'main'), 'entity.name.function.hai-log');
    assert.equal(scopeOf(lines, 'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB'), 'invalid.illegal.exception.hai-log');
    // After the traceback, ordinary lines are ordinary again.
    assert.equal(lines[5][0][1], 'markup.heading.epoch.hai-log');
    assert.equal(scopeOf(lines, 'val_acc'), 'variable.other.metric.hai-log');
  });

  it('marks Python warnings, our own lines and progress bars', () => {
    const lines = tokenize(grammar, [
      '/usr/lib/python3/dist-packages/torch/cuda/__init__.py:83: UserWarning: CUDA initialization: no NVIDIA driver',
      '[HAI] job demo started on vm at 2026-11-28 10:00:00',
      ' 50%|█████     | 10000/20000 [05:00<05:00, 33.3it/s, lr=1.00e-03]',
    ].join('\n'));
    assert.equal(scopeOf(lines, 'UserWarning: CUDA initialization: no NVIDIA driver'), 'markup.changed.warning.hai-log');
    assert.equal(scopeOf(lines, '[HAI] job demo started on vm at 2026-11-28 10:00:00'), 'comment.line.hai.hai-log');
    assert.equal(lines[2].at(-1)?.[1], 'comment.progress.hai-log');
  });
});
