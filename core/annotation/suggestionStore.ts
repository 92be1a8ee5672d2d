// Suggestions made for images that are not open — by pre-labelling a whole folder — kept until the
// user reviews them: one JSON file per image in the workspace storage, stamped with the image's size
// and modification time (an image written since gets none) and the model that made them. The editor
// shows them as pending shapes when the image opens; what is accepted goes into the label file on
// save, and the store keeps only what is still pending. Label files are never touched by a folder run.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite';
import { fileStamp } from '../fs/fileStamp';
import type { Box } from './assist/letterbox';

export interface StoredSuggestion {
  readonly label: string;
  readonly score: number;
  readonly box: Box;
}

export interface StoredSuggestions {
  readonly source: string;
  readonly suggestions: readonly StoredSuggestion[];
}

function isSuggestion(v: unknown): v is StoredSuggestion {
  const s = v as StoredSuggestion | null;
  return !!s && typeof s.label === 'string' && typeof s.score === 'number' && !!s.box && ['x', 'y', 'width', 'height'].every((k) => Number.isFinite((s.box as unknown as Record<string, number>)[k]));
}

export class SuggestionStore {
  constructor(private readonly dir: string) {}

  private fileFor(image: string): string {
    return path.join(this.dir, `${createHash('sha256').update(path.resolve(image)).digest('hex').slice(0, 24)}.json`);
  }

  async put(image: string, stored: StoredSuggestions): Promise<void> {
    if (stored.suggestions.length === 0) return this.clear(image);
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.fileFor(image), JSON.stringify({ image: path.resolve(image), stamp: await fileStamp(image), ...stored }));
  }

  /** The image's pending suggestions, if any were made for it as it is now. */
  async get(image: string): Promise<StoredSuggestions | undefined> {
    let doc: { image?: unknown; stamp?: unknown; source?: unknown; suggestions?: unknown };
    try {
      doc = JSON.parse(await readFile(this.fileFor(image), 'utf8')) as typeof doc;
    } catch {
      return undefined;
    }
    if (doc.image !== path.resolve(image) || doc.stamp !== (await fileStamp(image))) return undefined;
    if (typeof doc.source !== 'string' || !Array.isArray(doc.suggestions) || !doc.suggestions.every(isSuggestion)) return undefined;
    return { source: doc.source, suggestions: doc.suggestions };
  }

  async clear(image: string): Promise<void> {
    await rm(this.fileFor(image), { force: true });
  }
}
