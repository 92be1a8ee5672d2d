// What the extension knows about the hub, without any editor code (the extension's HubController
// adds settings, events, progress and notifications on top, as JobsController does over JobTracker):
// the merged catalog, the filter, and for each file whether it is on this machine, downloaded or
// extracted (from the markers beside the archives, read at load and after each change).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILT_IN_HUB, type Catalog, findLocalWeight, type HubDataset, type HubModel, mergeCatalogs, parseCatalog } from './catalog';
import { loadSources, type SourceOptions } from './catalogSources';
import { type ArchiveKind, type Extraction, extractionOf } from './extract';
import { archiveKindOfTarget, catalogTargets, destinationOf, type HubTarget, matchesFilter, normalizeFilter } from './hubTargets';

/** Where hub files live on this machine (from the settings, read again on each use). */
export interface HubPlaces {
  /** The resolved download folder (`resolveDownloadDir`). */
  readonly downloadDir: string;
  /** More folders with `<model>/<file>` weights (`hai.hub.weightsFolders`). */
  readonly weightsFolders: readonly string[];
  readonly home?: string;
}

export class HubState {
  private catalog: Catalog = { models: [], datasets: [], problems: [] };
  private filterWords = '';
  /** Extractions recorded beside downloaded archives, by archive path. */
  private extractions = new Map<string, Extraction>();

  constructor(private readonly places: () => HubPlaces) {}

  current(): Catalog {
    return this.catalog;
  }

  /** The built-in catalog (a file shipped with the extension) and the hubs of `sources`, merged; then what is extracted. */
  async load(builtInCatalog: string, sources: readonly string[], options: SourceOptions = {}): Promise<Catalog> {
    const builtIn = parseCatalog(await readFile(builtInCatalog, 'utf8'), BUILT_IN_HUB);
    this.catalog = mergeCatalogs([builtIn, ...(await loadSources(sources, options))]);
    await this.readExtractions();
    return this.catalog;
  }

  /** The filter in use: lower-case words, empty for none. */
  get filter(): string {
    return this.filterWords;
  }

  setFilter(text: string): void {
    this.filterWords = normalizeFilter(text);
  }

  matches(entry: HubModel | HubDataset): boolean {
    return matchesFilter(entry, this.filterWords);
  }

  downloadDir(): string {
    return this.places().downloadDir;
  }

  destination(target: HubTarget): string {
    return destinationOf(target, this.downloadDir());
  }

  /** The file on this machine, if it is there (weights also in ~/.hai/weights and the weights folders). */
  localPath(target: HubTarget): string | undefined {
    const dest = this.destination(target);
    if (existsSync(dest)) return dest;
    // A code model's files count only in its model folder, where the engine loads them all together.
    if (target.owner.kind !== 'model' || target.owner.entry.completion || target.file.folder) return undefined;
    // `<folder>/<model>/<file>` names no hub: with the same id in two hubs it may be either one's.
    if (target.owner.entry.alsoIn?.length) return undefined;
    const places = this.places();
    return findLocalWeight(target.owner.entry.id, target.file.name, places.weightsFolders, places.home ?? os.homedir());
  }

  archiveKind(target: HubTarget): ArchiveKind | undefined {
    return archiveKindOfTarget(target);
  }

  /** What HAI's Extract recorded for this archive: extracted as it is now, or extracted and then removed. */
  extraction(target: HubTarget): Extraction | undefined {
    return this.archiveKind(target) ? this.extractions.get(this.destination(target)) : undefined;
  }

  /** Where the file's content is on this machine: the file, or for a removed archive its folder. */
  available(target: HubTarget): string | undefined {
    return this.localPath(target) ?? (this.extraction(target)?.archiveRemovedAt ? path.dirname(this.destination(target)) : undefined);
  }

  /**
   * The files a download of `targets` fetches: those not here. A download of several (a whole
   * dataset) also skips archives deleted after extraction, as their files are here; asked for on its
   * own, such an archive is downloaded again.
   */
  toDownload(targets: readonly HubTarget[]): HubTarget[] {
    return targets.filter((t) => !this.localPath(t) && (targets.length === 1 || !this.available(t)));
  }

  /** Reads again what is recorded for this archive (after a download, an extraction or a removal). */
  async noteExtraction(archive: string): Promise<void> {
    const extraction = await extractionOf(archive);
    if (extraction) this.extractions.set(archive, extraction);
    else this.extractions.delete(archive);
  }

  private async readExtractions(): Promise<void> {
    const archives = catalogTargets(this.catalog)
      .filter((t) => this.archiveKind(t))
      .map((t) => this.destination(t));
    const found = await Promise.all(archives.map(async (dest) => [dest, await extractionOf(dest)] as const));
    this.extractions = new Map(found.filter((e): e is readonly [string, Extraction] => e[1] !== undefined));
  }
}
