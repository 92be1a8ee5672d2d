// Messages between the server-status webview (webviews/status/) and its host in the extension.
// Both directions are typed here; the host validates every message it receives with
// parsePanelRequest, because a webview is untrusted input like any other.
import type { ServerStatus } from './serverStatus';

/** The language client's lifecycle as the panel shows it. */
export type ClientPhase = 'starting' | 'running' | 'restarting' | 'stopped';

/** Extension → webview: the latest known state of the language server. */
export interface StatusUpdateMessage {
  readonly type: 'statusUpdate';
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
  /** Time of the answer, epoch milliseconds, so the panel can say how fresh it is. */
  readonly receivedAt: number;
}

export type PanelUpdate = StatusUpdateMessage;

/** Webview → extension. */
export type PanelRequest =
  | { readonly type: 'ready' }
  | { readonly type: 'refresh' }
  | { readonly type: 'restartServer' };

const PANEL_REQUEST_TYPES: ReadonlySet<string> = new Set(['ready', 'refresh', 'restartServer']);

/** Returns the message as a PanelRequest, or undefined when it is not exactly one. */
export function parsePanelRequest(raw: unknown): PanelRequest | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const keys = Object.keys(raw);
  if (keys.length !== 1 || keys[0] !== 'type') return undefined;
  const type = (raw as { type: unknown }).type;
  if (typeof type !== 'string' || !PANEL_REQUEST_TYPES.has(type)) return undefined;
  return { type } as PanelRequest;
}
