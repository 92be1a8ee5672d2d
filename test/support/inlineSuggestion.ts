// The first inline suggestion the language server gives at a position, as the text the editor shows
// (empty when it gives none): what the protocol tier's context tests compare.
import { InlineCompletionRequest, type Position, type ProtocolConnection } from 'vscode-languageserver-protocol/node';

export async function firstSuggestion(conn: ProtocolConnection, uri: string, position: Position): Promise<string> {
  const result = await conn.sendRequest(InlineCompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 2 } });
  const first = result && 'items' in result ? result.items[0]?.insertText : undefined;
  return typeof first === 'string' ? first : (first?.value ?? '');
}

/** The position after the last character of `text`. */
export function endOf(text: string): Position {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}
