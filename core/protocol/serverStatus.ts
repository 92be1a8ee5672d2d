// The custom LSP request `hai/status`: the extension (client) asks the language server for its
// state, and shows the answer in the status bar, the "HAI" output channel and the status panel.
import { RequestType0 } from 'vscode-languageserver-protocol';

/** Which completion model the server has loaded. Later issues add the loaded and failed states' details. */
export type CompletionModelState =
  | { readonly state: 'none' }
  | { readonly state: 'loading'; readonly name: string }
  | { readonly state: 'loaded'; readonly name: string; readonly path: string }
  | { readonly state: 'error'; readonly name: string; readonly message: string };

export interface ServerStatus {
  /** The extension's version, which the server is built and shipped with. */
  readonly version: string;
  /** Milliseconds since the server process started. */
  readonly uptimeMs: number;
  /** Process id of the server, so that a user (or a test) can tell a restarted server apart. */
  readonly pid: number;
  /** Node.js version that runs the server (Electron's Node in desktop VS Code). */
  readonly nodeVersion: string;
  readonly completionModel: CompletionModelState;
}

/** Sent by the extension to the language server; answered with the server's current status. */
export const ServerStatusRequest = new RequestType0<ServerStatus, void>('hai/status');
