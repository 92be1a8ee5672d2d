// A sentence for the user written in core/ or server/, which cannot import 'vscode' and so cannot
// translate. It travels as its English template with {0}-style placeholders and its arguments, and is
// translated where it is shown (extension/errorNotice.ts `translate`, through vscode.l10n with the
// template as the key, as the extension's own strings are). Plain data, so that it survives
// postMessage to and from worker threads. The l10n test finds every msg call's template in core/ and checks the
// Chinese bundle has it.

export type MessageArg = string | number | Message;

export interface Message {
  readonly template: string;
  readonly args: readonly MessageArg[];
}

/** A translatable sentence: `template` must be a single-quoted literal (the l10n test reads it). */
export function msg(template: string, ...args: MessageArg[]): Message {
  return { template, args };
}

/**
 * Whether `value` is a message, its arguments included. Messages also come back from files (a job
 * record) and other processes, so the check is whole and bounded: nesting deeper than any message
 * we write is refused rather than followed.
 */
export function isMessage(value: unknown, depth = 0): value is Message {
  if (typeof value !== 'object' || value === null || depth > MAX_NESTING) return false;
  const v = value as { template?: unknown; args?: unknown };
  return typeof v.template === 'string' && Array.isArray(v.args) && v.args.every((a) => typeof a === 'string' || typeof a === 'number' || isMessage(a, depth + 1));
}

const MAX_NESTING = 16;

/** Parts listed at most by `joinMessages`; the rest are counted. */
const MAX_LISTED = 12;

/**
 * Parts one after the other, "a; b; c", each translated on its own: at most MAX_LISTED, then "and N
 * more", nested as a balanced tree so that a long list stays far within MAX_NESTING.
 */
export function joinMessages(parts: readonly (Message | string)[]): Message | string {
  if (parts.length === 0) return '';
  if (parts.length > MAX_LISTED) return msg('{0}; and {1} more', joinMessages(parts.slice(0, MAX_LISTED)), parts.length - MAX_LISTED);
  if (parts.length === 1) return parts[0];
  const half = Math.ceil(parts.length / 2);
  return msg('{0}; {1}', joinMessages(parts.slice(0, half)), joinMessages(parts.slice(half)));
}

/** Fills the placeholders of `template` with `args` as vscode.l10n does ({0}, {1}…; an unknown one stays). */
export function fill(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => args[Number(i)] ?? whole);
}

/** The English text: the template filled with its arguments, nested messages in English too. */
export function english(message: Message | string): string {
  if (typeof message === 'string') return message;
  return fill(message.template, message.args.map((a) => (isMessage(a) ? english(a) : String(a))));
}

/**
 * Chinese text joined from sentences written for English: the space after a full-width 。！？； that
 * joined a message and its hint is dropped before Chinese text (a space is kept before a path or a
 * name in Latin letters, and inside English words passed as arguments).
 */
export function tidyChineseSpacing(text: string): string {
  return text.replace(/([。！？；])[ \t]+(?=[\u3400-\u9fff\u201c\uff08])/g, '$1');
}

/** A translator: the extension's goes through vscode.l10n; `english` is the default everywhere else. */
export type Translate = (message: Message) => string;

/** An error whose message can be shown translated: `message` holds the English, `text` the message. */
export class LocalizedError extends Error {
  readonly text: Message | undefined;

  constructor(message: string | Message, options?: ErrorOptions) {
    super(english(message), options);
    this.text = typeof message === 'string' ? undefined : message;
  }
}

/**
 * What went wrong, to be translated: the error's message (its `text` when it has one, also after a
 * trip through a worker thread, which keeps own properties but not the class) or, for anything else,
 * its English words.
 */
export function messageOf(err: unknown): Message | string {
  if (err instanceof Error || (typeof err === 'object' && err !== null)) {
    const text = (err as { text?: unknown }).text;
    if (isMessage(text)) return text;
    if (err instanceof Error) return err.message;
  }
  return String(err);
}

/** `messageOf` through a translator: the text a user reads. */
export function errorText(err: unknown, translate: Translate = english): string {
  const m = messageOf(err);
  return typeof m === 'string' ? m : translate(m);
}
