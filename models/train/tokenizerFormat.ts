// What the default code model's tokenizer is made of, besides its merges.

/** End of text first (id 0), then StarCoder's FIM markers, which the engine detects by name. */
export const SPECIAL_TOKENS = ['<|endoftext|>', '<fim_prefix>', '<fim_middle>', '<fim_suffix>', '<fim_pad>'] as const;

/** GPT-2's reversible map from bytes to printable characters, which the ByteLevel steps use. */
export function byteToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const map: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) map[b] = printable.includes(b) ? String.fromCharCode(b) : String.fromCharCode(256 + extra++);
  return map;
}
