// Per open document, the names lists of the local modules it names (hai.completion.projectNames):
// `clusters` → clusters.py's names, read in idle time by WorkspaceContext and kept to the latest
// reading, with the files each list came from, so that an edit of one of those files reads it again.
import type { MemberNames } from '../completion/memberNames';
import type { ModuleAlias } from './moduleNames';
import type { ProjectModules } from './projectModules';
import { fileKey } from './filePaths';

const NO_MEMBERS: MemberNames = new Map();

export class DocumentNames {
  private on = false;
  private readonly lists = new Map<string, MemberNames>();
  /** Per document: the files (fileKey) whose readings went into its list. */
  private readonly from = new Map<string, ReadonlySet<string>>();
  /** Per document: readings started; only the latest one's list is kept. */
  private readonly reads = new Map<string, number>();

  constructor(
    private readonly modules: ProjectModules,
    /** The names a document's imports bind to modules, from `head` (its scanned part). */
    private readonly aliasesOf: (uri: string, head: string) => Promise<readonly ModuleAlias[]>,
  ) {}

  get enabled(): boolean {
    return this.on;
  }

  setEnabled(enabled: boolean): void {
    this.on = enabled;
    if (enabled) return;
    this.lists.clear();
    this.from.clear();
  }

  /** The document's list as last read; empty when off or not read yet. */
  of(uri: string): MemberNames {
    return this.lists.get(uri) ?? NO_MEMBERS;
  }

  /** Whether the document's list has been read once. */
  has(uri: string): boolean {
    return this.lists.has(uri);
  }

  /**
   * Reads the list of the document (whose file is `documentFile`) from its `head`; kept unless
   * `current()` turns false meanwhile (a newer prepare() of it, its closing), a later reading of it
   * started or the setting was turned off.
   */
  async read(uri: string, documentFile: string | undefined, head: string, current: () => boolean): Promise<void> {
    if (!this.on || !documentFile) return;
    const read = (this.reads.get(uri) ?? 0) + 1;
    this.reads.set(uri, read);
    const consulted = new Set<string>();
    const list = await this.modules.resolve(documentFile, await this.aliasesOf(uri, head), consulted);
    if (!this.on || !current() || this.reads.get(uri) !== read) return;
    this.lists.set(uri, list);
    this.from.set(uri, consulted);
  }

  /** The documents that have a list. */
  documents(): string[] {
    return [...this.lists.keys()];
  }

  /** The documents whose lists came (in part) from `file`'s names. */
  readersOf(file: string): string[] {
    const key = fileKey(file);
    return [...this.from].filter(([, files]) => files.has(key)).map(([uri]) => uri);
  }

  forget(uri: string): void {
    this.lists.delete(uri);
    this.from.delete(uri);
    this.reads.delete(uri);
  }
}
