// A script's text read for its data files before (or beside) its tree, for dataNames.ts: the names
// it imports the readers' modules under, the names that may hold a file (only those are read on the
// tree), and where it writes keys (a name holding such keys may hold keys the file lacks).
import type { Node } from 'web-tree-sitter';

/** The names a document imports modules under (`np` → numpy, `File` → h5py.File), read from its import lines. */
export function moduleAliases(source: string): Map<string, string> {
  const aliases = new Map<string, string>();
  // Character classes that cannot both match a blank: a line of blanks is read in linear time.
  for (const m of source.matchAll(/^[ \t]*import[ \t]([^#\n]*)/gm)) {
    for (const part of m[1].split(',')) {
      const one = /^\s*([\w.]+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (one) aliases.set(one[2] ?? one[1].split('.')[0], one[2] ? one[1] : one[1].split('.')[0]);
    }
  }
  for (const m of source.matchAll(/^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]([^#\n]*)/gm)) {
    for (const part of m[2].replace(/[()]/g, '').split(',')) {
      const one = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
      if (one) aliases.set(one[2] ?? one[1], `${m[1]}.${one[1]}`);
    }
  }
  return aliases;
}

/** uproot's `file.root:tree`: the file and the object in it (a colon after the file's extension). */
export function splitObjectPath(value: string): { readonly file: string; readonly object: string } {
  const m = /^(.*?\.(?:root))(?::(.*))?$/i.exec(value);
  return m ? { file: m[1], object: m[2] ?? '' } : { file: value, object: '' };
}

/** What a binding's right side has when it may hold a data file: an opener's call, a subscript, a tree's arrays. */
const DATA_VALUE = /\b(?:open|File|load|read_parquet|read_table|from_parquet|arrays|iterate|concatenate)\s*\(|\[/;

/**
 * The names the document binds to what may be a data file (`t = uproot.open(…)`, `jets = f["jets"]`,
 * `with h5py.File(…) as f`, `for batch in tree.iterate(…)`, a function's parameters): only those are read, and the reading of
 * each costs a pass over the tree. Read once per request, before any parse, a line at a time.
 */
export function dataHolders(source: string): Set<string> {
  const names = new Set<string>();
  // A function's parameters, which its calls may hand a file (`def select(events):`); a `(` in a default ends the list read.
  for (const m of source.matchAll(/\bdef[ \t]+\w+[ \t]*\(([^()]{0,2000})/g)) {
    for (const p of m[1].matchAll(/(?:^|,)\s*([A-Za-z_]\w*)/g)) names.add(p[1]);
  }
  const lines = source.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.length > 2000) continue;
    const bound = /^\s*(?:async\s+)?(?:with\b(.*)\bas\s+([A-Za-z_]\w*)|for\s+([A-Za-z_]\w*)\s+in\b(.*)|([A-Za-z_]\w*)\s*(?::[^=]{0,120})?=(?!=)(.*))/.exec(line);
    let value = bound ? (bound[1] ?? bound[4] ?? bound[6]) : undefined;
    // A value that goes on below (`tree = (` then `    uproot.open(path)["events"]`): a few lines of it.
    if (bound?.[6] !== undefined && /[([{\\]\s*(?:#.*)?$/.test(value!)) value += lines.slice(i + 1, i + 4).filter((l) => l.length <= 2000).join('\n');
    if (bound && value !== undefined && DATA_VALUE.test(value)) names.add(bound[2] ?? bound[3] ?? bound[5]);
  }
  // A loop over what names hold (`for frame in (train, test):`) binds its target to one of them, and
  // unpacked targets (`a, b = df, 1`) may be bound to one.
  const mentions = (text: string): boolean => DATA_VALUE.test(text) || [...text.matchAll(/[A-Za-z_]\w*/g)].some((w) => names.has(w[0]));
  for (const m of source.matchAll(/^[ \t]*(?:async[ \t]+)?for[ \t]+([A-Za-z_]\w*)[ \t]+in\b([^\n]{0,2000})/gm)) if (mentions(m[2])) names.add(m[1]);
  for (const m of source.matchAll(/^[ \t]*\(?([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)+)[ \t]*,?\)?[ \t]*=(?!=)([^\n]{0,2000})/gm)) {
    if (mentions(m[2])) for (const target of m[1].split(',')) names.add(target.trim());
  }
  return names;
}

/** Methods that add, move or drop keys in place (h5py's groups, pandas' frames). */
const KEY_WRITERS = 'create_dataset|create_group|require_dataset|require_group|move|copy|insert|rename|update|setdefault|pop|popitem|clear|__setitem__|__delitem__';

/**
 * Whether the document writes or deletes keys on `name` (`df["pt2"] = …`, `df.loc[:, "x"] = …`,
 * `f["g"]["x"] = …`, `del f["x"]`, `f.create_dataset(…)`, `df.columns = …`, `inplace=True`), or hands
 * it to another name (`ev = df`, which may write them): it may then hold keys the file lacks, and the
 * model may be writing a new one.
 */
export function writesKeys(source: string, name: string): boolean {
  return new RegExp([...keyWrites(name), `(?<![\\w.])[A-Za-z_]\\w*\\s*=\\s*${name}\\s*(?:[#;\\n]|$)`].join('|')).test(source);
}

/** The ways a statement writes or deletes keys on `name` (a name, or a pattern that matches one). */
function keyWrites(name: string): string[] {
  const subscripts = `(?:\\s*(?:\\.\\s*(?:loc|iloc|at|iat)\\s*)?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\]){0,400}\\])+`;
  const assign = `\\s*(?:[-+*/%&|^@]|//|<<|>>|\\*\\*)?=(?!=)`;
  return [
    // `df["pt2"] = …`, `df["pt2"]: float = …`, `df.loc[:, "x"] += …`
    `(?<![\\w.])${name}${subscripts}(?:\\s*:[^=\\n]{1,120})?${assign}`,
    // `del df["x"]`, `del a, df["x"]`
    `\\bdel\\s+(?:[^\\n#]{0,400}?,\\s*)?${name}\\s*[\\[.]`,
    `(?<![\\w.])${name}\\s*\\.\\s*(?:${KEY_WRITERS})\\s*\\(`,
    `(?<![\\w.])${name}\\s*\\.\\s*columns${assign}`,
    `(?<![\\w.])${name}\\s*\\.\\s*\\w+\\s*\\([^()]{0,400}\\binplace\\s*=\\s*True`,
  ];
}

/** Write sites read at most for one request: a script writing keys at more places than this gets no list. */
const MAX_WRITE_SITES = 200;

/**
 * Where the document writes or deletes keys on a name of `names` (the names that may hold a file),
 * each the name's node in `root`; undefined past MAX_WRITE_SITES.
 */
export function writeSites(root: Node, source: string, names: ReadonlySet<string>): Node[] | undefined {
  const sites: Node[] = [];
  const pattern = new RegExp(keyWrites('(?<written>[A-Za-z_]\\w*)').map((p, i) => p.replace('(?<written>', `(?<written${i}>`)).join('|'), 'gd');
  for (const m of source.matchAll(pattern)) {
    const [start, end] = Object.values(m.indices?.groups ?? {}).find((g) => g !== undefined) ?? [0, 0];
    const name = source.slice(start, end);
    if (!names.has(name)) continue;
    const node = root.descendantForIndex(start, end);
    if (node?.type !== 'identifier' || node.text !== name) continue;
    if (sites.push(node) > MAX_WRITE_SITES) return undefined;
  }
  return sites;
}
