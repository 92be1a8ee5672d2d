// Which names hold a Hydra application's config at the cursor (`cfg` in a `@hydra.main(…)` function,
// or in a function of the document every call of which hands it that config, or one node of it:
// `net_cfg` in `def build(net_cfg)` called as `build(cfg.model)`), so that after `cfg.`
// or `cfg.model.` a suggestion keeps to the keys the config files give there (hydraConfig.ts reads
// them in idle time), as it keeps to a script's argparse options after `args.` (argparseNames.ts).
// A small model writes keys of its own (`cfg.model.hidden_size` for `hidden_dim`) that fail only
// when the job runs, often minutes later on a cluster. Wherever a reading could be wrong, the model
// writes what it likes.
import type { Node } from 'web-tree-sitter';
import type { MemberLookup } from '../completion/memberNames';
import type { PythonSyntax } from '../completion/pythonSyntax';
import { NamespaceReader } from './argparseReader';
import type { ConfigKeys } from './hydraConfig';
import { readAtCursor, unreadableAt } from './cursorTree';

/** What every DictConfig node has besides its keys: its private attributes and dunders, always in the list. */
const DICT_CONFIG_OWN = [
  '_content', '_flags_cache', '_get_flag', '_get_full_key', '_get_node', '_is_interpolation', '_is_missing', '_is_none', '_key', '_metadata', '_parent', '_set_flag',
  '__class__', '__contains__', '__deepcopy__', '__delattr__', '__delitem__', '__dict__', '__dir__', '__doc__', '__eq__', '__format__', '__getattr__', '__getattribute__',
  '__getitem__', '__getstate__', '__hash__', '__init__', '__iter__', '__len__', '__module__', '__ne__', '__repr__', '__setattr__', '__setitem__', '__setstate__', '__str__',
  '__init_subclass__', '__new__', '__reduce__', '__reduce_ex__', '__sizeof__', '__subclasshook__', '__weakref__',
];
/**
 * Its public methods (a MutableMapping's too): in the list only where the document calls one on
 * something (`.items()`). Else the model, kept from a key it wanted, slips into one (`cfg.optimizer.`
 * → `setdefault()`), which is code but seldom what a training script reads there.
 */
const DICT_CONFIG_METHODS = ['clear', 'copy', 'get', 'items', 'items_ex', 'keys', 'merge_with', 'merge_with_cli', 'merge_with_dotlist', 'pop', 'popitem', 'setdefault', 'update', 'values'];

/** The names after a node with `keys` in `source`. */
function namesOf(keys: ReadonlySet<string>, source: string): string[] {
  const called = DICT_CONFIG_METHODS.filter((m) => new RegExp(`\\.\\s*${m}\\s*\\(`).test(source));
  return [...new Set([...keys, ...DICT_CONFIG_OWN, ...called])].sort();
}

