// The class list of a labelled folder, as the user keeps it: classes.txt (one name a line, YOLO's and
// labelme's convention) or the `names` of a YOLO data.yaml (a list, or a map from id to name). The
// order is the class ids' order and is never changed: a class id is the place of its name.
import { parse } from 'yaml';
import { classNameFault } from '../protocol/annotationMessages';
import { type Message, msg } from '../text/message';
import { AnnotationError } from './shapes';

/**
 * Why a class name cannot be used (the rule is classNameFault's: one line, no blanks at either end,
 * not empty), with what to do; the name is shown quoted with its escapes, so that a line break or a
 * trailing space can be seen.
 */
export function classNameProblem(name: string): Message | undefined {
  const fault = classNameFault(name);
  if (!fault) return undefined;
  const shown = JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
  switch (fault) {
    case 'empty':
      return msg('a class name is empty: give the class a name');
    case 'long':
      return msg('the class name {0} is longer than 200 characters: give the class a shorter name', shown);
    case 'control':
      return msg('the class name {0} holds a line break, a tab or another control character: rename the class to one line of plain text', shown);
    case 'space':
      return msg('the class name {0} begins or ends with a blank: remove the blank from the name', shown);
  }
}

/** Throws the first name's problem (classNameProblem), with where it came from when `where` says it. */
export function checkClassNames(names: Iterable<string>, where?: (name: string, problem: Message) => Message): void {
  for (const name of names) {
    const problem = classNameProblem(name);
    if (problem) throw new AnnotationError(where ? where(name, problem) : problem);
  }
}

export function parseClassesTxt(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim());
  // Trailing empty lines are the file's end; an empty line between names would shift every id after it.
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const empty = lines.indexOf('');
  if (empty >= 0) throw new AnnotationError(msg('an empty line between class names would give a class with no name; remove it or name the class'), empty + 1);
  lines.forEach((name, i) => {
    const problem = classNameProblem(name);
    if (problem) throw new AnnotationError(problem, i + 1);
  });
  return checkUnique(lines);
}

export function parseDataYamlNames(text: string): string[] {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 10 });
  } catch (err) {
    throw new AnnotationError(msg('data.yaml is not valid YAML ({0})', err instanceof Error ? err.message : String(err)));
  }
  const names = (doc as { names?: unknown } | null)?.names;
  if (Array.isArray(names)) return checkUnique(names.map((n, i) => nameOf(n, i)));
  if (names && typeof names === 'object') {
    // {0: person, 1: bicycle}: ids must run 0, 1, 2… with none missing.
    const entries = Object.entries(names as Record<string, unknown>).map(([k, v]) => [Number(k), v] as const);
    for (const [id] of entries) {
      if (!Number.isInteger(id) || id < 0) throw new AnnotationError(msg('data.yaml names: "{0}" is not a class id (0, 1, 2…)', id));
    }
    // The holes are found among 0…n−1 before any id is used as a place: n ids with one beyond n−1
    // leave one of those out, and a huge id used as a place made a list of that many holes.
    const ids = new Set(entries.map(([id]) => id));
    for (let id = 0; id < entries.length; id++) if (!ids.has(id)) throw new AnnotationError(msg('data.yaml names: class {0} has no name', id));
    const out: string[] = [];
    for (const [id, v] of entries) out[id] = nameOf(v, id);
    return checkUnique(out);
  }
  throw new AnnotationError(msg('data.yaml has no `names` (a list of class names, or a map from id to name)'));
}

function nameOf(v: unknown, id: number): string {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string' || !v.trim()) throw new AnnotationError(msg('data.yaml names: class {0} has no name', id));
  const name = v.trim();
  const problem = classNameProblem(name);
  if (problem) throw new AnnotationError(msg('data.yaml names: class {0}: {1}', id, problem));
  return name;
}

function checkUnique(names: string[]): string[] {
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    if (seen.has(n)) throw new AnnotationError(msg('class "{0}" is listed twice (ids {1} and {2}): a label could not say which it means', n, seen.get(n)!, i));
    seen.set(n, i);
  });
  return names;
}

/**
 * The classes a save writes (classes.txt, data.yaml, COCO categories): the document's in its order,
 * less those that only suggestions brought in and no label uses (every suggestion of such a class
 * may have been rejected: the class list would grow, and data.yaml's nc change, for nothing), then
 * any class a label uses that the list lacks (one a folder run's suggestion brought and the user accepted).
 */
export function classesToSave(classes: readonly string[], suggestedOnly: ReadonlySet<string>, labels: readonly { readonly label: string }[]): string[] {
  const used = labels.map((s) => s.label);
  const usedSet = new Set(used);
  const out = classes.filter((c) => usedSet.has(c) || !suggestedOnly.has(c));
  for (const c of used) if (!out.includes(c)) out.push(c);
  return out;
}
