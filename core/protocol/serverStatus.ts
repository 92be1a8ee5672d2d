// The custom LSP request `hai/status`: the extension (client) asks the language server for its
// state, and shows the answer in the status bar, the "HAI" output channel and the status panel.
import { NotificationType0, RequestType0 } from 'vscode-languageserver-protocol';
import type { Message } from '../text/message';

/** Which completion model the server has loaded, or why it has none. */
export type CompletionModelState =
  | { readonly state: 'none' }
  | { readonly state: 'loading'; readonly name: string }
  | {
      readonly state: 'loaded';
      readonly name: string;
      /** The ONNX file in use. */
      readonly path: string;
      readonly dtype: string;
      /** Size of the ONNX weights in bytes. */
      readonly bytes: number;
      readonly loadMs: number;
      /** Milliseconds per generated token on this machine, the fastest of speedChecks measurements (server/completion/speedProbe.ts). */
      readonly msPerToken: number;
      /** Milliseconds per prompt token in a warm-up's chunk, likewise (to two decimals): sizes the workspace context. */
      readonly prefillMsPerToken: number;
      /** Times the speed was measured: at load, then again once the server was idle (server/completion/speedRecheck.ts). */
      readonly speedChecks: number;
      /** "fim:<family>" or "left-to-right". */
      readonly prompt: string;
      readonly threads: number;
    }
  /** `message` in English; `text`, the same to translate (core/text/message.ts). */
  | { readonly state: 'error'; readonly name: string; readonly message: string; readonly text?: Message };

/** Request → response latency of inline completions over a rolling window, in milliseconds. */
export interface LatencySummary {
  /** Completions answered since the model was loaded. */
  readonly requests: number;
  /** How many of the latest requests the percentiles cover. */
  readonly window: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** Totals since the model was loaded: how much the model ran, for benchmarks and diagnosis. */
export interface CompletionCounters {
  readonly requests: number;
  /** Prompt tokens run through the model; the rest of each prompt came from the KV cache. */
  readonly prefillTokens: number;
  readonly prefillMs: number;
  readonly decodeTokens: number;
  readonly decodeMs: number;
  /** Decoded tokens guessed from the text before them and fed with the step before (promptLookup): no step of their own. */
  readonly guessedTokens: number;
  /** Suggestions that were lines repeated from the project, answered with no model run (counted in requests). */
  readonly repeatedLines: number;
}

/** What of the user's project the server puts into completion prompts (server/context/). */
export interface WorkspaceContextStatus {
  /** hai.completion.workspaceContext. */
  readonly sources: string;
  /** hai.completion.workspaceCache: token counts of the project mixed into the model's choice. */
  readonly cache: boolean;
  /** Workspace folders that imports resolve in. */
  readonly folders: number;
  /** Documents whose imports (and cache counts) are being read right now. */
  readonly preparing: number;
  /** Local modules read and parsed (kept for reuse). */
  readonly modules: number;
  /** Tokens counted for the workspace cache. */
  readonly cacheTokens: number;
  /** Python files of the workspace folders indexed for similar chunks (those not open are read from disk). */
  readonly indexedFiles: number;
  /** Whether the workspace's files are being indexed right now (after the folders are known, or changed on disk). */
  readonly indexing: boolean;
  /** Tokens of a prompt the context may take (0: off, or no room in the model's positions). */
  readonly tokens: number;
  /** The budget was sized to this machine's prefill speed (hai.completion.contextTokens 0), not set. */
  readonly tokensAuto: boolean;
}

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
  /** Loads of a completion model this server has started: a client tells a new outcome from an old one by it. */
  readonly modelLoads: number;
  /** Present once the server has answered a completion request with the model. */
  readonly completionLatency?: LatencySummary;
  readonly completionCounters?: CompletionCounters;
  readonly workspaceContext?: WorkspaceContextStatus;
  /** Resident memory of the server process, in bytes: what the model costs a shared login node. */
  readonly rssBytes: number;
}

/** Sent by the extension to the language server; answered with the server's current status. */
export const ServerStatusRequest = new RequestType0<ServerStatus, void>('hai/status');

/**
 * Sent by the language server to the extension when something `hai/status` reports has changed on
 * the server's own initiative (a model finished loading or failed to), so that the status bar and
 * panel ask again instead of showing a stale state.
 */
export const ServerStatusChangedNotification = new NotificationType0('hai/statusChanged');
