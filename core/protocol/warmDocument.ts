// The custom LSP notification `hai/warmDocument`.
import { NotificationType, type Position } from 'vscode-languageserver-protocol';

export interface WarmDocumentParams {
  /** An open Python document. */
  readonly uri: string;
  /** Where the cursor is: the place whose completion prompt the server prefills. */
  readonly position: Position;
}

/**
 * Sent by the extension to the language server when a Python editor becomes active, or its cursor
 * moves to another place without typing: the server prefills the completion prompt at that place
 * in idle time, so that the first keystroke there pays only for what was typed.
 */
export const WarmDocumentNotification = new NotificationType<WarmDocumentParams>('hai/warmDocument');