/** A document that opens a config to new keys or merges others into it: its keys are not the files' alone. */
const OPENED = /\bopen_dict\b|\bset_struct\b|\bflag_override\b|\b_set_flag\b|\bmerge_with(?:_cli|_dotlist)?\b|\bOmegaConf\s*\.\s*(?:merge|unsafe_merge|update)\b|\bConfigStore\b|\bsetattr\s*\(\s*(?!(?:self|cls)\s*,)/;

/** A decorator that may be Hydra's: only a document with one can hold a config. */
const HAS_MAIN = /@[ \t]*(?:hydra[ \t]*\.[ \t]*)?main[ \t]*\(/;

/** The nodes of the configs whose keys are known (dotted paths, the root '' first). */
const nodesOf = (configs: ReadonlyMap<string, ConfigKeys>): string[] => [...new Set([...configs.values()].flatMap((k) => [...k].filter(([, keys]) => keys !== null).map(([at]) => at)))].sort((a, b) => a.length - b.length);

/**
 * The keys of the config node `name` holds at the cursor (the root, or a node handed on: `def
 * build(model_cfg)` called as `build(cfg.model)`), under `path` (dotted keys after the name); see configNamesAt.
 */
function keysAt(root: Node, offset: number, name: string, path: string, configs: ReadonlyMap<string, ConfigKeys>, source: string): readonly string[] | undefined | null {
  const at = root.descendantForIndex(Math.max(0, offset - 1), offset);
  if (!at) return undefined;
  if (unreadableAt(at, source.lastIndexOf('\n', offset - 1) + 1)) return null;
  const reader = new NamespaceReader(root, source);
  const held = reader.configNodeAt(name, at, nodesOf(configs));
  if (held === undefined || reader.configs.size !== 1) return undefined;
  const full = [held, path].filter(Boolean).join('.');
  const config = configs.get([...reader.configs][0]);
  if (!config || !reachable(config, full) || nodeRebound(source, full)) return undefined;
  const keys = config.get(full);
  return keys ? namesOf(keys, source) : undefined;
}

/** DictConfig's own attributes: a key so named is not reached by `.key` (`cfg.values` is the method). */
const NOT_KEYS = new Set([...DICT_CONFIG_OWN, ...DICT_CONFIG_METHODS]);

/** Whether every node on the way to `path` has its keys known and the next key among them, none of them named as DictConfig's own. */
function reachable(config: ConfigKeys, path: string): boolean {
  const parts = path ? path.split('.') : [];
  return parts.every((key, i) => !NOT_KEYS.has(key) && config.get(parts.slice(0, i).join('.'))?.has(key) === true);
}

/**
 * Whether the document writes or deletes a key on the way to `path` on anything but `self` or `cls`
 * itself (`cfg.model = …`, `m["fc_params"] = …`, `del c.model.fc_params`, `self.c.model = …`): that
 * node could then have other keys. Read from the text alone, on any receiver: which names may hold a
 * node where a write stands cannot be told surely (a helper called with a node and with other things).
 */
function nodeRebound(source: string, path: string): boolean {
  for (const key of path ? path.split('.') : []) {
    const target = `(?:\\s*\\.\\s*${key}|\\s*\\[\\s*["']${key}["']\\s*\\])`;
    const receiver = `(?<![\\w.])([A-Za-z_]\\w*)((?:\\s*\\.\\s*\\w+|\\s*\\[[^\\]\\n]*\\])*?)`;
    const write = new RegExp(`(\\bdel\\s+)?${receiver}${target}(?:\\s*(?:[-+*/%&|^@]|//|<<|>>|\\*\\*)?=(?!=))?`, 'g');
    for (const m of source.matchAll(write)) {
      const writes = m[1] !== undefined || /=$/.test(m[0]);
      if (writes && !(/^(self|cls)$/.test(m[2]) && m[3] === '')) return true;
    }
  }
  return false;
}

/** The names worth reading for a config: a `@hydra.main` function's first parameter, and those the document reads a key of the config on. */
function candidates(source: string, keys: ReadonlySet<string>): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/@[ \t]*(?:hydra[ \t]*\.[ \t]*)?main[ \t]*\([^()]*\)\s*(?:@[^\n]*\n\s*)*(?:async\s+)?def\s+\w+\s*\(\s*([A-Za-z_]\w*)/g)) names.add(m[1]);
  // Not `self` or `cls`: an instance is no config (`self.model = …` reads a key's name, not a key).
  for (const m of source.matchAll(/(?<![\w.])([A-Za-z_]\w*)[ \t]*\.[ \t]*([A-Za-z_]\w*)/g)) if (keys.has(m[2]) && m[1] !== 'self' && m[1] !== 'cls') names.add(m[1]);
  return names;
}

/**
 * The rule's lookup for a request at `offset` in `source` (the whole document, `document` in
 * `syntax`), with `configs` the keys of the configs read for the document (by hydraKey): a chain that
 * is a name holding a config, then keys of it (`cfg`, `cfg.model`), gives the keys there. Each chain is
 * read once, on the document's tree, and only when a suggestion meets it.
 */
export function configLookup(source: string, offset: number, syntax: Pick<PythonSyntax, 'withTree'>, configs: ReadonlyMap<string, ConfigKeys>, document?: string): MemberLookup | undefined {
  if (configs.size === 0 || !HAS_MAIN.test(source) || OPENED.test(source)) return undefined;
  let names: Set<string> | undefined;
  const read = new Map<string, readonly string[] | undefined>();
  const keys = new Map<string, ReadonlySet<string>>();
  const lookup: MemberLookup = {
    get(chain: string): readonly string[] | undefined {
      const dot = chain.indexOf('.');
      const head = dot < 0 ? chain : chain.slice(0, dot);
      names ??= candidates(source, new Set([...configs.values()].flatMap((k) => [...k.values()].flatMap((keys) => [...(keys ?? [])]))));
      if (!names.has(head)) return undefined;
      if (!read.has(chain)) read.set(chain, configNamesAt(syntax, source, offset, chain, configs, document));
      return read.get(chain);
    },
    // A config's keys hold values or nodes, never a function (`cfg.optimizer.betas()` was suggested): instantiate() calls a `_target_`.
    uncallable(chain: string): ReadonlySet<string> | undefined {
      const found = lookup.get(chain);
      if (found && !keys.has(chain)) keys.set(chain, new Set(found.filter((n) => !NOT_KEYS.has(n))));
      return found && keys.get(chain);
    },
  };
  return lookup;
}

/** After `chain.` at `offset` in `source` (`cfg`, `cfg.model`), the keys the config has there, or undefined where the reading is not sure. */
export function configNamesAt(syntax: Pick<PythonSyntax, 'withTree'>, source: string, offset: number, chain: string, configs: ReadonlyMap<string, ConfigKeys>, document?: string): readonly string[] | undefined {
  const dot = chain.indexOf('.');
  const head = dot < 0 ? chain : chain.slice(0, dot);
  const path = dot < 0 ? '' : chain.slice(dot + 1);
  return readAtCursor(syntax, source, offset, (root, text, at) => keysAt(root, at, head, path, configs, text), document);
}
