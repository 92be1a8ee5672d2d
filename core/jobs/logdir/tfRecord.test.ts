import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { english } from '../../text/message';
import { maskedCrc32c, TAIL_RETRIES, TfRecordReader } from './tfRecord';
import { framedRecord } from '../../testing/tfRecords';

const framed = framedRecord;

const TORCH = path.resolve(__dirname, '../../../test/fixtures/tensorboard/torch/events.out.tfevents.1764583200.node1.4242.0');

describe('TensorBoard’s record framing', () => {
  it('computes the masked CRC-32C of RFC 3720’s example and of a real TensorFlow event record', () => {
    // Unmasked, the RFC's 0x8a9136aa for 32 zero bytes; masked (rotated right by 15, plus 0xa282ead8), this.
    assert.equal(maskedCrc32c(Buffer.alloc(32)), 0x0fd7fffa);
    assert.equal(maskedCrc32c(Buffer.from('\x1a\x11CRC test, one two', 'latin1')), 0x5794d08a);
  });

  it('reads the same records whether the file comes whole or a byte at a time', () => {
    const bytes = readFileSync(TORCH);
    const whole = [...new TfRecordReader().feed(bytes)];
    assert.equal(whole.length, 102, 'the file version, 100 steps and an image');
    const slow = new TfRecordReader();
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i++) pieces.push(...slow.feed(bytes.subarray(i, i + 1)));
    assert.deepEqual(pieces, whole);
    assert.equal(slow.waiting, 0);
    assert.equal(slow.damage, undefined);
  });

  it('keeps a record the writer has not finished, and reads it once the rest arrives', () => {
    const bytes = readFileSync(TORCH);
    const reader = new TfRecordReader();
    const first = [...reader.feed(bytes.subarray(0, 1000))];
    assert.ok(reader.waiting > 0, 'the unfinished record is kept');
    const rest = [...reader.feed(bytes.subarray(1000))];
    assert.equal(first.length + rest.length, 102);
    assert.equal(reader.damage, undefined);
  });

  it('stops at a record whose data was changed, and says at which byte it starts', () => {
    const bytes = Buffer.from(readFileSync(TORCH));
    const whole = [...new TfRecordReader().feed(bytes)];
    // The 11th record's offset: each record is 12 bytes of header, its data and 4 of footer.
    const offset = whole.slice(0, 10).reduce((n, r) => n + 16 + r.length, 0);
    bytes[offset + 12 + 3] ^= 0x01;
    const reader = new TfRecordReader();
    assert.equal([...reader.feed(bytes)].length, 10, 'the records before the damage');
    assert.equal(reader.damage?.offset, offset);
    assert.equal(english(reader.damage!.reason), 'the data of a record does not match its checksum');
    assert.deepEqual([...reader.feed(Buffer.from('more'))], [], 'nothing after it');
  });

  it('passes over a record larger than any event it reads (a 70 MiB graph) without keeping it, and goes on', function () {
    // 70 MiB checked by CRC: about a second alone, more on a busy machine (mocha's default is 2 s).
    this.timeout(20_000);
    const bytes = readFileSync(TORCH);
    const whole = [...new TfRecordReader().feed(bytes)];
    const third = whole.slice(0, 3).reduce((n, r) => n + 16 + r.length, 0);
    const huge = framed(Buffer.alloc(70 * 1024 * 1024, 7));
    const file = Buffer.concat([bytes.subarray(0, third), huge, bytes.subarray(third)]);
    assert.deepEqual([...new TfRecordReader().feed(file)], whole, 'whole');
    // As a writer appends it, a MiB at a time: nothing of it is kept.
    const reader = new TfRecordReader();
    const pieces: Uint8Array[] = [];
    let mostKept = 0;
    for (let at = 0; at < file.length; at += 1 << 20) {
      pieces.push(...reader.feed(file.subarray(at, at + (1 << 20))));
      mostKept = Math.max(mostKept, reader.waiting);
    }
    assert.deepEqual(pieces, whole);
    assert.ok(mostKept < 2 << 20, `at most ${mostKept} bytes kept`);
    // Damage after it is found at its place in the file.
    const damaged = Buffer.from(file);
    const tenth = huge.length + whole.slice(0, 9).reduce((n, r) => n + 16 + r.length, 0);
    damaged[tenth + 12 + 2] ^= 0x01;
    const after = new TfRecordReader();
    for (let at = 0; at < damaged.length; at += 1 << 20) for (const record of after.feed(damaged.subarray(at, at + (1 << 20)))) assert.ok(record);
    assert.equal(after.damage?.offset, tenth);
  });

  it('stops at a length no file holds even when its checksum matches', () => {
    const header = Buffer.alloc(12);
    header.writeUInt32LE(0, 0);
    header.writeUInt32LE(2 ** 21, 4); // 2^53 bytes
    header.writeUInt32LE(maskedCrc32c(header.subarray(0, 8)), 8);
    const reader = new TfRecordReader();
    assert.deepEqual([...reader.feed(header)], []);
    assert.equal(english(reader.damage!.reason), 'a record claims 9007199254740992 bytes');
  });

  it('stops at a length that does not match its checksum instead of waiting for a record that will never come', () => {
    const bytes = Buffer.from(readFileSync(TORCH));
    bytes[4] = 0x7f; // the first record's length, now about 5·10^11 bytes
    const reader = new TfRecordReader();
    assert.deepEqual([...reader.feed(bytes)], []);
    assert.equal(reader.damage?.offset, 0);
    assert.equal(english(reader.damage!.reason), 'the length of a record does not match its checksum');
    assert.equal(reader.waiting, 0, 'nothing kept');
  });
  it('reads the last record again when it does not check out yet (zeros where NFS has not shown the bytes), a few times before it is damage', () => {
    const bytes = readFileSync(TORCH);
    const whole = [...new TfRecordReader().feed(bytes)];
    const end3 = whole.slice(0, 3).reduce((n, r) => n + 16 + r.length, 0);
    const end4 = end3 + 16 + whole[3].length;
    // The file's size already says four records, but the fourth's bytes are still zeros.
    const early = Buffer.concat([bytes.subarray(0, end3), Buffer.alloc(end4 - end3)]);
    const reader = new TfRecordReader();
    assert.equal([...reader.feed(early)].length, 3);
    assert.equal(reader.damage, undefined, 'not damage yet');
    assert.equal(reader.takeRereadFrom(), end3, 'read again from the fourth record');
    assert.equal(reader.takeRereadFrom(), undefined);
    // Next poll: the bytes are there.
    assert.equal([...reader.feed(bytes.subarray(end3))].length, 99);
    assert.equal(reader.damage, undefined);

    // A last record that never checks out is damage after TAIL_RETRIES reads.
    const bad = Buffer.from(bytes.subarray(0, end4));
    bad[end4 - 6] ^= 0xff;
    const stuck = new TfRecordReader();
    let from = 0;
    for (let i = 0; i <= TAIL_RETRIES && !stuck.damage; i++) {
      for (const record of stuck.feed(bad.subarray(from))) void record;
      from = stuck.takeRereadFrom() ?? from;
    }
    assert.equal(stuck.damage?.offset, end3);
  });

  it('reads a large record that arrives in many small pieces in about the time it takes whole', () => {
    // 8 MiB in 4 KiB pieces: copying all that is pending at every piece would copy some 16 GiB.
    const data = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4096) data[i] = i % 251;
    const file = Buffer.concat([framed(data), framed(Buffer.from('next'))]);
    const reader = new TfRecordReader();
    const records: Uint8Array[] = [];
    const started = Date.now();
    for (let at = 0; at < file.length; at += 4096) records.push(...reader.feed(file.subarray(at, at + 4096)));
    const ms = Date.now() - started;
    assert.equal(records.length, 2);
    assert.ok(Buffer.from(records[0]).equals(data), 'the record as written');
    assert.equal(Buffer.from(records[1]).toString(), 'next');
    assert.equal(reader.waiting, 0);
    assert.ok(ms < 1500, `${ms} ms`);
  });
});
