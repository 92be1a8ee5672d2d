// Per open document, the keys of the Hydra configs its `@hydra.main(…)` decorators name
// (hydraConfig.ts), read in idle time by WorkspaceContext with the files and folders each reading
// consulted, so that a config file saved, created or deleted reads the document's configs again.
import * as path from 'node:path';
import { type ConfigKeys, readHydraConfig } from './hydraConfig';
import { hydraKey, hydraMainsInText } from './hydraMain';
import { fileKey } from './filePaths';

const NONE: ReadonlyMap<string, ConfigKeys> = new Map();

export class HydraConfigs {
  private readonly configs = new Map<string, ReadonlyMap<string, ConfigKeys>>();
  /** Per document: the files and folders (fileKey) its readings consulted. */
  private readonly from = new Map<string, ReadonlySet<string>>();
  /** Per document: readings started; only the latest one's result is kept. */
  private readonly reads = new Map<string, number>();
  /** Why a config gave no keys, as last logged per document and config: said once, not per reading. */
  private readonly said = new Map<string, string>();

  constructor(private readonly log: (message: string) => void) {}

  /** The configs read for the document, by hydraKey; empty when none were read. */
  of(uri: string): ReadonlyMap<string, ConfigKeys> {
    return this.configs.get(uri) ?? NONE;
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
    const consulted = new Set<string>();
    for (const main of mains) {
      // Hydra reads config_path relative to the file that declares the application.
      const reading = await readHydraConfig(path.resolve(path.dirname(documentFile!), main.configPath), main.configName);
      for (const file of reading.consulted) consulted.add(fileKey(file));
      const key = hydraKey(main);
      if (reading.keys) found.set(key, reading.keys);
      else if (this.said.get(`${uri}\n${key}`) !== reading.reason) {
        this.said.set(`${uri}\n${key}`, reading.reason ?? '');
        this.log(`Hydra config ${main.configName} of ${uri}: its keys are not suggested (${reading.reason})`);
      }
    }
    if (!current() || this.reads.get(uri) !== read) return;
    if (found.size > 0) this.configs.set(uri, found);
    else this.configs.delete(uri);
    this.from.set(uri, consulted);
  }

  /** The documents whose readings consulted one of `files`, or the folder one is in (a config created or deleted). */
  readersOf(files: readonly string[]): string[] {
    const keys = files.flatMap((f) => [fileKey(f), fileKey(path.dirname(f))]);
    return [...this.from].filter(([, consulted]) => keys.some((k) => consulted.has(k))).map(([uri]) => uri);
  }

  forget(uri: string): void {
    this.configs.delete(uri);
    this.from.delete(uri);
    this.reads.delete(uri);
    for (const key of this.said.keys()) if (key.startsWith(`${uri}\n`)) this.said.delete(key);
  }
}
