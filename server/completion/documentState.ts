// What the completion engine keeps per document between requests: its KV cache, the token ids of the
// prompt window's finished lines (encoded once, not per keystroke), where the window starts, and the
// workspace context kept in the prompt while the user types.
import { lineEndCut } from './codeTokenizer';
import { SequenceCache } from './generator';
import type { LoadedModel } from './modelLoader';

/** What the engine keeps per document between requests. */
export class DocumentState {
  readonly kv = new SequenceCache();
  /** Token ids of the prompt window's finished lines, and their text. */
  headText = '';
  headIds: readonly number[] = [];
  /** Where the prompt window started last time, in the prefix window's token ids. */
  windowStart: number | undefined;
  /**
   * The workspace context in the prompt, kept while the user types so that the KV cache after it
   * stays valid; chosen again when the window moves or the cursor settles elsewhere (refreshContext).
   */
  contextIds: readonly number[] | undefined;
  refreshContext = true;
  /** The workspace's generation for this document when the context was chosen (WorkspaceContext.generation). */
  contextGeneration = 0;
}

/**
 * The window's token ids: its finished lines come from the document's cache unless they changed,
 * and only the line being typed is encoded again.
 */
export function encodePrefix(model: LoadedModel, doc: DocumentState, window: string): number[] {
  if (!model.splitsAtLineEnds) return model.tokenizer.encode(window);
  const cut = lineEndCut(window, window.length);
  const head = window.slice(0, cut);
  if (head !== doc.headText) {
    // Both or neither: text and ids set apart would answer the next request from stale ids.
    const ids = model.tokenizer.encode(head);
    doc.headText = head;
    doc.headIds = ids;
  }
  return doc.headIds.concat(model.tokenizer.encode(window.slice(cut)));
}

/**
 * The documents' states, the least recently used dropped first past `size`: each keeps a KV cache
 * (tens of MB with a large model), so only the documents being typed in keep theirs.
 */
export class DocumentStates {
  private readonly states = new Map<string, DocumentState>();

  constructor(private readonly size: number) {}

  /** The document's state, made the most recently used (a new one if it had none). */
  use(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (state) {
      this.states.delete(uri);
    } else {
      state = new DocumentState();
      if (this.states.size >= this.size) this.states.delete(this.states.keys().next().value!);
    }
    this.states.set(uri, state);
    return state;
  }

  /** The document's state if it has one, without making it the most recently used. */
  peek(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  all(): IterableIterator<DocumentState> {
    return this.states.values();
  }

  delete(uri: string): void {
    this.states.delete(uri);
  }

  clear(): void {
    this.states.clear();
  }
}
