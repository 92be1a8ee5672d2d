// The names a request's suggestion keeps to after a dot (memberNames.ts): a local module's after
// `module.`, a script's own argparse options after `args.`, a Hydra config's keys after `cfg.`, and
// the keys of a data file inside `tree["` (keyNames.ts), each read on the request's tree only when a
// suggestion meets the name.
import { namespaceLookup } from '../context/argparseNames';
import { configLookup } from '../context/hydraNames';
import { dataKeyLookup } from '../context/dataNames';
import type { DataFileKeys } from '../context/dataKeys';
import type { ConfigKeys } from '../context/hydraConfig';
import { boundOtherwise, withoutRebound } from '../context/moduleNames';
import type { MemberLookup, MemberNames } from './memberNames';
import type { PythonSyntax } from './pythonSyntax';

/** What the workspace context has read for a document: its local modules' names, its Hydra configs' keys, its data files' keys. */
export interface ProjectNames {
  memberNames(uri: string): MemberNames;
  hydraConfigs(uri: string): ReadonlyMap<string, ConfigKeys>;
  dataFiles(uri: string): ReadonlyMap<string, DataFileKeys>;
}

/** A lookup that asks each of `lookups` in turn. */
export function firstLookup(...lookups: (MemberLookup | undefined)[]): MemberLookup | undefined {
  const present = lookups.filter((l): l is MemberLookup => l !== undefined);
  if (present.length <= 1) return present[0];
  return {
    get: (chain) => present.reduce<readonly string[] | undefined>((found, l) => found ?? l.get(chain), undefined),
    // Those of the lookup that gave the names (each keeps what it read: asking again costs nothing).
    uncallable: (chain) => present.find((l) => l.get(chain) !== undefined)?.uncallable?.(chain),
    columns: (chain) => present.find((l) => l.get(chain) !== undefined)?.columns?.(chain),
  };
}

/**
 * The lookup for a request at `offset` in `window` (the document `uri`'s text around the cursor;
 * `whole` when that is all of it), with what `project` has read of the local modules, Hydra configs and
 * data files the document names (the workspace context; none: the document alone).
 */
export function requestNames(syntax: PythonSyntax, uri: string, window: string, offset: number, whole: boolean, project: ProjectNames | undefined): MemberLookup | undefined {
  const modules = project?.memberNames(uri);
  const configs = project?.hydraConfigs(uri) ?? new Map<string, ConfigKeys>();
  const files = project?.dataFiles(uri) ?? new Map<string, DataFileKeys>();
  // Read in idle time: a binding typed since then (`def evaluate(model):`) is checked, when a suggestion
  // meets the module, on the tree analyze() just made.
  const ofModules = modules && modules.size > 0 ? withoutRebound(modules, (name) => syntax.withTree(window, (root) => boundOtherwise(root, window, name), uri) ?? true) : undefined;
  // Only from the whole document: an option or a binding out of the window would be missed.
  const ofNamespaces = whole ? namespaceLookup(window, offset, syntax, uri) : undefined;
  const ofConfigs = whole ? configLookup(window, offset, syntax, configs, uri) : undefined;
  // Chains ending in `[` (keyNames.ts): the keys of a data file the script opens.
  const ofData = whole ? dataKeyLookup(window, offset, syntax, files, uri) : undefined;
  return firstLookup(ofModules, ofNamespaces, ofConfigs, ofData);
}
