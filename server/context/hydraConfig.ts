// The keys a Hydra application's config can have, read from its YAML files the way Hydra composes
// them (the primary config, its defaults list, each config group's options and their own defaults
// lists, packages from the defaults list or a `# @package` directive), so that after `cfg.` in the
// application a suggestion keeps to them (hydraNames.ts). A config group counts with every option in
// its folder: the command line can choose any of them (`python train.py model=transformer`). Hydra
// keeps the config in struct mode, so a key no file gives fails when the script runs.
// Wherever the files do not say (a config from a ConfigStore or a plugin, a search path, a package
// we cannot place, an interpolated node), the answer is no keys, and the model writes freely.
import { readFile, readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'yaml';
import { isGone } from './filePaths';

/** Per node of the config (its path of keys, joined by dots; '' the root), its keys; null where a file leaves them open. */
export type ConfigKeys = ReadonlyMap<string, ReadonlySet<string> | null>;

/** Config files read at most for one application, and bytes per file: beyond, no keys. */
const MAX_FILES = 200;
const MAX_FILE_BYTES = 256 * 1024;
/** Defaults lists followed into each other at most, and mappings nested in one file. */
const MAX_DEPTH = 8;
const MAX_NESTING = 64;

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
/** A name or a path of a config or group as the defaults list writes it: plain segments, none `.` or `..`. */
const plainPath = (written: string): boolean => written.split('/').every((part) => /^[\w.-]+$/.test(part) && part !== '.' && part !== '..');

/** A package as written (`_group_._name_`, `_global_.db`, `backup`), with its keywords put in; undefined where Hydra would refuse it. */
function expandPackage(written: string, group: string, name: string, including: string): string | undefined {
  const parts = written.split('.');
  const out: string[] = [];
  let base = including;
  for (const [i, part] of parts.entries()) {
    if (part === '_global_' && i === 0) base = '';
    else if (part === '_here_' && i === 0) base = including;
    // Hydra makes a package with `_group_` absolute: the group's path is already the whole path.
    else if (part === '_group_') {
      base = '';
      out.push(dotted(group));
    }
    else if (part === '_name_') out.push(name);
    else if (/^\w+$/.test(part)) out.push(part);
    else return undefined;
  }
  return join(base, ...out);
}

/**
 * The `# @package` directive of a config file's header, read as Hydra reads it: the lines of the form
 * `# @key value` before any other line (blank lines skipped), split on spaces.
 */
function packageDirective(text: string): string | undefined {
  let found: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (!/^#\s*@/.test(line)) break;
    const parts = line.replace(/^#+/, '').trim().split(' ').filter(Boolean);
    if (parts.length !== 2) throw new Unreadable(`a header line Hydra refuses: ${line}`);
    if (parts[0] === '@package') found = parts[1];
  }
  return found;
}

class Composer {
  private files = 0;
  readonly keys = new Map<string, Set<string> | null>();
  /** Per file or folder looked at, its stamp (modification time and size, or absent): the reading holds while every stamp does. */
  readonly stamps = new Map<string, string>();
  private readonly seen = new Set<string>();
  /** Config groups whose options were read, and those an `override` names (each must be among them). */
  readonly groupsRead = new Set<string>();
  readonly overridden = new Set<string>();

  constructor(private readonly dir: string) {}

  /** Stamps `file` (a file or folder); undefined where nothing is there. */
  private async look(file: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
    try {
      const info = await stat(file);
      this.stamps.set(file, stampOf(info));
      return info;
    } catch (err) {
      if (!isGone(err)) throw new Unreadable(`${file}: ${err instanceof Error ? err.message : String(err)}`);
      this.stamps.set(file, ABSENT);
      return undefined;
    }
  }

  private async text(file: string): Promise<string | undefined> {
    if (++this.files > MAX_FILES) throw new Unreadable(`more than ${MAX_FILES} config files`);
    const info = await this.look(file);
    if (!info) return undefined;
    if (!info.isFile()) throw new Unreadable(`${file} is not a file`);
    if (info.size > MAX_FILE_BYTES) throw new Unreadable(`${file} is larger than ${MAX_FILE_BYTES / 1024} KiB`);
    try {
      return await readFile(file, 'utf8');
    } catch (err) {
      throw new Unreadable(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The options of a config group: the names of the YAML files in its folder (links to files too); undefined where there is no folder. */
  private async options(group: string): Promise<string[] | undefined> {
    const folder = path.join(this.dir, ...group.split('/'));
    const info = await this.look(folder);
    if (!info?.isDirectory()) return undefined;
    try {
      const entries = await readdir(folder, { withFileTypes: true });
      return entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith('.yaml')).map((e) => e.name.slice(0, -'.yaml'.length));
    } catch (err) {
      throw new Unreadable(`${folder}: ${err instanceof Error ? err.message : String(err)}`);
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
      // YAML 1.2's core schema: PyYAML (OmegaConf's reader) reads YAML 1.1, whose `on`/`yes` are booleans,
      // but the yaml package's 1.1 would make keys `y` and `n` booleans too, which PyYAML keeps as names.
      content = parse(text, { merge: true, maxAliasCount: 1000 });
    } catch (err) {
      throw new Unreadable(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (content === null || content === undefined) content = {};
    if (!isMapping(content)) throw new Unreadable(`${file} is not a mapping`);
    const { defaults, ...rest } = content;
    // A `hydra` node at the top configures Hydra itself: the application's config has no such key.
    if (pkg === '') {
      if (isMapping(rest.hydra) && 'searchpath' in rest.hydra) throw new Unreadable(`${file} adds to Hydra's search path`);
      delete rest.hydra;
    }
    this.add(pkg, rest);
    if (defaults === undefined) return;
    if (!Array.isArray(defaults)) throw new Unreadable(`${file}: defaults is not a list`);
    // A nested defaults list's packages are relative to the including config's: read only where that is its group's own.
    const moved = depth > 0 && pkg !== dotted(ref.group);
    for (const entry of defaults) await this.entry(entry, ref.group, pkg, depth + 1, moved);
  }

  /** One entry of a defaults list in a config of `group`, placed at `pkg`; `moved`: that config is not at its group's package. */
  private async entry(entry: unknown, group: string, pkg: string, depth: number, moved: boolean): Promise<void> {
    if (entry === '_self_') return;
    if (typeof entry === 'string') {
      // A config: `server/apache`, `db/mysql@backup`, `base`.
      const [where, at, ...more] = entry.split('@');
      const relative = where.replace(/^\//, '');
      if (more.length > 0 || !plainPath(relative) || moved || (where.startsWith('/') && depth > 1)) throw new Unreadable(`a defaults entry that cannot be read: ${entry}`);
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
    const m = /^(?:(override|optional)\s+)?(\/?[^@\s]+)(?:@(\S+))?$/.exec(written.trim());
    if (!m || !plainPath(m[2].replace(/^\//, ''))) throw new Unreadable(`a defaults entry that cannot be read: ${written}`);
    const [, keyword, groupWritten, at] = m;
    // Hydra's own groups (hydra/launcher, hydra/sweeper) configure Hydra, not the application.
    if (/^\/?hydra(?:\/|$)/.test(groupWritten)) return;
    const full = groupWritten.startsWith('/') ? groupWritten.slice(1) : [group, groupWritten].filter(Boolean).join('/');
    // Every option of a group is read where the group is listed: an override changes which is chosen, not what may be.
    if (keyword === 'override' && at === undefined) {
      this.overridden.add(full);
      return;
    }
    if (moved || (groupWritten.startsWith('/') && depth > 1)) throw new Unreadable(`a defaults entry that cannot be placed: ${written}`);
    if (option !== null && typeof option !== 'string' && !(Array.isArray(option) && option.every((o) => typeof o === 'string'))) throw new Unreadable(`an option that cannot be read: ${written}`);
    const options = await this.options(full);
    if (!options) {
      if (keyword === 'optional' || option === null) return;
      throw new Unreadable(`the config group ${full} has no folder`);
    }
    // An option the defaults list names that is not a file: from a ConfigStore (an optional one may be absent).
    const named = (option === null ? [] : Array.isArray(option) ? (option as string[]) : [option]).map((o) => o.replace(/\.yaml$/, ''));
    if (keyword !== 'optional' && named.some((o) => !INTERPOLATION.test(o) && o !== '???' && !options.includes(o))) throw new Unreadable(`an option of ${full} that is not on disk`);
    this.groupsRead.add(full);
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
    this.merge(at, node, new Set());
  }

  private put(at: string, key: string): void {
    if (!this.keys.has(at)) this.keys.set(at, new Set());
    this.keys.get(at)?.add(key);
  }

  /** `within`: the mappings on the way here (an alias may make a mapping hold itself). */
  private merge(at: string, node: Record<string, unknown>, within: Set<object>): void {
    if (within.has(node)) throw new Unreadable(`a YAML alias that holds itself at ${at}`);
    if (within.size >= MAX_NESTING) throw new Unreadable(`mappings nested deeper than ${MAX_NESTING} at ${at}`);
    within.add(node);
    if (!this.keys.has(at)) this.keys.set(at, new Set());
    for (const [key, value] of Object.entries(node)) {
      this.put(at, key);
      const below = join(at, key);
      if (isMapping(value)) this.merge(below, value, within);
      else if (typeof value === 'string' && INTERPOLATION.test(value)) this.keys.set(below, null);
    }
    within.delete(node);
  }
}

const ABSENT = 'absent';
const stampOf = (info: { mtimeMs: number; size: number }): string => `${info.mtimeMs}:${info.size}`;

/** What reading an application's config found: its keys, or why there are none, and the stamps of what it looked at. */
export interface ConfigReading {
  readonly keys?: ConfigKeys;
  readonly reason?: string;
  /** Per file or folder looked at, its stamp when read (see stillCurrent). */
  readonly stamps: ReadonlyMap<string, string>;
}

/**
 * The keys of the config Hydra composes for `@hydra.main(config_path=…, config_name=…)`: `dir` the
 * config path resolved (against the script's folder), `name` the primary config's name. A primary
 * config in a subfolder (`config_name="exp/train"`) is not read: Hydra's placing of it has changed
 * between versions.
 */
export async function readHydraConfig(dir: string, name: string): Promise<ConfigReading> {
  const composer = new Composer(dir);
  try {
    if (!plainPath(name) || name.includes('/')) throw new Unreadable(`a config name that cannot be read: ${name}`);
    await composer.config({ group: '', name, package: '' }, 0);
    const unread = [...composer.overridden].filter((g) => !composer.groupsRead.has(g));
    if (unread.length > 0) throw new Unreadable(`an override of a group no defaults list names: ${unread.join(', ')}`);
    return { keys: composer.keys, stamps: composer.stamps };
  } catch (err) {
    // Whatever goes wrong (a YAML file the parser chokes on too), the application gets no keys and the server goes on.
    return { reason: err instanceof Error ? err.message : String(err), stamps: composer.stamps };
  }
}

/** Whether every file and folder a reading looked at is as it was then (a config saved, created or deleted since says no). */
export async function stillCurrent(stamps: ReadonlyMap<string, string>): Promise<boolean> {
  const now = await Promise.all(
    [...stamps].map(async ([file, was]) => {
      try {
        return stampOf(await stat(file)) === was;
      } catch (err) {
        return isGone(err) && was === ABSENT;
      }
    }),
  );
  return now.every(Boolean);
}
