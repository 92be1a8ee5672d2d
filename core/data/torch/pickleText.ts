// The text of a pickle's string opcodes: bytes as Latin-1 (BINSTRING, SHORT_BINSTRING: Python 2's str),
// and protocol 0's STRING, a quoted repr with its escapes.

/** Bytes as Latin-1 text, in slices (a spread of a whole long string would overflow the stack). */
export function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

/** A protocol-0 STRING: Python's repr of a str, in single or double quotes. */
export function unquote(text: string): string | undefined {
  const q = text[0];
  if ((q !== "'" && q !== '"') || text.length < 2 || text[text.length - 1] !== q) return undefined;
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
  return text.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) => (e[0] === 'x' ? String.fromCharCode(parseInt(e.slice(1), 16)) : (escapes[e] ?? `\\${e}`)));
}
