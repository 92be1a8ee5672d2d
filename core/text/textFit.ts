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
  const keep = longestFitting(chars.length - 1, (k) => measure(cut(k)) <= room);
  return keep > 0 ? cut(keep) : '…';
}

/**
 * `text` in lines of at most `room`, broken at spaces (a word longer than a line is broken where it
 * must); beyond `maxLines`, the last line keeps the rest's two ends around "…".
 */
export function wrapText(text: string, room: number, measure: Measure, maxLines = 3): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  let w = 0;
  // Lines are filled until the last one allowed; what is left goes to it whole, shortened if need be.
  for (; w < words.length && lines.length < maxLines - 1; w++) {
    const joined = line ? `${line} ${words[w]}` : words[w];
    if (measure(joined) <= room || !line) line = joined;
    else {
      lines.push(line);
      line = words[w];
    }
    // A word wider than a line on its own: as many of its characters as fit, the rest on the next.
    while (measure(line) > room && lines.length < maxLines - 1) {
      const chars = [...line];
      const n = Math.max(1, longestFitting(chars.length - 1, (k) => measure(chars.slice(0, k).join('')) <= room));
      lines.push(chars.slice(0, n).join(''));
      line = chars.slice(n).join('');
    }
  }
  const rest = [line, ...words.slice(w)].filter(Boolean).join(' ');
  if (rest) lines.push(fitLabel(rest, room, measure));
  return lines;
}

/** The largest k in 0 … most for which `fits(k)` holds (it holds for every smaller k when it holds for k). */
function longestFitting(most: number, fits: (k: number) => boolean): number {
  let low = 0;
  let high = most;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Helvetica's glyphs average about 0.55 of the font size (0.6 bold): an estimate where nothing can measure. */
export function estimatedWidth(fontSize: number, bold = false): Measure {
  return (text) => [...text].length * fontSize * (bold ? 0.6 : 0.55);
}
