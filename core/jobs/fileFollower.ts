// Reading growing files (job logs, metrics.jsonl) without ever loading them whole: a follower reads
// only the bytes added since its last read; the tail reader reads the last part of a file, starting
// at a line boundary. A file that shrank (rotated, rewritten) is read again from the start.
import { promises as fs } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export class FileFollower {
  private offset = 0;
  private decoder = new StringDecoder('utf8');

  constructor(
    readonly file: string,
    /** Where to start: 0, or a size already read. */
    start = 0,
  ) {
    this.offset = start;
  }

  /** The text added since the last call ('' when none, or when the file does not exist yet), and whether the file was restarted. */
  async read(maxBytes = 64 * 1024 * 1024): Promise<{ text: string; restarted: boolean }> {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch {
      return { text: '', restarted: false };
    }
    try {
      const { size } = await handle.stat();
      let restarted = false;
      if (size < this.offset) {
        this.offset = 0;
        this.decoder = new StringDecoder('utf8');
        restarted = true;
      }
      const length = Math.min(size - this.offset, maxBytes);
      if (length <= 0) return { text: '', restarted };
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, this.offset);
      this.offset += bytesRead;
      return { text: this.decoder.write(buffer.subarray(0, bytesRead)), restarted };
    } finally {
      await handle.close();
    }
  }

  get position(): number {
    return this.offset;
  }
}

export interface Tail {
  readonly text: string;
  /** Byte offset in the file where `text` starts (0 when the whole file is there). */
  readonly start: number;
  /** The file's size when it was read. */
  readonly size: number;
}

/** The last `bytes` of a file, from the first line start inside that range. */
export async function readTail(file: string, bytes: number): Promise<Tail> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    let start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    let data = buffer.subarray(0, bytesRead);
    if (start > 0) {
      // Skip the partial first line (and never cut a UTF-8 character in half).
      const nl = data.indexOf(0x0a);
      const skip = nl >= 0 ? nl + 1 : 0;
      data = data.subarray(skip);
      start += skip;
    }
    return { text: data.toString('utf8'), start, size: start + data.length };
  } finally {
    await handle.close();
  }
}
