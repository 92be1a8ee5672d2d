// Text that must fit a chart: an axis label on one line, shortened with an ellipsis in the middle (an
// expression's two ends say most about it), and a title wrapped over a few lines (it is the one place
// a long expression and its cuts are shown whole). Widths come from a measure: a canvas's in the page,
// an estimate from the font size where nothing can measure (an SVG written by the extension).

/** The width of a text, in pixels. */
export type Measure = (text: string) => number;

/** `text` as it fits in `room`: whole, or its two ends around "…". */
export function fitLabel(text: string, room: number, measure: Measure): string {
  if (measure(text) <= room) return text;
  const chars = [...text];
  const cut = (keep: number): string => `${chars.slice(0, Math.ceil(keep / 2)).join('').trimEnd()} … ${chars.slice(chars.length - Math.floor(keep / 2)).join('').trimStart()}`;
  // The most characters kept that still fit (keeping fewer never makes it wider).
  let low = 0;
  let high = chars.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(cut(mid)) <= room) low = mid;
    else high = mid - 1;
  }
  return low > 0 ? cut(low) : '…';
}

/**
 * `text` in lines of at most `room`, broken at spaces (a word longer than a line is broken where it
 * must); beyond `maxLines`, the last line keeps the rest's two ends around "…".
 */
export function wrapText(text: string, room: number, measure: Measure, maxLines = 3): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (measure(joined) <= room || !line) line = joined;
    else {
      lines.push(line);
      line = word;
    }
    // A word wider than a line on its own: its characters up to the room, the rest on the next.
    while (measure(line) > room && [...line].length > 1) {
      const chars = [...line];
      let n = chars.length - 1;
      while (n > 1 && measure(chars.slice(0, n).join('')) > room) n--;
      lines.push(chars.slice(0, n).join(''));
      line = chars.slice(n).join('');
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  return [...lines.slice(0, maxLines - 1), fitLabel(lines.slice(maxLines - 1).join(' '), room, measure)];
}

/** Helvetica's glyphs average about 0.55 of the font size (0.6 bold): an estimate where nothing can measure. */
export function estimatedWidth(fontSize: number, bold = false): Measure {
  return (text) => [...text].length * fontSize * (bold ? 0.6 : 0.55);
}
