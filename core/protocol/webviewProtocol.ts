// The one pattern for webview messages. Each webview declares, per direction, a map from message
// name to payload type; the requests a host receives also get a map of field specs, which the
// compiler checks against the payload types, and `parseMessage` is the one validator every host
// runs on them. A webview is untrusted input: unknown names, missing or extra fields, wrong types
// and oversized values are refused with a short, bounded reason, never thrown.
// This file is part of the contract: it depends on nothing and runs in Node and in a browser alike.

/** The payload of a message that carries nothing but its name. */
export type NoPayload = Record<never, never>;

/** The messages of a map, as a union: `{ type: name } & payload` for each name. */
export type MessageOf<M> = { [K in keyof M & string]: { readonly type: K } & Readonly<M[K]> }[keyof M & string];

/** The message of one name. */
export type MessageNamed<M, K extends keyof M & string> = Extract<MessageOf<M>, { readonly type: K }>;

/** Checks one field; `problem` says in a few words why a value is not acceptable. */
export interface FieldSpec<T> {
  readonly problem: (value: unknown) => string | undefined;
  /** An optional field may be absent (but not present with a wrong value). */
  readonly optional?: boolean;
  /** Copies an accepted value, so the host never keeps the object the webview sent. */
  readonly copy?: (value: T) => T;
}

/** A field spec for every field of every payload of the map: a missing one is a compile error. */
export type PayloadSpecs<M> = { readonly [K in keyof M & string]: { readonly [F in keyof M[K] & string]-?: FieldSpec<M[K][F]> } };

export type Parsed<T> =
  | { readonly ok: true; readonly message: T }
  /** `kind` names the problem from the spec's own words (never the sender's), so a log can say it once. */
  | { readonly ok: false; readonly kind: string; readonly detail: string };

/** A default cap for text: enough for any name or id a webview sends, far below what could hurt. */
const DEFAULT_MAX_TEXT = 1024;

function textProblem(value: unknown, maxLength: number, allowEmpty: boolean): string | undefined {
  if (typeof value !== 'string') return 'not a string';
  if (value.length > maxLength) return 'too long';
  if (!allowEmpty && value.length === 0) return 'empty';
  return undefined;
}

export const fields = {
  text(options: { readonly maxLength?: number; readonly allowEmpty?: boolean } = {}): FieldSpec<string> {
    return { problem: (v) => textProblem(v, options.maxLength ?? DEFAULT_MAX_TEXT, options.allowEmpty ?? false) };
  },
  /** A plain file name of a listing: no folders, no `.` or `..`, no control characters. */
  fileName(): FieldSpec<string> {
    return {
      problem: (v) => {
        const p = textProblem(v, 255, false);
        if (p) return p;
        // eslint-disable-next-line no-control-regex -- control characters are what this refuses.
        return /[\\/\u0000-\u001f\u007f]/.test(v as string) || v === '.' || v === '..' ? 'not a plain file name' : undefined;
      },
    };
  },
  textList(options: { readonly maxItems: number; readonly maxLength?: number }): FieldSpec<readonly string[]> {
    return {
      problem: (v) => {
        if (!Array.isArray(v)) return 'not a list';
        if (v.length > options.maxItems) return 'too many items';
        for (const item of v) {
          const p = textProblem(item, options.maxLength ?? DEFAULT_MAX_TEXT, false);
          if (p) return p;
        }
        return undefined;
      },
      copy: (v) => [...v],
    };
  },
  number(options: { readonly min?: number; readonly max?: number; readonly integer?: boolean } = {}): FieldSpec<number> {
    return {
      problem: (v) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) return 'not a finite number';
        if (options.integer && !Number.isInteger(v)) return 'not an integer';
        if ((options.min !== undefined && v < options.min) || (options.max !== undefined && v > options.max)) return 'out of range';
        return undefined;
      },
    };
  },
  boolean(): FieldSpec<boolean> {
    return { problem: (v) => (typeof v === 'boolean' ? undefined : 'not a boolean') };
  },
  /** One of a few words. */
  oneOf<T extends string>(values: readonly T[]): FieldSpec<T> {
    return { problem: (v) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? undefined : `not one of ${values.join(', ')}`) };
  },
  optional<T>(spec: FieldSpec<T>): FieldSpec<T | undefined> {
    return { problem: spec.problem, optional: true, copy: spec.copy as ((value: T | undefined) => T | undefined) | undefined };
  },
};

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const proto = Object.getPrototypeOf(raw);
  return proto === Object.prototype || proto === null;
}

/** A short description of what arrived, bounded whatever its size: the type and the field names. */
function preview(raw: unknown): string {
  const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}…` : s);
  if (!isPlainObject(raw)) return clip(Array.isArray(raw) ? `an array of ${raw.length}` : `${typeof raw} ${String(raw)}`, 120);
  const type = raw.type;
  const keys = Object.keys(raw).slice(0, 8).map((k) => clip(k, 30));
  return clip(`type ${typeof type === 'string' ? JSON.stringify(clip(type, 60)) : typeof type}, fields ${keys.join(', ')}`, 240);
}

/** The message if it is exactly one of the map's, or why not. */
export function parseMessage<M>(specs: PayloadSpecs<M>, raw: unknown): Parsed<MessageOf<M>> {
  const refuse = (kind: string): Parsed<MessageOf<M>> => ({ ok: false, kind, detail: preview(raw) });
  if (!isPlainObject(raw) || !Object.hasOwn(raw, 'type')) return refuse('not a message');
  const type = raw.type;
  if (typeof type !== 'string' || !Object.hasOwn(specs, type)) return refuse('unknown message');
  const payload = (specs as Record<string, Record<string, FieldSpec<unknown>>>)[type];
  for (const key of Object.keys(raw)) {
    if (key !== 'type' && !Object.hasOwn(payload, key)) return refuse(`${type}: unexpected field`);
  }
  const message: Record<string, unknown> = { type };
  for (const [name, spec] of Object.entries(payload)) {
    if (!Object.hasOwn(raw, name)) {
      if (spec.optional) continue;
      return refuse(`${type}.${name}: missing`);
    }
    const problem = spec.problem(raw[name]);
    if (problem) return refuse(`${type}.${name}: ${problem}`);
    message[name] = spec.copy ? spec.copy(raw[name]) : raw[name];
  }
  return { ok: true, message: message as MessageOf<M> };
}

/**
 * A type guard for the messages a page receives from its host (trusted, so only the name is checked):
 * the record lists every name of the map, which the compiler enforces.
 */
export function messageGuard<M>(names: { readonly [K in keyof M & string]: true }): (raw: unknown) => raw is MessageOf<M> {
  return (raw): raw is MessageOf<M> => isPlainObject(raw) && typeof raw.type === 'string' && Object.hasOwn(names, raw.type);
}
