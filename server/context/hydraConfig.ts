// The keys a Hydra application's config can have, read from its YAML files the way Hydra composes
// them (the primary config, its defaults list, each config group's options and their own defaults
// lists, packages from the defaults list or a `# @package` directive), so that after `cfg.` in the
// application a suggestion keeps to them (hydraNames.ts). A config group counts with every option in
// its folder: the command line can choose any of them (`python train.py model=transformer`). Hydra
// keeps the config in struct mode, so a key no file gives fails when the script runs.
// Wherever the files do not say (a config from a ConfigStore or a plugin, a search path, a package
// we cannot place, an interpolated node), the answer is no keys, and the model writes freely.
import { readFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'yaml';

/** Per node of the config (its path of keys, joined by dots; '' the root), its keys; null where a file leaves them open. */
export type ConfigKeys = ReadonlyMap<string, ReadonlySet<string> | null>;

/** Config files read at most for one application, and bytes per file: beyond, no keys. */
const MAX_FILES = 200;
const MAX_FILE_BYTES = 256 * 1024;
/** Defaults lists followed into each other at most. */
const MAX_DEPTH = 8;

/** A reading the files cannot finish: the application gets no keys. */
class Unreadable extends Error {}

/** A config as a defaults list names it: its group (folder, '' for the top), its name, and its package. */
interface ConfigRef {
  readonly group: string;
  readonly name: string;
  /** The package from the defaults list, absolute; undefined where the list leaves it to the file. */
  readonly package?: string;
}

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const dotted = (group: string): string => group.split('/').filter(Boolean).join('.');
const join = (...parts: string[]): string => parts.filter(Boolean).join('.');
/** A value that is one interpolation (`${model}`, `${oc.create:…}`): a node whose keys the files do not say. */
const INTERPOLATION = /^\$\{[^]*\}$/;
/** A name or a path of a config as the defaults list writes it: no `..`, nothing odd. */
const CONFIG_PATH = /^[\w.-]+(?:\/[\w.-]+)*$/;

/** A package as written (`_group_._name_`, `_global_.db`, `backup`), with its keywords put in; undefined where Hydra would refuse it. */
function expandPackage(written: string, group: string, name: string, including: string): string | undefined {
  const parts = written.split('.');
  const out: string[] = [];
  let base = including;
  for (const [i, part] of parts.entries()) {
    if (part === '_global_' && i === 0) base = '';
    else if (part === '_here_' && i === 0) base = including;
    else if (part === '_group_') out.push(dotted(group));
    else if (part === '_name_') out.push(name);
    else if (/^\w+$/.test(part)) out.push(part);
    else return undefined;
  }
  return join(base, ...out);
}

/** The `# @package` directive of a config file's header (its comment lines before any content), if it has one. */
function packageDirective(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*$/.test(line)) continue;
    if (!/^\s*#/.test(line)) return undefined;
    const m = /^\s*#\s*@package\s*:?\s*(\S+)/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

class Composer {
  private files = 0;
  readonly keys = new Map<string, Set<string> | null>();
  /** Files and folders read, for reading again when one changes. */
  readonly consulted = new Set<string>();
  private readonly seen = new Set<string>();

  constructor(private readonly dir: string) {}

  private async text(file: string): Promise<string | undefined> {
    this.consulted.add(file);
    if (++this.files > MAX_FILES) throw new Unreadable(`more than ${MAX_FILES} config files`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    if (text.length > MAX_FILE_BYTES) throw new Unreadable(`${file} is too large to read`);
    return text;
  }

  /** The options of a config group: the names of the YAML files in its folder; undefined where there is no folder. */
  async options(group: string): Promise<string[] | undefined> {
    const folder = path.join(this.dir, ...group.split('/'));
    this.consulted.add(folder);
    try {
      return (await readdir(folder, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.yaml')).map((e) => e.name.slice(0, -'.yaml'.length));
    } catch {
      return undefined;
    }
  }

  /** Reads one config into the keys, and the configs its defaults list names; `optional`: a missing file adds nothing. */
  async config(ref: ConfigRef, depth: number, optional = false): Promise<void> {
    if (depth > MAX_DEPTH) throw new Unreadable('defaults lists nested too deep');
    const file = path.join(this.dir, ...ref.group.split('/').filter(Boolean), `${ref.name}.yaml`);
    const text = await this.text(file);
    if (text === undefined) {
      if (optional) return;
      // Not on disk: a config from a ConfigStore or a plugin, which the files do not show.
      throw new Unreadable(`${file} is not on disk`);
    }
    const directive = packageDirective(text);
    const pkg = ref.package ?? (directive === undefined ? dotted(ref.group) : expandPackage(directive, ref.group, ref.name, ''));
    if (pkg === undefined) throw new Unreadable(`the package of ${file} cannot be read`);
    // A config read twice at the same place adds nothing (two entries, or a cycle).
    const key = `${file}@${pkg}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    let content: unknown;
    try {
      content = parse(text, { merge: true, maxAliasCount: 1000 });
    } catch (err) {
      throw new Unreadable(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (content === null || content === undefined) content = {};
    if (!isMapping(content)) throw new Unreadable(`${file} is not a mapping`);
    const { defaults, ...rest } = content;
    // The primary config's `hydra` node configures Hydra itself; the application's config has no such key.
    if (depth === 0 && pkg === '') {
      if (isMapping(rest.hydra) && 'searchpath' in rest.hydra) throw new Unreadable(`${file} adds to Hydra's search path`);
      delete rest.hydra;
    }
    this.add(pkg, rest);
    if (defaults === undefined) return;
    if (!Array.isArray(defaults)) throw new Unreadable(`${file}: defaults is not a list`);
    // A nested defaults list's packages are relative to the including config's; placed only where that is its group's own.
    if (depth > 0 && pkg !== dotted(ref.group) && defaults.some((d) => d !== '_self_')) throw new Unreadable(`${file}: a defaults list under a moved package`);
    for (const entry of defaults) await this.entry(entry, ref.group, pkg, depth + 1);
  }

  /** One entry of a defaults list in a config of `group`, placed at `pkg`. */
  private async entry(entry: unknown, group: string, pkg: string, depth: number): Promise<void> {
    if (entry === '_self_') return;
    if (typeof entry === 'string') {
      // A config: `server/apache`, `db/mysql@backup`, `base`.
      const [where, at] = entry.split('@');
      if (where.startsWith('/') && depth > 1) throw new Unreadable(`an absolute config in a nested defaults list: ${entry}`);
      const relative = where.replace(/^\//, '');
      if (!CONFIG_PATH.test(relative) || entry.split('@').length > 2) throw new Unreadable(`a defaults entry that cannot be read: ${entry}`);
      const full = where.startsWith('/') ? relative : [group, relative].filter(Boolean).join('/');
      const cut = full.lastIndexOf('/');
      const ref = { group: cut < 0 ? '' : full.slice(0, cut), name: full.slice(cut + 1) };
      const placed = at === undefined ? undefined : expandPackage(at, ref.group, ref.name, pkg);
      if (at !== undefined && placed === undefined) throw new Unreadable(`a package that cannot be read: ${entry}`);
      await this.config({ ...ref, package: placed }, depth);
      return;
    }
    if (!isMapping(entry) || Object.keys(entry).length !== 1) throw new Unreadable('a defaults entry that cannot be read');
    const [written, option] = Object.entries(entry)[0];
    // `override db: mysql`, `optional db: mysql`, `db@backup: mysql`.
    const m = /^(?:(override|optional)\s+)?(\/?[\w.-]+(?:\/[\w.-]+)*)(?:@(\S+))?$/.exec(written.trim());
    if (!m) throw new Unreadable(`a defaults entry that cannot be read: ${written}`);
    const [, keyword, groupWritten, at] = m;
    // Hydra's own groups (hydra/launcher, hydra/sweeper) configure Hydra, not the application.
    if (/^\/?hydra(?:\/|$)/.test(groupWritten)) return;
    if (groupWritten.startsWith('/') && depth > 1) throw new Unreadable(`an absolute group in a nested defaults list: ${written}`);
    const full = groupWritten.startsWith('/') ? groupWritten.slice(1) : [group, groupWritten].filter(Boolean).join('/');
    if (option !== null && typeof option !== 'string' && !(Array.isArray(option) && option.every((o) => typeof o === 'string'))) throw new Unreadable(`an option that cannot be read: ${written}`);
    const options = await this.options(full);
    if (!options) {
      if (keyword === 'optional' || option === null) return;
      throw new Unreadable(`the config group ${full} has no folder`);
    }
    // An option the defaults list names that is not a file: from a ConfigStore.
    const named = option === null ? [] : Array.isArray(option) ? (option as string[]) : [option];
    if (named.some((o) => !INTERPOLATION.test(o) && o !== '???' && !options.includes(o))) throw new Unreadable(`an option of ${full} that is not on disk`);
    for (const name of options.sort()) {
      const placed = at === undefined ? undefined : expandPackage(at, full, name, pkg);
      if (at !== undefined && placed === undefined) throw new Unreadable(`a package that cannot be read: ${written}`);
      // The option's group is the group's folder: `db` for db/mysql.yaml, whose default package is db.
      await this.config({ group: full, name, package: placed }, depth, true);
    }
  }

  /** Adds the keys of `node` at `at`, and of every mapping below it. */
  private add(at: string, node: Record<string, unknown>): void {
    // The package's own path exists in the config: `db.src` has `src` under `db`.
    const parts = at.split('.').filter(Boolean);
    for (let i = 0; i < parts.length; i++) this.put(parts.slice(0, i).join('.'), parts[i]);
    this.merge(at, node);
  }

  private put(at: string, key: string): void {
    if (!this.keys.has(at)) this.keys.set(at, new Set());
    this.keys.get(at)?.add(key);
  }

  private merge(at: string, node: Record<string, unknown>): void {
    if (!this.keys.has(at)) this.keys.set(at, new Set());
    for (const [key, value] of Object.entries(node)) {
      this.put(at, key);
      const below = join(at, key);
      if (isMapping(value)) this.merge(below, value);
      else if (typeof value === 'string' && INTERPOLATION.test(value)) this.keys.set(below, null);
    }
  }
}

/** What reading an application's config found: its keys, or why there are none, and the files and folders it read. */
export interface ConfigReading {
  readonly keys?: ConfigKeys;
  readonly reason?: string;
  readonly consulted: ReadonlySet<string>;
}

/**
 * The keys of the config Hydra composes for `@hydra.main(config_path=…, config_name=…)`: `dir` the
 * config path resolved (against the script's folder), `name` the primary config's name.
 */
export async function readHydraConfig(dir: string, name: string): Promise<ConfigReading> {
  const composer = new Composer(dir);
  try {
    if (!CONFIG_PATH.test(name)) throw new Unreadable(`a config name that cannot be read: ${name}`);
    const cut = name.lastIndexOf('/');
    await composer.config({ group: cut < 0 ? '' : name.slice(0, cut), name: name.slice(cut + 1), package: '' }, 0);
    return { keys: composer.keys, consulted: composer.consulted };
  } catch (err) {
    if (err instanceof Unreadable) return { reason: err.message, consulted: composer.consulted };
    throw err;
  }
}
