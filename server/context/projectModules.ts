// Which local module each name of a document stands for, and the names that module has
// (moduleNames.ts reads them from syntax trees; memberNames.ts keeps suggestions to them): Python's
// import rules as far as a reading of the files can follow them, and no list wherever it cannot.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { PythonSyntax } from '../completion/pythonSyntax';
import { type MemberNames, memberNames } from '../completion/memberNames';
import { fileExists, resolveImport } from './localModules';
import { type ModuleAlias, type ModuleReading, readModule } from './moduleNames';
import type { ImportRef } from './pythonOutline';
import { fileKey, filePath } from './filePaths';
import { textHash } from './textHash';
import type { OpenDocument } from './workspaceContext';

/** Open modules whose readings are kept (by document and text). */
const MAX_OPEN_READINGS = 64;
/** Local modules larger than this are not read (a generated module says little). */
export const MAX_MODULE_BYTES = 256 * 1024;

export class ProjectModules {
  /** Readings of open modules, per document URI and a hash of its text: parsing a module of 256 KB again at each cursor settle blocks the server. */
  private readonly openReadings = new Map<string, { readonly hash: number; readonly reading: ModuleReading | undefined }>();

  constructor(
    private readonly openDocuments: () => Iterable<OpenDocument>,
    /** The workspace folders: imports resolve inside them. */
    private readonly roots: () => readonly string[],
    private readonly syntax: () => Promise<PythonSyntax>,
    /** A module's reading as saved on disk (cached by the caller with its other per-file work). */
    private readonly saved: (file: string) => Promise<ModuleReading | undefined>,
  ) {}

  /**
   * The names of the modules the document's names stand for: `clusters` (from `from . import clusters`)
   * gets clusters.py's names, as the editor has the file when it is open, else as it is on disk, and
   * those the document assigns on it. None for a name an import binds to something other than a local
   * module (a function, numpy), nor where Python could find another module or object than the file
   * read here (see moduleFile). `consulted` gets the files whose readings went into the answer, so
   * that an edit of one of them can ask for it again.
   */
  async resolve(importer: string, aliases: readonly ModuleAlias[], consulted = new Set<string>()): Promise<MemberNames> {
    const modules = new Map<string, ReadonlySet<string>>();
    // `from typing import List, Dict, …`: one look for typing, not one per name.
    const local = new Map<string, Promise<boolean>>();
    const isLocal = (ref: ImportRef): Promise<boolean> => {
      const key = `${ref.level}:${ref.module}`;
      let found = local.get(key);
      if (!found) local.set(key, (found = resolveImport({ ...ref, names: [] }, importer, this.roots(), fileExists).then((r) => r.length > 0)));
      return found;
    };
    for (const alias of aliases) {
      if (alias.ref.level === 0 && alias.ref.names.length > 0 && !(await isLocal(alias.ref))) continue;
      const file = await this.moduleFile(importer, alias.ref, consulted);
      const names = file ? await this.namesOf(file, consulted) : undefined;
      if (names) modules.set(alias.chain, alias.assigned.length > 0 ? new Set([...names, ...alias.assigned]) : names);
    }
    return memberNames(modules);
  }

  /**
   * The local module file an import binds its name to, or undefined where that is not sure: the file is
   * a submodule whose package's `__init__.py` binds the same name (`from .config import config` makes
   * `from pkg import config` the object) or has names a reading cannot know; an absolute import that
   * found a file beside the importer inside a package (run as a package, `import logging` there is the
   * standard library's).
   */
  private async moduleFile(importer: string, ref: ImportRef, consulted: Set<string>): Promise<string | undefined> {
    const file = (await resolveImport(ref, importer, this.roots(), fileExists)).find((imp) => imp.names.length === 0)?.file;
    if (!file) return undefined;
    const folder = path.dirname(file);
    const init = path.join(folder, '__init__.py');
    if (ref.level === 0) {
      // Where the import's first name was found: `a/b.py` and `a/b/__init__.py` of `a.b` are both under it.
      const depth = [...ref.module.split('.'), ...ref.names].filter(Boolean).length - 1;
      let top = path.basename(file) === '__init__.py' ? path.dirname(folder) : folder;
      for (let i = 0; i < depth; i++) top = path.dirname(top);
      const here = path.dirname(importer);
      if (top === here && (await fileExists(path.join(here, '__init__.py')))) return undefined;
    }
    if (path.basename(file) === '__init__.py' || !(await fileExists(init))) return file;
    const name = path.basename(file, '.py');
    const pkg = await this.readingOf(init, consulted);
    return pkg?.names && (!pkg.names.has(name) || pkg.ownSubmodules.has(name)) ? file : undefined;
  }

  /** Whether the last reading of the open document `uri` as a module found a syntax error. */
  readWithError(uri: string): boolean {
    return this.openReadings.get(uri)?.reading?.syntaxError === true;
  }

  /**
   * A local module's reading as the editor has it when open, else as on disk; while the editor's text
   * has a syntax error, its names and the saved file's together (a list with a name too many only helps
   * less; one that lacks a name forces wrong code).
   */
  private async readingOf(file: string, consulted: Set<string>): Promise<ModuleReading | undefined> {
    const key = fileKey(file);
    consulted.add(key);
    const open = [...this.openDocuments()].find((d) => {
      const f = filePath(d.uri);
      return f !== undefined && fileKey(f) === key;
    });
    if (open && open.text.length > MAX_MODULE_BYTES) return undefined;
    const saved = (): Promise<ModuleReading | undefined> => this.saved(file);
    if (!open) return saved();
    const text = open.text.slice(0, open.text.length);
    const hash = textHash(text);
    let cached = this.openReadings.get(open.uri);
    if (cached?.hash !== hash) {
      cached = { hash, reading: (await this.syntax()).withTree(text, (root) => readModule(root)) };
      this.openReadings.set(open.uri, cached);
      if (this.openReadings.size > MAX_OPEN_READINGS) this.openReadings.delete(this.openReadings.keys().next().value!);
    }
    const editor = cached.reading;
    if (!editor?.syntaxError) return editor;
    const disk = await saved();
    if (!editor.names || !disk?.names || disk.syntaxError) return undefined;
    return { names: new Set([...disk.names, ...editor.names]), syntaxError: false, ownSubmodules: new Set([...disk.ownSubmodules].filter((n) => editor.ownSubmodules.has(n))) };
  }

  /** A local module's names (readingOf); a package's (`__init__.py`) with its submodules, which `import pkg.sub` makes its attributes. */
  private async namesOf(file: string, consulted: Set<string>): Promise<ReadonlySet<string> | undefined> {
    const reading = await this.readingOf(file, consulted);
    const names = reading && !reading.syntaxError ? reading.names : undefined;
    if (!names || path.basename(file) !== '__init__.py') return names;
    const entries = await fs.readdir(path.dirname(file), { withFileTypes: true }).catch(() => []);
    // Compiled submodules too: `_cext.cpython-311-x86_64-linux-gnu.so` is `_cext`.
    const subs = entries.flatMap((e) => (e.isDirectory() ? [e.name] : /\.(py|so|pyd)$/.test(e.name) ? [e.name.split('.')[0]] : []));
    return new Set([...names, ...subs.filter((n) => /^[A-Za-z_]\w*$/.test(n))]);
  }
}
