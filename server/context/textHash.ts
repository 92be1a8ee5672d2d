/** FNV-1a over the UTF-16 units, and the length: tells whether a text changed since it was last read (a document's head, an open module). */
export function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) + text.length * 4294967296;
}
