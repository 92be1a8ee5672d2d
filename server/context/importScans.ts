// Per document, the import statements of its scanned head and the names they bind to modules, parsed
// again only when the head changed since the last scan (a cursor settle usually finds it as it was).
import type { PythonSyntax } from '../completion/pythonSyntax';
import { type ImportRef, moduleImportRefs } from './pythonOutline';
import { type ModuleAlias, moduleAliases } from './moduleNames';
import { textHash } from './textHash';

/** Import statements followed per document at most: each costs a few file-system lookups. */
const MAX_IMPORT_REFS = 64;

export interface ImportScan {
  readonly hash: number;
  readonly refs: readonly ImportRef[];
  /** Only when asked for (project names). */
  readonly aliases?: readonly ModuleAlias[];
}

export class ImportScans {
  private readonly scanned = new Map<string, ImportScan>();

  /** The imports of `head`, the document's scanned part; with their module aliases when `withAliases`. */
  scan(uri: string, head: string, syntax: PythonSyntax, withAliases = false): ImportScan {
    const hash = textHash(head);
    const before = this.scanned.get(uri);
    if (before?.hash === hash && (before.aliases || !withAliases)) return before;
    const scanned = syntax.withTree(head, (root) => ({
      hash,
      refs: moduleImportRefs(root).slice(0, MAX_IMPORT_REFS),
      aliases: withAliases ? moduleAliases(root).slice(0, MAX_IMPORT_REFS) : undefined,
    })) ?? { hash, refs: [], aliases: [] };
    this.scanned.set(uri, scanned);
    return scanned;
  }

  forget(uri: string): void {
    this.scanned.delete(uri);
  }
}
