// The page side of the webview protocol (core/protocol/webviewProtocol.ts): send requests of one
// map, receive updates of another. The port is an argument so that the messenger runs in a Node
// test over memory; a page uses the default, VS Code's acquireVsCodeApi and the window's messages.

/** How the page talks to its host. */
export interface PagePort {
  post(message: unknown): void;
  /** Calls `listener` with each message from the host; the returned function stops it. */
  subscribe(listener: (data: unknown) => void): () => void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The port of a real webview. VS Code allows one acquireVsCodeApi() per page: make one messenger. */
export function vscodePagePort(): PagePort {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    subscribe: (listener) => {
      const onMessage = (event: MessageEvent<unknown>): void => listener(event.data);
      window.addEventListener('message', onMessage);
      return () => window.removeEventListener('message', onMessage);
    },
  };
}

export class Messenger<Outgoing, Incoming> {
  constructor(private readonly port: PagePort = vscodePagePort()) {}

  send(message: Outgoing): void {
    this.port.post(message);
  }

  /**
   * Listens for messages from the extension; `accept` (usually core/protocol's messageGuard) decides
   * which ones are well-formed. Returns a function that stops listening.
   */
  listen(accept: (data: unknown) => data is Incoming, handler: (message: Incoming) => void): () => void {
    return this.port.subscribe((data) => {
      if (accept(data)) handler(data);
    });
  }
}
