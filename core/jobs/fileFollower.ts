// Reading growing files (job logs, metrics.jsonl, TensorBoard event files) without ever loading them whole: a follower reads
// only the bytes added since its last read; the tail reader reads the last part of a file, starting
// at a line boundary. A file that shrank (rotated, rewritten) is read again from the start.
import { constants, type FSWatcher, promises as fs, watch } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** How often an open log view reads what its file gained (the log lag is about half of it). */
export const LOG_POLL_MS = 500;

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
    const { bytes, restarted } = await this.readBytes(maxBytes);
    if (restarted) this.decoder = new StringDecoder('utf8');
    return { text: bytes.length ? this.decoder.write(bytes) : '', restarted };
  }

  /** The bytes added since the last call (none when the file does not exist yet), and whether the file was restarted. */
  async readBytes(maxBytes = 64 * 1024 * 1024): Promise<{ bytes: Buffer; restarted: boolean }> {
    const none = Buffer.alloc(0);
    let handle: fs.FileHandle;
    try {
      // Non-blocking: a FIFO put where a log or metrics file should be would hold a thread until written to.
      handle = await fs.open(this.file, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      return { bytes: none, restarted: false };
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { bytes: none, restarted: false };
      const { size } = info;
      let restarted = false;
      if (size < this.offset) {
        this.offset = 0;
        restarted = true;
      }
      const length = Math.min(size - this.offset, maxBytes);
      if (length <= 0) return { bytes: none, restarted };
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, this.offset);
      this.offset += bytesRead;
      return { bytes: buffer.subarray(0, bytesRead), restarted };
    } finally {
      await handle.close();
    }
  }

  get position(): number {
    return this.offset;
  }

  /** Reads from `offset` on at the next call (bytes read before that are read again). */
  seek(offset: number): void {
    this.offset = offset;
    this.decoder = new StringDecoder('utf8');
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

/**
 * Follows a growing file and hands each new piece of text to `onData`: at once when the kernel says
 * the file changed (inotify, through fs.watch), and every `pollMs` in any case, because change
 * events do not cross network file systems (a job writing its log on a compute node, the editor
 * reading it over NFS on the login node).
 */
export class LiveFile {
  private readonly follower: FileFollower;
  private watcher: FSWatcher | undefined;
  private readonly timer: NodeJS.Timeout;
  private reading: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    readonly file: string,
    start: number,
    private readonly onData: (text: string, restarted: boolean) => void,
    pollMs = LOG_POLL_MS,
  ) {
    this.follower = new FileFollower(file, start);
    this.timer = setInterval(() => this.pull(), pollMs);
    this.watch();
  }

  private watch(): void {
    if (this.watcher || this.closed) return;
    try {
      this.watcher = watch(this.file, { persistent: false }, () => this.pull());
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      // Not there yet: the poll reads it once it appears, and watches it then.
    }
  }

  /** Reads now; a change during a read triggers one more read after it. */
  pull(): void {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        const { text, restarted } = await this.follower.read();
        if (text || restarted) this.onData(text, restarted);
        this.watch();
      } while (this.again && !this.closed);
    })()
      .catch(() => undefined)
      .finally(() => {
        this.reading = undefined;
      });
  }

  dispose(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.watcher?.close();
  }
}
