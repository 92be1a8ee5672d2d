// JSON text for the label formats that are JSON (COCO, labelme): reading with an error that names
// the line (Node's JSON.parse does not always say where it stopped, so the place is found by a small
// scan of the grammar), and writing in the style the file already had, Python's included, so that a
// file saved after one edit differs from the tool's own output only at that edit. Python's json
// module writes floats with a `.0` (10.0), which JSON.parse cannot tell from 10: a writer marks the
// numbers it knows are floats with pyFloat.
import { type Message, msg } from '../text/message';
import { AnnotationError } from './shapes';

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** How deep arrays and objects may nest in a label file: saving and backups recurse per level. */
export const MAX_JSON_DEPTH = 1000;

/** The offset of the first bracket nested deeper than `max` in JSON text, or undefined. */
function tooDeep(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip the string, escapes included.
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return undefined;
}

/** JSON.parse, or an AnnotationError with the line where the text stops being JSON. */
export function parseJson(text: string, what: string | Message): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    let offset: number | undefined;
    try {
      offset = jsonErrorOffset(text);
    } catch {
      // Nesting too deep for the scan's recursion: the error goes without its line.
      offset = undefined;
    }
    const reason = err instanceof Error ? err.message.replace(/, ".*" is not valid JSON$/s, '') : String(err);
    throw new AnnotationError(msg('{0} is not valid JSON ({1}): correct it there, or restore the file from its backup or version control', what, reason), offset === undefined ? undefined : lineAt(text, offset));
  }
  // JSON.parse takes any depth, but writing the file back and the hot-exit backup recurse per level
  // and would fail only at save, with the edits unsaved: such a file is refused when it is opened.
  const deep = tooDeep(text, MAX_JSON_DEPTH);
  if (deep !== undefined) throw new AnnotationError(msg('{0} nests lists and objects more than {1} levels deep, more than the editor reads: flatten that part of the file', what, MAX_JSON_DEPTH), lineAt(text, deep));
  return value;
}

/** Where a text stops being JSON (RFC 8259); its length when the text is JSON. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const space = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return false;
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  };
  const value = (): boolean => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) {
        i++;
        return true;
      }
      for (;;) {
        if (c === '{') {
          space();
          if (text[i] !== '"' || !string()) return false;
          space();
          if (text[i] !== ':') return false;
          i++;
        }
        if (!value()) return false;
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] !== close) return false;
        i++;
        return true;
      }
    }
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return true;
      }
    }
    number.lastIndex = i;
    const m = number.exec(text);
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  if (!value()) return Math.min(i, n);
  space();
  return i;
}

/** How a JSON file is laid out: one line (with Python's `, ` and `: ` or JavaScript's `,` and `:`), or indented. */
export interface JsonStyle {
  /** One level of indentation; undefined for a file on one line. */
  readonly indent?: string;
  /** `\r\n` where Python wrote the file in text mode on Windows. */
  readonly newline?: string;
  readonly itemSeparator: string;
  readonly keySeparator: string;
  /** What follows the last bracket (Python writes nothing, most editors a newline). */
  readonly end?: string;
  /** Characters past ASCII written as \u escapes (Python's json.dump does so by default: "\u00e9"). */
  readonly asciiOnly?: boolean;
  /** Whether the file writes floats as Python does (10.0, 1e-05): new numbers a writer marks with pyFloat follow it. */
  readonly pythonFloats?: boolean;
}

/** What Python's json.dump(indent=2) and JSON.stringify(…, null, 2) both write. */
export const INDENT_2: JsonStyle = { indent: '  ', itemSeparator: ',', keySeparator: ': ' };

