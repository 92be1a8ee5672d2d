// The one validator every webview host uses: a message from a webview is untrusted input, so only
// a known name with exactly its payload's fields, each of the right type and size, gets through.
import * as assert from 'node:assert/strict';
import { fields, messageGuard, type MessageOf, type NoPayload, parseMessage, type PayloadSpecs } from './webviewProtocol';

type SampleRequests = {
  ready: NoPayload;
  open: { readonly file: string };
  pick: { readonly ids: readonly string[] };
  zoom: { readonly level: number; readonly note?: string };
  toggle: { readonly on: boolean };
};
const SAMPLE: PayloadSpecs<SampleRequests> = {
  ready: {},
  open: { file: fields.fileName() },
  pick: { ids: fields.textList({ maxItems: 3, maxLength: 8 }) },
  zoom: { level: fields.number({ min: 0, max: 10 }), note: fields.optional(fields.text({ maxLength: 20 })) },
  toggle: { on: fields.boolean() },
};

function rejected(raw: unknown): string {
  const result = parseMessage(SAMPLE, raw);
  assert.equal(result.ok, false, `accepted ${JSON.stringify(raw)}`);
  return result.ok ? '' : result.kind;
}

describe('webview protocol: parseMessage', () => {
  it('accepts each known message with exactly its payload and returns a fresh copy', () => {
    const cases: MessageOf<SampleRequests>[] = [
      { type: 'ready' },
      { type: 'open', file: 'ParticleNet_kin.pt' },
      { type: 'pick', ids: ['a', 'b'] },
      { type: 'zoom', level: 2.5 },
      { type: 'zoom', level: 0, note: 'fine' },
      { type: 'toggle', on: false },
    ];
    for (const message of cases) {
      const result = parseMessage(SAMPLE, message);
      assert.deepEqual(result, { ok: true, message });
      assert.ok(result.ok && result.message !== message, 'a fresh object, never the received one');
    }
    const ids = ['a'];
    const picked = parseMessage(SAMPLE, { type: 'pick', ids });
    assert.ok(picked.ok && picked.message.type === 'pick' && picked.message.ids !== ids, 'arrays are copied too');
  });

  it('rejects what is not a message at all, saying so in one kind', () => {
    for (const raw of [null, undefined, 'ready', 42, [], [{ type: 'ready' }], new Date(0), {}]) {
      assert.equal(rejected(raw), 'not a message', JSON.stringify(raw));
    }
  });

  it('rejects unknown names, inherited names included, under one kind whatever the name', () => {
    for (const type of ['deleteEverything', 'toString', '__proto__', 'constructor', 'x'.repeat(100_000)]) {
      assert.equal(rejected({ type }), 'unknown message');
    }
    assert.equal(rejected({ type: 7 }), 'unknown message');
  });

  it('rejects extra and missing fields, polluted prototypes included', () => {
    assert.equal(rejected({ type: 'ready', extra: 1 }), 'ready: unexpected field');
    assert.equal(rejected({ type: 'open', file: 'a.pt', url: 'https://evil' }), 'open: unexpected field');
    assert.equal(rejected(JSON.parse('{"type":"ready","__proto__":{"polluted":true}}')), 'ready: unexpected field');
    assert.equal(rejected({ type: 'open' }), 'open.file: missing');
    assert.equal(rejected({ type: 'zoom', note: 'x' }), 'zoom.level: missing');
  });

  it('rejects wrong payload types and values out of bounds, naming the field', () => {
    assert.equal(rejected({ type: 'open', file: 42 }), 'open.file: not a string');
    for (const file of ['../../etc/passwd', 'a\\b.pt', '..', '.', '', 'a\nb', 'x'.repeat(256)]) {
      assert.match(rejected({ type: 'open', file }), /^open\.file: /, JSON.stringify(file));
    }
    assert.equal(rejected({ type: 'pick', ids: 'a' }), 'pick.ids: not a list');
    assert.equal(rejected({ type: 'pick', ids: ['a', 'b', 'c', 'd'] }), 'pick.ids: too many items');
    assert.equal(rejected({ type: 'pick', ids: [1] }), 'pick.ids: not a string');
    assert.equal(rejected({ type: 'pick', ids: [''] }), 'pick.ids: empty');
    assert.equal(rejected({ type: 'pick', ids: ['123456789'] }), 'pick.ids: too long');
    assert.equal(rejected({ type: 'zoom', level: Number.NaN }), 'zoom.level: not a finite number');
    assert.equal(rejected({ type: 'zoom', level: 11 }), 'zoom.level: out of range');
    assert.equal(rejected({ type: 'zoom', level: 1, note: 'y'.repeat(21) }), 'zoom.note: too long');
    assert.equal(rejected({ type: 'toggle', on: 'yes' }), 'toggle.on: not a boolean');
  });

  it('keeps the detail short however big the message is', () => {
    const result = parseMessage(SAMPLE, { type: 'open', file: 'z'.repeat(5_000_000) });
    assert.ok(!result.ok);
    assert.ok(result.detail.length <= 300, `detail of ${result.detail.length} characters`);
    assert.match(result.detail, /open/);
  });
});

describe('webview protocol: messageGuard', () => {
  type Updates = { shown: { readonly text: string }; cleared: NoPayload };
  const isUpdate = messageGuard<Updates>({ shown: true, cleared: true });

  it('lets through the names of the map and nothing else', () => {
    assert.ok(isUpdate({ type: 'shown', text: 'x' }));
    assert.ok(isUpdate({ type: 'cleared' }));
    for (const raw of [null, 'shown', { type: 'toString' }, { type: 'other' }, {}]) assert.ok(!isUpdate(raw), JSON.stringify(raw));
  });
});
