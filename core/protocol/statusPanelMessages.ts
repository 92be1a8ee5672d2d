// Messages between the server-status webview (webviews/status/) and its host in the extension.
// Both directions are typed here as maps from name to payload (webviewProtocol.ts); the host
// validates every message it receives against STATUS_PANEL_REQUESTS, because a webview is
// untrusted input like any other.
import type { ServerStatus } from './serverStatus';
import type { MessageOf, NoPayload, PayloadSpecs } from './webviewProtocol';

/** The language client's lifecycle as the panel shows it. */
export type ClientPhase = 'starting' | 'running' | 'restarting' | 'stopped';

/** Extension → webview: the latest known state of the language server. */
export interface StatusUpdatePayload {
  readonly phase: ClientPhase;
  /** How many times the server was restarted after it exited unexpectedly in this session. */
  readonly restarts: number;
  /** Present once the server answered `hai/status`. */
  readonly status?: ServerStatus;
  /** What went wrong, when the last status request failed. */
  readonly error?: string;
  /** The phase in the user's language. */
  readonly phaseText: string;
  /** The completion model's state in the user's language, once known. */
  readonly modelText?: string;
  /** What of the workspace goes into completion prompts, in the user's language, once known. */
  readonly contextText?: string;
  /** How many suggestions were made and how (lines repeated from the project, tokens the model ran), in the user's language. */
  readonly countersText?: string;
  /** Time of the answer, epoch milliseconds, so the panel can say how fresh it is. */
  readonly receivedAt: number;
}

/** Extension → webview, by name. */
export type StatusPanelUpdates = { statusUpdate: StatusUpdatePayload };
export type PanelUpdate = MessageOf<StatusPanelUpdates>;

/** Webview → extension, by name: the page is ready, the Refresh and Restart Server buttons. */
export type StatusPanelRequests = { ready: NoPayload; refresh: NoPayload; restartServer: NoPayload };
export type PanelRequest = MessageOf<StatusPanelRequests>;

export const STATUS_PANEL_REQUESTS: PayloadSpecs<StatusPanelRequests> = { ready: {}, refresh: {}, restartServer: {} };
