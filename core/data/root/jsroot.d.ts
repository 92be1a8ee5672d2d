// The part of jsroot's I/O modules HAI uses (jsroot ships types for its main entry only).
declare module 'jsroot/io' {
  export class FileProxy {
    openFile(): Promise<boolean>;
    getFileName(): string;
    getFileSize(): number;
    readBuffer(pos: number, size: number): Promise<DataView | null>;
    closeFile(): void;
  }
  export interface TKey {
    fName: string;
    fCycle: number;
    fClassName: string;
    fTitle: string;
    fObjlen: number;
    fNbytes: number;
  }
  export interface TDirectoryLike {
    fKeys: TKey[];
  }
  export interface TFileLike extends TDirectoryLike {
    readObject(name: string, cycle?: number, onlyDir?: boolean): Promise<unknown>;
    /** Reads a key's object data (after its header) and inflates it to fObjlen bytes. */
    readObjBuffer(key: TKey & { fSeekKey: number; fKeylen: number }): Promise<unknown>;
    delete(): void;
  }
  export function openFile(arg: string | FileProxy): Promise<TFileLike>;
  /** Inflates ROOT's compressed blocks (ZL, L4, ZS, XZ) from `shift` on to `size` bytes; null on failure. (bench/data's floor) */
  export function R__unzip(data: DataView, size: number, noalert?: boolean, shift?: number): Promise<DataView | null>;
}

declare module 'jsroot/tree' {
  export class TSelector {
    tgtobj: Record<string, unknown>;
    addBranch(branch: string | object, name?: string, direct?: boolean): number;
    Begin(tree?: unknown): void;
    Process(entry: number): void;
    Terminate(result: boolean): void;
    Abort(): void;
    /** Called as baskets are read, with the portion done (0–1); returning 'break' stops the processing. */
    ShowProgress(portion?: number): unknown;
  }
  export function treeProcess(tree: unknown, selector: TSelector, args?: { firstentry?: number; numentries?: number }): Promise<unknown>;
  /** jsroot's TTree::Draw: never used by the explorer (see rootFile.ts), only as bench/data's peer. */
  export function treeDraw(tree: unknown, args: { expr: string }): Promise<{ fArray: ArrayLike<number> }>;
}

declare module 'jsroot/rntuple' {
  /** An RNTuple's field descriptions and clusters, from its header and footer; null when unreadable. */
  export function readHeaderFooter(rntuple: unknown): Promise<{
    fieldDescriptors: { fieldName: string; typeName: string; parentFieldId: number }[];
    clusterSummaries: { numEntries: number }[];
  } | null>;
  /** Runs a TSelector over an RNTuple's entries, as treeProcess does over a TTree's. */
  export function rntupleProcess(rntuple: unknown, selector: unknown, args?: { firstentry?: number; numentries?: number }): Promise<unknown>;
}

declare module 'jsroot/core' {
  /** jsroot's shared state; _ZstdStream is the zstd decoder io.mjs uses for "ZS" blocks (loaded by it when unset). */
  export const internals: { _ZstdStream?: { decompress(frame: Uint8Array): Uint8Array } } & Record<string, unknown>;
}
