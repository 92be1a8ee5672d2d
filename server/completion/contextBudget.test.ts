import * as assert from 'node:assert/strict';
import { AUTO_CONTEXT, autoContextTokens, resolveContextBudget } from './contextBudget';

// The file's window with the default settings: 384 tokens before the cursor, 64 after.
const WINDOW = 448;

describe('the workspace context budget sized to the machine', () => {
  it('keeps the earlier fixed 192 tokens on a machine as slow as the 2-core Xeon of CI (0.55 ms per prompt token)', () => {
    assert.equal(autoContextTokens(0.55, WINDOW), 192);
    // Slower still: the minimum, not less (the context is what makes suggestions know the project).
    assert.equal(autoContextTokens(2, WINDOW), 192);
  });

  it('gives a faster machine more, in whole 64-token chunks, up to 448', () => {
    // 300 ms ÷ (0.34 ms × 1.25 for later positions) = 706 tokens, less the window's 448: 258 → 256.
    assert.equal(autoContextTokens(0.34, WINDOW), 256);
    assert.equal(autoContextTokens(0.3, WINDOW), 320);
    assert.equal(autoContextTokens(0.26, WINDOW), 448);
    assert.equal(autoContextTokens(0.05, WINDOW), 448);
    // Two threads on the 2-core Xeon (0.41–0.57 measured at load): still the minimum.
    assert.equal(autoContextTokens(0.41, WINDOW), 192);
    for (const ms of [0.33, 0.36, 0.38, 0.45]) assert.equal(autoContextTokens(ms, WINDOW) % AUTO_CONTEXT.step, 0);
  });

  it('counts the window the prompt holds besides the context', () => {
    // The same machine with a window of 128 tokens can afford more context.
    assert.ok(autoContextTokens(0.45, 128) > autoContextTokens(0.45, WINDOW));
  });

  it('takes the minimum when the speed is not known or not a speed', () => {
    for (const ms of [undefined, 0, -1, Number.NaN]) assert.equal(autoContextTokens(ms, WINDOW), 192);
    assert.equal(autoContextTokens(Number.POSITIVE_INFINITY, WINDOW), 192);
  });

  it('uses a budget the user set, whatever the speed, and says it was set', () => {
    assert.deepEqual(resolveContextBudget(320, true, 2, WINDOW, 500), { tokens: 320, auto: false });
    assert.deepEqual(resolveContextBudget(0, true, 0.26, WINDOW, 500), { tokens: 448, auto: true });
  });

  it('gives nothing with the context off, and never more than the model has room for', () => {
    assert.deepEqual(resolveContextBudget(0, false, 0.3, WINDOW, 500), { tokens: 0, auto: true });
    assert.deepEqual(resolveContextBudget(0, true, 0.3, WINDOW, 100), { tokens: 100, auto: true });
    // A 512-position model: the window and the answer leave no room.
    assert.deepEqual(resolveContextBudget(320, true, 0.3, WINDOW, -3), { tokens: 0, auto: false });
    // Under 64 tokens a context is not worth its header: none, and the status says 0.
    assert.deepEqual(resolveContextBudget(0, true, 0.3, WINDOW, 63), { tokens: 0, auto: true });
    assert.deepEqual(resolveContextBudget(32, true, 0.3, WINDOW, 500), { tokens: 0, auto: false });
    assert.deepEqual(resolveContextBudget(64, true, 0.3, WINDOW, 500), { tokens: 64, auto: false });
  });
});