/** The style of an existing JSON text, from its first bracket and first separators. */
export function jsonStyleOf(text: string): JsonStyle {
  let last = text.length;
  while (last > 0 && /\s/.test(text[last - 1])) last--;
  // Escaped letters past ASCII and none written as themselves: Python's ensure_ascii. A whole number
  // with ".0", or an exponent with a leading zero, is a float only Python writes so.
  const asciiOnly = /\\u(?:00[89a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]|[1-9a-fA-F][0-9a-fA-F]{2})[0-9a-fA-F]/.test(text) && !/[\u0080-\uffff]/.test(text);
  const pythonFloats = /[-\d]\d*\.0[,\]}\s]|\de-0\d/.test(text);
  return { ...layoutOf(text), end: text.slice(last), asciiOnly, pythonFloats };
}

function layoutOf(text: string): JsonStyle {
  const first = /^\s*[[{](\r?\n)([ \t]*)/.exec(text);
  const head = text.slice(0, 4096);
  if (first) return { indent: first[2], newline: first[1], itemSeparator: ',', keySeparator: /":\s/.test(head) || !/":/.test(head) ? ': ' : ':' };
  let itemSeparator: string | undefined;
  let keySeparator: string | undefined;
  const stop = Math.min(text.length, 65536);
  for (let i = 0; i < stop && (itemSeparator === undefined || keySeparator === undefined); i++) {
    const c = text[i];
    if (c === '"') {
      // Skip the string: a backslash escapes the next character.
      for (i++; i < stop && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === ':' && keySeparator === undefined) keySeparator = text[i + 1] === ' ' ? ': ' : ':';
    else if (c === ',' && itemSeparator === undefined) itemSeparator = text[i + 1] === ' ' ? ', ' : ',';
  }
  return { itemSeparator: itemSeparator ?? ',', keySeparator: keySeparator ?? ':' };
}

/**
 * The first integer literal of a JSON text that a double cannot hold exactly (beyond 2^53 − 1), or
 * undefined. JSON.parse rounds such a number, so writing the file back would change it, and two ids
 * may round to one.
 */
export function unsafeInteger(text: string): string | undefined {
  // Strings are matched whole so that digits inside them are skipped; numbers with a fraction or an
  // exponent are floats, which the writers keep as floats.
  const token = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const t = m[0];
    if (/^-?\d{16,}$/.test(t) && !Number.isSafeInteger(Number(t))) return t;
  }
  return undefined;
}

/** A number that Python held as a float, written as Python writes it (10.0, 1e-05). */
export class PyFloat {
  constructor(readonly value: number) {}
}

export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

/** Python's repr of a float: the shortest digits that read back the same, like JavaScript's, in Python's layout. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, e] = x.toExponential().split('e');
  const exp = Number(e);
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = x < 0 ? '-' : '';
  // Python switches to scientific notation below 1e-4 and from 1e16 on.
  if (exp < -4 || exp >= 16) {
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** JSON text in a style. Undefined members are left out, as JSON.stringify does. */
export function formatJson(value: unknown, style: JsonStyle): string {
  const { indent, itemSeparator, keySeparator } = style;
  const newline = style.newline ?? '\n';
  const write = (v: unknown, pad: string): string => {
    // JSON has no infinity or NaN: JSON.stringify would write null and Python's json Infinity, and
    // either makes a file no reader takes back. Coordinates that large are refused instead.
    const n = v instanceof PyFloat ? v.value : v;
    if (typeof n === 'number' && !Number.isFinite(n)) throw new AnnotationError(msg('a number to save is {0}, which a JSON file cannot hold: a shape’s coordinates are too large; move or redraw it', String(n)));
    if (v instanceof PyFloat) return pythonFloat(v.value);
    if (typeof v === 'number' && style.pythonFloats && !Number.isInteger(v)) return pythonFloat(v);
    if (typeof v === 'string') return quote(v);
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
    const source = sourceOf(v);
    if (source !== undefined) return source;
    const inner = indent === undefined ? '' : pad + indent;
    const open = indent === undefined ? '' : `${newline}${inner}`;
    const close = indent === undefined ? '' : `${newline}${pad}`;
    const separator = indent === undefined ? itemSeparator : `,${newline}${inner}`;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${open}${v.map((item) => (item === undefined ? 'null' : write(item, inner))).join(separator)}${close}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    return `{${open}${entries.map(([k, item]) => `${quote(k)}${keySeparator}${write(item, inner)}`).join(separator)}${close}}`;
  };
  const quote = (text: string): string => {
    const json = JSON.stringify(text);
    return style.asciiOnly ? json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
  };
  return write(value, '') + (style.end ?? '');
}

/** Where parseJsonKeepingText found each object and array (to `KEEP_DEPTH` levels): the text and its span. */
const sources = new WeakMap<object, { readonly text: string; readonly start: number; readonly end: number }>();
/** How deep text is kept: a COCO file's lists, their items and the items' geometry (bbox, polygons). */
const KEEP_DEPTH = 5;
/** Objects and arrays longer than this are never compared whole (sourceOf). */
const KEEP_WHOLE_BYTES = 64 * 1024;

/**
 * The text an object or array had in its file, while it still holds what that text says. A file is
 * written back through JavaScript's numbers, which cannot tell 100.0 from 100, nor 1e-05 from
 * 0.00001: what the editor did not change is written as it was, so a save changes only what it edits.
 */
function sourceOf(v: object): string | undefined {
  const at = sources.get(v);
  // A file's big lists are written item by item instead: checking one whole would parse most of the
  // file again (a 100 MB COCO file's save took 2 s longer), and its items are kept as they were anyway.
  if (!at || at.end - at.start > KEEP_WHOLE_BYTES) return undefined;
  const text = at.text.slice(at.start, at.end);
  // Checked on every write: a writer may have changed the object since it was read.
  return JSON.stringify(JSON.parse(text)) === JSON.stringify(v) ? text : undefined;
}

/** parseJson, remembering each object's and array's text (to KEEP_DEPTH levels) for formatJson to write back while unchanged. */
export function parseJsonKeepingText(text: string, what: string | Message): unknown {
  const value = parseJson(text, what);
  let i = 0;
  // Char codes, not text[i]: a one-character string per character took seconds over 100 MB.
  const space = (): void => {
    for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  };
  const skipString = (): void => {
    for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    i++;
  };
  // Past a value without looking into it (a number, a word, or a list or object below KEEP_DEPTH).
  const skip = (): void => {
    let depth = 0;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        skipString();
        if (depth === 0) return;
        continue;
      }
      if (c === 91 || c === 123) depth++;
      else if (c === 93 || c === 125) {
        if (depth === 0) return;
        if (--depth === 0) {
          i++;
          return;
        }
      } else if (depth === 0 && (c === 44 || c === 32 || c === 10 || c === 13 || c === 9)) return;
      i++;
    }
  };
  // The text is valid JSON (parseJson said so), and walked in the order JSON.parse built `v`.
  const walk = (v: unknown, depth: number): void => {
    space();
    const start = i;
    const c = text[i];
    if ((c !== '{' && c !== '[') || typeof v !== 'object' || v === null || depth > KEEP_DEPTH) {
      skip();
      return;
    }
    i++;
    let index = 0;
    for (;;) {
      space();
      if (text[i] === '}' || text[i] === ']') break;
      let child: unknown;
      if (c === '{') {
        const keyStart = i;
        skipString();
        const key = text.slice(keyStart + 1, i - 1);
        // A key without escapes is its text (JSON.parse per key was most of the walk's time).
        child = (v as Record<string, unknown>)[key.includes('\\') ? (JSON.parse(`"${key}"`) as string) : key];
        space();
        i++;
      } else child = (v as unknown[])[index++];
      walk(child, depth + 1);
      space();
      if (text[i] === ',') i++;
    }
    i++;
    if (depth > 0) sources.set(v, { text, start, end: i });
  };
  walk(value, 0);
  return value;
}
