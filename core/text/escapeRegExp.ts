/** `text` as a regular expression that matches it literally (a name spliced into a pattern). */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
