// How many columns text takes in a monospace font: East Asian wide and fullwidth characters (CJK
// ideographs, kana, Hangul, fullwidth punctuation such as "：") take two. Used to put a caret line
// under the right characters when the text before them is Chinese (a label in the user's language).

/** Code point ranges of East Asian Wide (W) and Fullwidth (F) characters (Unicode UAX #11), the common blocks. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, punctuation
  [0x3041, 0x33ff], // kana, CJK symbols and compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x20000, 0x3fffd], // CJK extensions B and later
];

function isWide(code: number): boolean {
  return WIDE.some(([low, high]) => code >= low && code <= high);
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return width;
}
