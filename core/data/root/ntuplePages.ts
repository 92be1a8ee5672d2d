// An RNTuple's pages as its page list describes them, checked before jsroot reads any: jsroot sizes
// the buffer it unpacks a page into by the page's element count times its column's element size,
// both from the file, and holds it whole (a page list naming 2³¹ elements had it allocate 8 GiB for
// a page of 237 bytes). ROOT writes pages of 64 KiB to 1 MiB unpacked by default; a page declaring
// more than MAX_OBJECT_BYTES, the cap of every object this reader unpacks, is refused, and so is a
// cluster whose pages add up to more than ROOT writes (a small page that unpacks to 256 MiB, listed
// for many columns, is unpacked once for each: a file of kilobytes asking for gigabytes). The places of
// the compressed pages, with the size each must unpack to, let the file proxy check their blocks as
// it checks a key's (compressedKey.ts): sizes adding up, zlib's checksum, zstd frames that say their size.
import { MAX_OBJECT_BYTES } from './compressedKey';

/** What jsroot's readHeaderFooter makes of the page list (the fields read here). */
export interface NtuplePageList {
  readonly columnDescriptors?: readonly { readonly bitsOnStorage: number }[];
  readonly pageLocations?: readonly (readonly (NtupleColumnPages | undefined)[])[];
}

interface NtupleColumnPages {
  readonly pages: readonly { readonly numElements: bigint | number; readonly locator: { readonly size: number; readonly offset: bigint | number } }[];
  readonly compression: number;
}

/**
 * The most a cluster's pages may add up to unpacked: ROOT's own limit on a cluster it writes
 * (RNTupleWriteOptions' maximum unzipped cluster size, 1280 MiB by default).
 */
export const MAX_CLUSTER_BYTES = 1280 * 1024 * 1024;

export type NtuplePagesCheck =
  | { readonly ok: true; /** "position:length" of each compressed page, and its size unpacked. */ readonly compressed: ReadonlyMap<string, number> }
  | { readonly ok: false; readonly cluster: number; readonly column: number; readonly bytes: number; readonly reason: 'too large' | 'shared' | 'cluster too large' };

export function checkNtuplePages(list: NtuplePageList): NtuplePagesCheck {
  const compressed = new Map<string, number>();
  const clusters = list.pageLocations ?? [];
  for (let cluster = 0; cluster < clusters.length; cluster++) {
    let clusterBytes = 0;
    for (let column = 0; column < clusters[cluster].length; column++) {
      const entry = clusters[cluster][column];
      if (!entry) continue;
      const bits = list.columnDescriptors?.[column]?.bitsOnStorage ?? 64;
      for (const page of entry.pages) {
        const bytes = Math.ceil((Math.abs(Number(page.numElements)) * bits) / 8);
        if (!(bytes <= MAX_OBJECT_BYTES)) return { ok: false, cluster, column, bytes, reason: 'too large' };
        clusterBytes += bytes;
        if (clusterBytes > MAX_CLUSTER_BYTES) return { ok: false, cluster, column, bytes: clusterBytes, reason: 'cluster too large' };
        // jsroot takes a page whose stored size is its unpacked size as not compressed.
        if (entry.compression === 0 || page.locator.size === bytes) continue;
        const place = `${Number(page.locator.offset)}:${page.locator.size}`;
        const before = compressed.get(place);
        // Two columns may share a page (a field and its alias), never with two sizes.
        if (before !== undefined && before !== bytes) return { ok: false, cluster, column, bytes, reason: 'shared' };
        compressed.set(place, bytes);
      }
    }
  }
  return { ok: true, compressed };
}

/** What the footer says of a cluster group's page list (jsroot's descriptor builder). */
interface ClusterGroups {
  clusterGroups?: readonly { readonly pageListLength: bigint | number; readonly pageListLocator?: { readonly size: number; readonly offset: bigint | number } }[];
  deserializeFooter(blob: unknown): void;
}

/**
 * The page list's size is in the footer, which jsroot reads and then unpacks the page list into a
 * buffer of that size, both within readHeaderFooter. Its descriptor builder is set on the anchor
 * (`rn.builder`) before it reads the footer: the footer is checked as soon as it is read, a page
 * list declaring more than MAX_OBJECT_BYTES is refused there (`refused` says how much it declared),
 * and a compressed one's place is handed to `expect` to be checked when read, as a key's data is.
 */
export function watchPageList(anchor: object, expect: (place: string, unpacked: number) => void): { refused?: number } {
  const seen: { refused?: number } = {};
  let held: unknown;
  Object.defineProperty(anchor, 'builder', {
    configurable: true,
    enumerable: false,
    get: () => held,
    set: (builder: ClusterGroups | undefined) => {
      held = builder;
      if (!builder || typeof builder.deserializeFooter !== 'function') return;
      const readFooter = builder.deserializeFooter.bind(builder);
      builder.deserializeFooter = (blob: unknown): void => {
        readFooter(blob);
        for (const group of builder.clusterGroups ?? []) {
          const unpacked = Number(group.pageListLength);
          if (!(unpacked <= MAX_OBJECT_BYTES)) {
            seen.refused = unpacked;
            throw new Error(`a page list of ${unpacked} bytes`);
          }
          const locator = group.pageListLocator;
          if (locator && locator.size !== unpacked) expect(`${Number(locator.offset)}:${locator.size}`, unpacked);
        }
      };
    },
  });
  return seen;
}
