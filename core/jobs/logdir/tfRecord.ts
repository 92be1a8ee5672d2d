// The record framing of TensorBoard event files (TFRecord): each record is a little-endian uint64
// length, a masked CRC-32C of those 8 bytes, the data, and a masked CRC-32C of the data. A training
// script appends records as it goes, so the reader takes bytes as they arrive and keeps an unfinished
// record for the next read. A checksum that does not match ends the reading there: what follows
// cannot be framed with any confidence.
import { buf as crc32c } from 'crc-32/crc32c';
import { msg, type Message } from '../../text/message';

/** The masking TensorFlow applies to a CRC-32C before storing it (the same as LevelDB's). */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c(data) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

const HEADER = 12;
const FOOTER = 4;
/**
 * No scalar event is anywhere near this: a larger record (a huge graph, an embedding) is passed over
 * without being kept, its data unchecked; its length has passed its checksum.
 */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;
/** A length no file holds (2^53): damage even with a matching checksum. */
const MAX_LENGTH_HIGH = 2 ** 21;

export interface RecordDamage {
  /** Byte offset in the file of the record that does not check out. */
  readonly offset: number;
  readonly reason: Message;
}

/** Times the last record is read again before a checksum that still fails counts as damage (one per poll). */
export const TAIL_RETRIES = 5;

export class TfRecordReader {
  /**
   * The bytes not read yet, as they came: joined only once they hold `need` bytes. Joining them at
   * every feed would copy a large record again with each piece of it (quadratic in its size).
   */
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes needed before anything can be read: a header, or the whole record its header announced. */
  private need = HEADER;
  /** File offset of the first pending byte. */
  private offset = 0;
  private broken: RecordDamage | undefined;
  /** The file offset to read again from, when the last record did not check out. */
  private reread: number | undefined;
  private retries = 0;
  /** Bytes of a record too large to keep that are still to come, and to be dropped. */
  private skipping = 0;

  /** Where the caller must read the file again from before feeding more (then cleared), if anywhere. */
  takeRereadFrom(): number | undefined {
    const at = this.reread;
    this.reread = undefined;
    return at;
  }

  /** Where reading stopped for good, if it did. */
  get damage(): RecordDamage | undefined {
    return this.broken;
  }

  /** Bytes kept for a record that is not complete yet. */
  get waiting(): number {
    return this.size;
  }

  /**
   * Takes the next bytes of the file (not to be changed afterwards) and yields the data of every
   * record they complete, one at a time: a file logged per batch holds millions of records, which
   * are better decoded and let go one by one than held in a list.
   */
  *feed(bytes: Buffer): Generator<Uint8Array> {
    if (this.broken) return;
    if (this.skipping > 0) {
      const dropped = Math.min(this.skipping, bytes.length);
      this.skipping -= dropped;
      this.offset += dropped;
      bytes = bytes.subarray(dropped);
    }
    if (bytes.length > 0) {
      this.chunks.push(bytes);
      this.size += bytes.length;
    }
    if (this.size < this.need) return;
    const pending = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.need = HEADER;
    let at = 0;
    try {
      while (pending.length - at >= HEADER) {
        // The uint64 length as two halves: a BigInt per record costs more than all the checksums.
        const low = pending.readUInt32LE(at);
        const high = pending.readUInt32LE(at + 4);
        // Plain views: a Buffer's subarray costs several times more, and there are two per record.
        if (pending.readUInt32LE(at + 8) !== maskedCrc32c(new Uint8Array(pending.buffer, pending.byteOffset + at, 8))) {
          // Zeros to the end: bytes not arrived yet, most likely.
          if (this.retry(at, pending.subarray(at).every((b) => b === 0))) break;
          this.broken = { offset: this.offset + at, reason: msg('the length of a record does not match its checksum') };
          break;
        }
        if (high >= MAX_LENGTH_HIGH) {
          this.broken = { offset: this.offset + at, reason: msg('a record claims {0} bytes', (BigInt(high) * 2n ** 32n + BigInt(low)).toString()) };
          break;
        }
        if (high !== 0 || low > MAX_RECORD_BYTES) {
          const past = at + HEADER + high * 2 ** 32 + low + FOOTER;
          this.retries = 0;
          if (past <= pending.length) {
            at = past;
            continue;
          }
          this.skipping = past - pending.length;
          at = pending.length;
          break;
        }
        const end = at + HEADER + low + FOOTER;
        if (end > pending.length) {
          this.need = end - at;
          break;
        }
        const data = new Uint8Array(pending.buffer, pending.byteOffset + at + HEADER, low);
        if (pending.readUInt32LE(end - FOOTER) !== maskedCrc32c(data)) {
          if (this.retry(at, end === pending.length)) break;
          this.broken = { offset: this.offset + at, reason: msg('the data of a record does not match its checksum') };
          break;
        }
        this.retries = 0;
        at = end;
        yield data;
      }
    } finally {
      // Also when the caller stops early: what it did not take is kept for the next call. A copy, not
      // to hold a joined record for a few bytes of the next one. These lie in the last piece fed (the
      // first record was not complete without it: see need), so the copy is at most that piece.
      this.offset += at;
      if (!this.broken && this.reread === undefined && at < pending.length) {
        this.chunks = [Buffer.from(pending.subarray(at))];
        this.size = pending.length - at;
      }
    }
  }

  /**
   * Whether the record at `at`, which does not check out, is to be read again from the file rather
   * than counted as damage: only the last one read (`atTail`), and only TAIL_RETRIES times in a row.
   */
  private retry(at: number, atTail: boolean): boolean {
    if (!atTail || this.retries >= TAIL_RETRIES) return false;
    this.retries++;
    this.reread = this.offset + at;
    return true;
  }
}
