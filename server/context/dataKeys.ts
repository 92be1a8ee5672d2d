// The keys of a data file as a script's subscripts reach them (`f["events"]`, `tree["Jet_Px"]`,
// `h5["entry/data"]`, `npz["X_train"]`, `df["pt"]`), from the description the data explorer's reader
// gives (core/data/workers/dataJobs.ts): what server/completion/keyNames.ts keeps a suggestion to.
import type { FileDescription } from '../../core/data/workers/dataJobs';

export type DataFormat = 'root' | 'hdf5' | 'npz' | 'parquet';

/** A data file's keys by the node they are under ('' the file; a ROOT tree by its name; an HDF5 group by its path, no leading slash), each list sorted. */
export interface DataFileKeys {
  readonly format: DataFormat;
  readonly nodes: ReadonlyMap<string, readonly string[]>;
  /** ROOT: the trees, whose `arrays(…)` read their branches. */
  readonly trees: ReadonlySet<string>;
}

/** Keys kept per file at most: a list past this is cut, and a cut list would turn the model from real keys. */
const MAX_KEYS = 20_000;

const sortedUnique = (names: Iterable<string>): string[] => [...new Set(names)].sort();

/**
 * The branches above a split object's leaf, which uproot reads as keys too: `Jet` and `Jet.PT`'s
 * parent for Delphes' `Jet.PT`, `event` for `event/fTracks.fPx`.
 */
function parentsOf(name: string): string[] {
  const parents: string[] = [];
  for (const m of name.matchAll(/[./]/g)) if (m.index > 0) parents.push(name.slice(0, m.index));
  return parents;
}

/** The keys of a described file, or undefined where they are not all known (a walk cut short) or too many. */
export function keysOfDescription(description: FileDescription): DataFileKeys | undefined {
  const nodes = new Map<string, string[]>();
  const trees = new Set<string>();
  if (description.format === 'root') {
    // The file's top directory: a tree in a subdirectory is not described, and its path is no key we list.
    nodes.set('', sortedUnique([...description.keys.map((k) => k.name), ...description.trees.map((t) => t.name)]));
    for (const tree of description.trees) {
      nodes.set(tree.name, sortedUnique(tree.branches.flatMap((b) => [b.name, ...parentsOf(b.name)])));
      trees.add(tree.name);
    }
  } else if (description.format === 'hdf5') {
    if (description.skipped.length > 0) return undefined;
    // h5py reaches a dataset from any group above it by its relative path (`f["entry/data/data"]`).
    const datasets = description.groups.flatMap((g) => g.datasets.map((d) => `${g.path.replace(/^\/+|\/+$/g, '')}/${d.name}`.replace(/^\/+/, '')));
    const below = new Map<string, Set<string>>();
    for (const full of datasets) {
      const parts = full.split('/');
      for (let at = 0; at < parts.length; at++) {
        const group = parts.slice(0, at).join('/');
        const set = below.get(group) ?? new Set<string>();
        for (let end = at + 1; end <= parts.length; end++) set.add(parts.slice(at, end).join('/'));
        below.set(group, set);
      }
    }
    if (below.size === 0) below.set('', new Set());
    for (const [group, keys] of below) nodes.set(group, sortedUnique(keys));
  } else if (description.format === 'npz') {
    // np.load's keys are every member's name, `.npy` dropped: the members it does not read are keys too.
    nodes.set('', sortedUnique([...description.arrays.map((a) => a.name), ...description.skipped.map((name) => name.replace(/\.npy$/, ''))]));
  } else if (description.format === 'parquet') {
    // A nested column's path (`jet.pt`, `parts.list.element`) is reached by its top-level name.
    nodes.set('', sortedUnique(description.columns.map((c) => c.name.split('.')[0])));
  } else return undefined;
  let count = 0;
  for (const keys of nodes.values()) count += keys.length;
  return count > MAX_KEYS ? undefined : { format: description.format, nodes, trees };
}

