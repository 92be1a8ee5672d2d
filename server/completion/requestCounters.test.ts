// hai/status's counters: what a request's generation passes add up to.
import * as assert from 'node:assert/strict';
import type { GenerateResult } from './generator';
import { RequestCounters } from './requestCounters';

const pass = (over: Partial<GenerateResult>): GenerateResult => ({
  text: '', tokens: [], prefilled: 0, reason: 'stopString', prefillMs: 0, decodeMs: 0, steps: 0, drafted: 0, accepted: 0, forcedTokens: 0, lastLineWhole: true, ...over,
});

describe('request counters', () => {
  it('count decoded tokens after the prefill, and of a pass with forced tokens only those it chose', () => {
    const counters = new RequestCounters();
    assert.equal(counters.counters(), undefined);
    // A first answer of 6 tokens, then a second pass that took 4 of them again (forced) and chose 3 more.
    counters.generated(30, [
      pass({ tokens: [1, 2, 3, 4, 5, 6], prefilled: 20, prefillMs: 8, decodeMs: 10, accepted: 2 }),
      pass({ tokens: [1, 2, 3, 9, 10, 11, 12], prefilled: 1, prefillMs: 2, decodeMs: 7, forcedTokens: 4 }),
    ]);
    counters.repeated(1);
    assert.deepEqual(counters.counters(), { requests: 2, prefillTokens: 21, prefillMs: 10, decodeTokens: 5 + 3, decodeMs: 17, guessedTokens: 2, repeatedLines: 1 });
    assert.deepEqual(counters.latencySummary(), { requests: 2, window: 2, p50: 1, p95: 30, p99: 30 });
    counters.reset();
    assert.equal(counters.counters(), undefined, 'a new model starts the totals again');
  });
});
