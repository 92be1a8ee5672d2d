// The local modules WorkspaceContext has read from disk, parsed once per saved version: their
// definitions (the `imports` context), top-level names (project names), chunks (similar code) and,
// while the workspace cache counts tokens, their text. The least recently used are dropped.
import { promises as fs } from 'node:fs';
import type { PythonSyntax } from '../completion/pythonSyntax';
import { type Definition, moduleDefinitions } from './pythonOutline';
import { type ModuleReading, readModule } from './moduleNames';
import { MAX_MODULE_BYTES } from './projectModules';
import { type Chunk, chunksOf } from './similarChunks';

/** Files read and parsed at most. */
const MAX_CACHED_FILES = 64;

export interface ModuleFile {
  readonly mtimeMs: number;
  readonly size: number;
  /** Empty unless the text was asked to be kept (for the cache's counting). */
  readonly text: string;
  readonly definitions: readonly Definition[];
  /** The names it binds at its top level (moduleNames.ts). */
  readonly reading: ModuleReading;
  readonly chunks: readonly Chunk[];
}

export class ModuleFiles {
  private readonly files = new Map<string, ModuleFile>();

  constructor(
    private readonly syntax: () => Promise<PythonSyntax>,
    /** Whether a file's text is kept with the rest. */
    private readonly keepText: () => boolean,
  ) {}

  get size(): number {
    return this.files.size;
  }

  /** The file as last loaded, if it is still kept. */
  get(file: string): ModuleFile | undefined {
    return this.files.get(file);
  }

  /** Reads and parses a local module unless the kept copy is current; undefined when it cannot be used. */
  async load(file: string): Promise<ModuleFile | undefined> {
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile() || stat.size > MAX_MODULE_BYTES) return undefined;
    const cached = this.files.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
      this.files.delete(file);
      this.files.set(file, cached);
      return cached;
    }
    const text = await fs.readFile(file, 'utf8');
    const syntax = await this.syntax();
    const { definitions, reading } = syntax.withTree(text, (root) => ({ definitions: moduleDefinitions(root, text), reading: readModule(root) })) ?? {
      definitions: [],
      reading: { names: undefined, syntaxError: true, ownSubmodules: new Set<string>() },
    };
    const loaded: ModuleFile = { mtimeMs: stat.mtimeMs, size: stat.size, text: this.keepText() ? text : '', definitions, reading, chunks: chunksOf(text) };
    this.files.delete(file);
    this.files.set(file, loaded);
    await new Promise((resolve) => setImmediate(resolve));
    if (this.files.size > MAX_CACHED_FILES) this.files.delete(this.files.keys().next().value!);
    return loaded;
  }
}
