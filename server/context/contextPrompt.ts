// The workspace context as prompt text, in the repository-level format the code model was trained on
// (models/train/sampler.py): other files' text, each behind a "# file: <path>" header, then the
// header of the file being written, right before its own text.

import type { ContextPiece } from './workspaceContext';

const HEADER_START = '# file: ';
export const fileHeader = (file: string): string => `${HEADER_START}${file}\n`;
/** A header line in generated text, after any indentation. */
const HEADER_LINE = new RegExp(`^[ \\t]*${HEADER_START}`, 'gm');

/** Pieces that did not fit, after which no smaller one is looked for. */
const MAX_MISSES = 8;

/**
 * The context text for `pieces` (most useful last) within `budget` tokens as `count` measures them:
 * pieces are taken from the most useful down while they fit, then written in their order, neighbours
 * from one file under one header, and the own file's header last. Empty when no piece fits.
 */
export function contextText(pieces: readonly ContextPiece[], ownFile: string, budget: number, count: (text: string) => number): string {
  const own = fileHeader(ownFile);
  let left = budget - count(own);
  const taken = new Array<boolean>(pieces.length).fill(false);
  // Pieces that do not fit are skipped for smaller ones, but not forever: each costs a tokenization.
  let misses = 0;
  for (let i = pieces.length - 1; i >= 0 && left > 0 && misses < MAX_MISSES; i--) {
    const cost = count(fileHeader(pieces[i].file) + pieces[i].text + '\n');
    if (cost <= left) {
      taken[i] = true;
      left -= cost;
    } else {
      misses++;
    }
  }
  let text = '';
  let current: string | undefined;
  for (const [i, piece] of pieces.entries()) {
    if (!taken[i]) continue;
    if (piece.file !== current) text += fileHeader(piece.file);
    current = piece.file;
    text += piece.text + '\n';
  }
  return text ? text + own : '';
}

/**
 * Where generated text starts a "# file: " header line, if it does: a model trained on the format
 * writes one when it thinks the file is over (the next file's header), and that line, and anything
 * after it, is not code for the user. `atLineStart`: the text begins a line (the cursor is at the
 * line's start or after its indentation), so a header right at its start counts too.
 */
export function fileHeaderAt(text: string, atLineStart: boolean): number | undefined {
  for (const match of text.matchAll(HEADER_LINE)) if (match.index > 0 || atLineStart) return match.index;
  return undefined;
}