/**
 * The keys every one of `files` has (the files a pattern names, which uproot reads together): per node,
 * the keys all of them list (a node none of whose keys they share is left out); undefined where one
 * has no keys known or they are of several formats.
 */
export function commonKeys(files: readonly (DataFileKeys | undefined)[]): DataFileKeys | undefined {
  const [first, ...rest] = files;
  if (!first || rest.some((k) => !k || k.format !== first.format)) return undefined;
  const others = rest as DataFileKeys[];
  const nodes = new Map<string, string[]>();
  for (const [node, keys] of first.nodes) {
    const lists = others.map((k) => k.nodes.get(node));
    if (lists.some((l) => l === undefined)) continue;
    const sets = lists.map((l) => new Set(l));
    const common = keys.filter((key) => sets.every((set) => set.has(key)));
    // No key in common: the files are no set one reads together, and no list would be right.
    if (common.length > 0) nodes.set(node, common);
  }
  const trees = new Set([...first.trees].filter((t) => nodes.has(t) && others.every((k) => k.trees.has(t))));
  return { format: first.format, nodes, trees };
}

/**
 * What a script's expression holds of a data file: a node of it, or a ROOT tree's arrays read as a
 * record (`tree.arrays([…])`); `awkward` where that is an ak.Array (uproot's default library), whose
 * fields are attributes too (`events.Jet_Px`).
 */
export type DataRef = { readonly kind: 'node'; readonly file: string; readonly keys: DataFileKeys; readonly path: string } | { readonly kind: 'record'; readonly fields: readonly string[]; readonly awkward?: boolean };

/** A ref's identity, for telling whether two bindings hold the same keys (an awkward array and a dict of the same branches do). */
export const refKey = (ref: DataRef): string => (ref.kind === 'node' ? `node\n${ref.file}\n${ref.path}` : `record\n${ref.fields.join('\n')}`);

/**
 * The one ref all of `refs` are (the same keys), undefined where one is none or another: an awkward
 * array only where every one is (a name bound to `arrays()` here and `arrays(library="np")` there
 * has the branches as keys, not as attributes).
 */
export function sameRef(refs: readonly (DataRef | undefined)[]): DataRef | undefined {
  const first = refs[0];
  if (!first || !refs.every((r) => r && refKey(r) === refKey(first))) return undefined;
  return first.kind === 'record' ? { ...first, awkward: refs.every((r) => r?.kind === 'record' && r.awkward === true) } : first;
}

/** The node a string subscript of `ref` reaches (`f["events"]`, `h5["entry"]`), or undefined where that has no keys we know. */
export function childOf(ref: DataRef | undefined, key: string): DataRef | undefined {
  if (ref?.kind !== 'node') return undefined;
  const { format } = ref.keys;
  let path: string | undefined;
  // uproot takes a key with its cycle (`events;1`); a tree's branch has no keys we list.
  if (format === 'root') path = ref.path === '' ? key.replace(/;\d+$/, '') : undefined;
  // h5py reads `/x` from the file's root wherever it is asked.
  else if (format === 'hdf5') path = key.startsWith('/') ? key.replace(/^\/+|\/+$/g, '') : [ref.path, key.replace(/\/+$/, '')].filter(Boolean).join('/');
  return path !== undefined && ref.keys.nodes.has(path) ? { ...ref, path } : undefined;
}

/** The keys a subscript of `ref` may name, sorted, or undefined where they are not known. */
export function keysOf(ref: DataRef | undefined): readonly string[] | undefined {
  if (!ref) return undefined;
  return ref.kind === 'record' ? sortedUnique(ref.fields) : ref.keys.nodes.get(ref.path);
}

/** A ROOT tree's branches, for the list its `arrays(…)` reads; undefined for anything else. */
export function branchesOf(ref: DataRef | undefined): readonly string[] | undefined {
  return ref?.kind === 'node' && ref.keys.trees.has(ref.path) ? ref.keys.nodes.get(ref.path) : undefined;
}
