// One shape for every error a user can act on, whoever raises it (downloads, extraction, job
// backends, the code model): what happened (`message`), what to do next (`hint`), a `kind` the
// caller can branch on, and the raw words of the tool or server (`detail`) that belong in the HAI
// output channel rather than in a notification. The same argument order everywhere, so that a
// new error cannot put the hint where the message goes. Message and hint may be translatable
// messages (msg in core/text/message.ts), which the extension shows in the user's language.
import { english, errorText, LocalizedError, type Message, type Translate } from './text/message';

export interface ActionableErrorOptions {
  /** The tool's or server's own words (stderr, a response body), for the output channel. */
  readonly detail?: string;
  readonly cause?: unknown;
}

export class ActionableError<K extends string = string> extends LocalizedError {
  readonly detail: string | undefined;
  /** What the user can do next, in one sentence (English; `hintText` to translate). */
  readonly hint: string;
  readonly hintText: Message | undefined;

  constructor(
    readonly kind: K,
    message: string | Message,
    hint: string | Message,
    options: ActionableErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = english(hint);
    this.hintText = typeof hint === 'string' ? undefined : hint;
    this.detail = options.detail;
  }
}

export interface ErrorReport {
  /** The line a notification shows: what happened, then what to do. */
  readonly notice: string;
  /** Everything known, for the output channel: the notice, the detail, the causes. */
  readonly log: string;
}

/** Turns anything thrown into what the user is shown and what the output channel keeps. */
export function reportError(err: unknown, translate: Translate = english): ErrorReport {
  if (err instanceof ActionableError) {
    const hint = err.hintText ? translate(err.hintText) : err.hint;
    const message = errorText(err, translate);
    const notice = hint ? `${message} ${hint}` : message;
    // The log keeps the English (what a bug report quotes); a translated notice goes before it.
    const englishNotice = err.hint ? `${err.message} ${err.hint}` : err.message;
    const lines = [...(notice === englishNotice ? [] : [notice]), `${err.name} (${err.kind}): ${englishNotice}`];
    if (err.detail) lines.push(err.detail);
    lines.push(...causes(err));
    return { notice, log: lines.join('\n') };
  }
  const message = errorText(err, translate);
  // The stack holds the English message; a translated one goes before it.
  const stack = err instanceof Error && err.stack ? err.stack : message;
  const log = message === errorText(err) ? stack : `${message}\n${stack}`;
  return { notice: message, log: [log, ...causes(err)].join('\n') };
}

function causes(err: unknown): string[] {
  const out: string[] = [];
  let cause = err instanceof Error ? err.cause : undefined;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    out.push(`caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return out;
}
