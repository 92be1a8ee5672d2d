// What a JSON-schema check (Ajv) found, said in our words so that it can be translated: Ajv's own
// messages ("must be >= 1", "must be integer") are English and terse. Used for job specs and hub
// catalogs; keywords we do not word ourselves keep Ajv's text.
import type { ErrorObject } from 'ajv';
import { type MessageArg, msg } from './text/message';

const TYPES: Readonly<Record<string, MessageArg>> = {
  integer: msg('a whole number'),
  number: msg('a number'),
  string: msg('text'),
  boolean: msg('true or false'),
  object: msg('a mapping (key: value)'),
  array: msg('a list'),
  null: msg('empty (null)'),
};

/** The problem of one Ajv error, without the place it is at (the caller says where). */
export function schemaProblem(e: ErrorObject): MessageArg {
  const p = e.params as Record<string, unknown>;
  const limit = Number(p.limit);
  switch (e.keyword) {
    case 'type': {
      const types = String(p.type).split(',');
      return types.length === 1 && TYPES[types[0]] !== undefined ? msg('must be {0}', TYPES[types[0]]) : msg('must be of type {0}', String(p.type));
    }
    case 'minimum':
      return msg('must be at least {0}', limit);
    case 'maximum':
      return msg('must be at most {0}', limit);
    case 'exclusiveMinimum':
      return msg('must be more than {0}', limit);
    case 'exclusiveMaximum':
      return msg('must be less than {0}', limit);
    case 'minLength':
      return limit === 1 ? msg('must not be empty') : msg('must be at least {0} characters long', limit);
    case 'maxLength':
      return msg('must be at most {0} characters long', limit);
    case 'minItems':
      return limit === 1 ? msg('must list at least one item') : msg('must list at least {0} items', limit);
    case 'maxItems':
      return msg('must list at most {0} items', limit);
    case 'uniqueItems':
      return msg('must not list the same item twice');
    case 'const':
      return msg('must be {0}', JSON.stringify(p.allowedValue));
    case 'enum':
      return msg('must be one of {0}', (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', '));
    case 'required':
      return msg('"{0}" is required', String(p.missingProperty));
    case 'additionalProperties':
      return msg('unknown field "{0}"', String(p.additionalProperty));
    default:
      return e.message ?? msg('is not valid');
  }
}
