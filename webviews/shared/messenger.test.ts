// The page side of the webview protocol, run in memory: the messenger takes its port as an argument,
// so a test gives it one made of two arrays instead of VS Code's acquireVsCodeApi and window events.
import * as assert from 'node:assert/strict';
import { messageGuard, type MessageOf, type NoPayload } from '../../core/protocol/webviewProtocol';
import { Messenger, type PagePort } from './messenger';

type Requests = { ready: NoPayload; pick: { readonly ids: readonly string[] } };
type Updates = { shown: { readonly text: string } };

function memoryPort() {
  const sent: unknown[] = [];
  const listeners = new Set<(data: unknown) => void>();
  const port: PagePort = {
    post: (message) => sent.push(structuredClone(message)),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  /** What the extension host would post to the page. */
  const fromHost = (data: unknown) => {
    for (const l of listeners) l(structuredClone(data));
  };
  return { port, sent, fromHost, listeners };
}

describe('webview messenger (in memory)', () => {
  it('sends typed requests through the port it was given', () => {
    const { port, sent } = memoryPort();
    const messenger = new Messenger<MessageOf<Requests>, MessageOf<Updates>>(port);
    messenger.send({ type: 'ready' });
    messenger.send({ type: 'pick', ids: ['a'] });
    assert.deepEqual(sent, [{ type: 'ready' }, { type: 'pick', ids: ['a'] }]);
  });

  it('hands on only the updates its guard accepts', () => {
    const { port, fromHost } = memoryPort();
    const messenger = new Messenger<MessageOf<Requests>, MessageOf<Updates>>(port);
    const got: unknown[] = [];
    messenger.listen(messageGuard<Updates>({ shown: true }), (update) => got.push(update.text));
    fromHost({ type: 'shown', text: 'one' });
    fromHost({ type: 'other', text: 'two' });
    fromHost('shown');
    fromHost({ type: 'shown', text: 'three' });
    assert.deepEqual(got, ['one', 'three']);
  });

  it('stops listening when the returned function is called', () => {
    const { port, fromHost, listeners } = memoryPort();
    const messenger = new Messenger<MessageOf<Requests>, MessageOf<Updates>>(port);
    const got: string[] = [];
    const stop = messenger.listen(messageGuard<Updates>({ shown: true }), (update) => got.push(update.text));
    fromHost({ type: 'shown', text: 'before' });
    stop();
    fromHost({ type: 'shown', text: 'after' });
    assert.deepEqual(got, ['before']);
    assert.equal(listeners.size, 0);
  });
});
