import * as assert from 'node:assert/strict';
import { english } from '../text/message';
import type { Accounting, PartitionInfo } from './backend';
import { parseJobSpec } from './jobSpec';
import { clusterWarnings } from './specClusterWarnings';

const ACCOUNTING: Accounting = {
  user: 'alice',
  associations: [
    { account: 'physics', qos: ['high', 'normal'], defaultQos: 'normal', isDefault: true },
    { account: 'ml', partition: 'long', qos: ['gpu-debug', 'normal'], isDefault: false },
  ],
  qos: [{ name: 'high', maxWall: '2-00:00:00' }, { name: 'normal', maxWall: '12:00:00' }],
};

const PARTITIONS: PartitionInfo[] = [
  { name: 'debug', isDefault: true, up: true, gres: [], timeLimit: '7-00:00:00' },
  { name: 'long', isDefault: false, up: true, gres: [], timeLimit: 'infinite' },
  { name: 'short', isDefault: false, up: true, gres: [], timeLimit: '30:00' },
];

/** The warnings of a spec with these slurm lines, as text with the value they underline. */
function warnings(slurm: string[], accounting: Accounting | null = ACCOUNTING, time?: string): [string, string, string | undefined][] {
  const lines = ['name: t', 'command: [python3, train.py]', 'backend: slurm-cli', ...(time ? ['resources:', `  time: "${time}"`] : []), ...(slurm.length > 0 ? ['slurm:', ...slurm.map((l) => `  ${l}`)] : []), ''];
  const text = lines.join('\n');
  const parsed = parseJobSpec(text);
  assert.ok(parsed.ok, 'a valid spec');
  return clusterWarnings(text, parsed.spec, { partitions: PARTITIONS, accounting: accounting ?? undefined }).map((w) => [english(w.text), text.slice(w.start, w.end), w.replacement]);
}

describe('cluster warnings in a job spec: account, QOS, time limit', () => {
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
    assert.deepEqual(warnings(['partition: debug', 'account: ml']), [['Account "ml" works only on partition long; this job goes to debug.', 'ml', undefined]]);
    assert.deepEqual(warnings(['partition: long', 'account: ml']), []);
    // No partition in the spec: Submit asks for one, so nothing is said of partitions yet.
    assert.deepEqual(warnings(['account: ml']), []);
  });

  it('points at a QOS the account does not allow there, with the one meant', () => {
    assert.deepEqual(warnings(['account: physics', 'qos: gpu-debug']), [['Account physics does not allow QOS "gpu-debug" here; it allows normal, high.', 'gpu-debug', undefined]]);
    assert.deepEqual(warnings(['partition: long', 'account: ml', 'qos: gpu-debg']), [['Account ml does not allow QOS "gpu-debg" here; it allows normal, gpu-debug.', 'gpu-debg', 'gpu-debug']]);
  });

  it('points at a time longer than the partition or the QOS lets a job run', () => {
    assert.deepEqual(warnings(['partition: short'], null, '1:00:00'), [['Partition short lets a job run 30:00 at most; this one asks for 1:00:00. Ask for less time, or another partition.', '"1:00:00"', undefined]]);
    assert.deepEqual(warnings(['partition: debug'], null, '8-00:00:00').map((w) => w[0]), ['Partition debug lets a job run 7-00:00:00 at most; this one asks for 8-00:00:00. Ask for less time, or another partition.']);
    // No partition named: Submit will ask, so no partition's limit; the default account's default QOS (normal, 12 h) still holds.
    assert.deepEqual(warnings([], null, '8-00:00:00'), []);
    assert.deepEqual(warnings([], ACCOUNTING, '1-00:00:00').map((w) => w[0]), ['QOS normal lets a job run 12:00:00 at most; this one asks for 1-00:00:00. Ask for less time, or a QOS that allows more.']);
    assert.deepEqual(warnings(['qos: high'], ACCOUNTING, '1-00:00:00'), []);
    // An unlimited partition, a QOS without MaxWall (gpu-debug), or a wrong account: nothing more to say of the time.
    assert.deepEqual(warnings(['partition: long', 'account: ml', 'qos: gpu-debug'], ACCOUNTING, '30-00:00:00'), []);
    assert.deepEqual(warnings(['account: nosuch'], ACCOUNTING, '1-00:00:00').length, 1);
  });

  it('says only what the cluster enforces (AccountingStorageEnforce), and takes account names in any case', () => {
    const only = (enforce: string[]): Accounting => ({ ...ACCOUNTING, enforce });
    // Associations only: a wrong account is refused; a QOS not allowed and a QOS's MaxWall are not.
    assert.equal(warnings(['account: phyiscs'], only(['associations'])).length, 1);
    assert.deepEqual(warnings(['account: physics', 'qos: gpu-debug'], only(['associations']), '1-00:00:00'), []);
    assert.equal(warnings(['account: physics', 'qos: gpu-debug'], only(['associations', 'qos'])).length, 1);
    assert.equal(warnings(['account: physics'], only(['associations', 'safe']), '1-00:00:00').length, 1, 'safe implies limits');
    assert.deepEqual(warnings(['account: phyiscs'], only([])), [], 'nothing enforced');
    assert.deepEqual(warnings(['account: Physics', 'qos: high']), []);
  });

  it('warns of nothing for a user the cluster has no association for (accounts may not be enforced)', () => {
    assert.deepEqual(warnings(['account: anything'], { user: 'bob', associations: [], qos: [] }), []);
  });
});
