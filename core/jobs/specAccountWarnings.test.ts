import * as assert from 'node:assert/strict';
import { english } from '../text/message';
import type { Accounting } from './backend';
import { parseJobSpec } from './jobSpec';
import { accountWarnings } from './specAccountWarnings';

const ACCOUNTING: Accounting = {
  user: 'alice',
  associations: [
    { account: 'physics', qos: ['high', 'normal'], defaultQos: 'normal', isDefault: true },
    { account: 'ml', partition: 'long', qos: ['gpu-debug', 'normal'], isDefault: false },
  ],
  qos: [],
};

/** The warnings of a spec with these slurm lines, as text with the value they underline. */
function warnings(slurm: string[], accounting = ACCOUNTING, defaultPartition = 'debug'): [string, string, string | undefined][] {
  const text = ['name: t', 'command: [python3, train.py]', 'backend: slurm-cli', 'slurm:', ...slurm.map((l) => `  ${l}`), ''].join('\n');
  const parsed = parseJobSpec(text);
  assert.ok(parsed.ok, 'a valid spec');
  return accountWarnings(text, parsed.spec, accounting, defaultPartition).map((w) => [english(w.text), text.slice(w.start, w.end), w.replacement]);
}

describe('account and QOS warnings in a job spec', () => {
  it('says nothing of an account and QOS the user has there', () => {
    assert.deepEqual(warnings(['account: physics', 'qos: high']), []);
    assert.deepEqual(warnings(['partition: long', 'account: ml', 'qos: gpu-debug']), []);
    assert.deepEqual(warnings(['qos: normal']), [], 'the default account’s QOS');
  });

  it('points at an account the user does not have, with the one meant or all of theirs', () => {
    assert.deepEqual(warnings(['account: phyiscs']), [['You have no account "phyiscs" on this cluster. Did you mean "physics"?', 'phyiscs', 'physics']]);
    // Not "ml" for "cms": two edits are too many for a name that short.
    assert.deepEqual(warnings(['account: cms', 'qos: high']), [
      ['You have no account "cms" on this cluster. Yours: physics (default; QOS high, normal); ml (only on partition long; QOS gpu-debug, normal).', 'cms', undefined],
    ]);
  });

  it('points at an account limited to another partition than the job’s', () => {
    assert.deepEqual(warnings(['account: ml']), [['Account "ml" works only on partition long; this job goes to debug.', 'ml', undefined]]);
    assert.deepEqual(warnings(['partition: long', 'account: ml']), []);
  });

  it('points at a QOS the account does not allow there, with the one meant', () => {
    assert.deepEqual(warnings(['account: physics', 'qos: gpu-debug']), [['Account physics does not allow QOS "gpu-debug" here; it allows normal, high.', 'gpu-debug', undefined]]);
    assert.deepEqual(warnings(['partition: long', 'account: ml', 'qos: gpu-debg']), [['Account ml does not allow QOS "gpu-debg" here; it allows normal, gpu-debug.', 'gpu-debg', 'gpu-debug']]);
  });

  it('warns of nothing for a user the cluster has no association for (accounts may not be enforced)', () => {
    assert.deepEqual(warnings(['account: anything'], { user: 'bob', associations: [], qos: [] }), []);
  });
});
