// A typed wrapper around the webview API that VS Code injects: send requests of one type, receive
// updates of another. Each webview instantiates it with its own pair of types from core/protocol.

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export class Messenger<Outgoing, Incoming> {
  private readonly api: VsCodeApi = acquireVsCodeApi();

  send(message: Outgoing): void {
    this.api.postMessage(message);
  }

  /** Listens for messages from the extension; `accept` decides which ones are well-formed. */
  listen(accept: (data: unknown) => data is Incoming, handler: (message: Incoming) => void): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (accept(event.data)) handler(event.data);
    });
  }
}
