// Per open document, the keys of the Hydra configs its `@hydra.main(…)` decorators name
// (hydraConfig.ts), read in idle time by WorkspaceContext. A reading is kept, per config, while every
// file and folder it looked at is unchanged (a stat of each, not a parse: a pause in typing reads the
// document's configs again), and the documents whose readings looked at a file that changed on disk
// are read again at once (the editor's file watcher).
import * as path from 'node:path';
import { type ConfigKeys, type ConfigReading, readHydraConfig, stillCurrent } from './hydraConfig';
import { hydraKey, hydraMainsInText } from './hydraMain';
import { fileKey } from './filePaths';

const NONE: ReadonlyMap<string, ConfigKeys> = new Map();
/** Readings kept at most (the configs of the open documents). */
const MAX_KEPT = 32;

export class HydraConfigs {
  private readonly configs = new Map<string, ReadonlyMap<string, ConfigKeys>>();
  /** Per document: the files and folders (fileKey) its readings looked at. */
  private readonly from = new Map<string, readonly string[]>();
  /** Per document: readings started; only the latest one's result is kept. */
  private readonly reads = new Map<string, number>();
  /** Readings by config folder and name. */
  private readonly kept = new Map<string, ConfigReading>();
  /** Why a config gave no keys, as last logged per document and config: said once, not per reading. */
  private readonly said = new Map<string, string>();

  constructor(private readonly log: (message: string) => void) {}

  /** The configs read for the document, by hydraKey; empty when none were read. */
  of(uri: string): ReadonlyMap<string, ConfigKeys> {
    return this.configs.get(uri) ?? NONE;
  }

  /** A config's reading: the kept one while its files are unchanged, else a new one. */
  private async reading(dir: string, name: string): Promise<ConfigReading> {
    const key = `${dir}\n${name}`;
    const before = this.kept.get(key);
    if (before && (await stillCurrent(before.stamps))) return before;
    const reading = await readHydraConfig(dir, name);
    this.kept.delete(key);
    this.kept.set(key, reading);
    if (this.kept.size > MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    return reading;
  }

  /**
   * Reads the configs the document (whose file is `documentFile`, its text `head`) names; kept unless
   * `current()` turns false meanwhile or a later reading of it started.
   */
  async read(uri: string, documentFile: string | undefined, head: string, current: () => boolean): Promise<void> {
    const read = (this.reads.get(uri) ?? 0) + 1;
    this.reads.set(uri, read);
    const mains = documentFile ? hydraMainsInText(head) : [];
    const found = new Map<string, ConfigKeys>();
    const looked = new Set<string>();
    for (const main of mains) {
      // Hydra reads config_path relative to the file that declares the application.
      const reading = await this.reading(path.resolve(path.dirname(documentFile!), main.configPath), main.configName);
      for (const file of reading.stamps.keys()) looked.add(fileKey(file));
      const key = hydraKey(main);
      const said = `${uri}\n${key}`;
      if (reading.keys) {
        found.set(key, reading.keys);
        this.said.delete(said);
      } else if (this.said.get(said) !== reading.reason) {
        this.said.set(said, reading.reason ?? '');
        this.log(`Hydra config ${main.configName} of ${uri}: its keys are not suggested (${reading.reason})`);
      }
    }
    if (!current() || this.reads.get(uri) !== read) return;
    if (found.size > 0) this.configs.set(uri, found);
    else this.configs.delete(uri);
    this.from.set(uri, [...looked]);
  }

  /** The documents whose readings looked at one of `files`, at a file or folder inside one (a folder deleted), or at the folder one is in (a config created). */
  readersOf(files: readonly string[]): string[] {
    const changed = files.map((f) => fileKey(path.resolve(f)));
    const hit = (looked: string): boolean => changed.some((c) => looked === c || looked.startsWith(c + path.sep) || path.dirname(c) === looked);
    return [...this.from].filter(([, looked]) => looked.some(hit)).map(([uri]) => uri);
  }

  forget(uri: string): void {
    this.configs.delete(uri);
    this.from.delete(uri);
    this.reads.delete(uri);
    for (const key of this.said.keys()) if (key.startsWith(`${uri}\n`)) this.said.delete(key);
  }
}
