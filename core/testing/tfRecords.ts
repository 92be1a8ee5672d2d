// Test data: bytes framed as one TFRecord (length, its masked CRC-32C, the data, its masked CRC-32C),
// as TensorBoard's writers frame each event.
import { maskedCrc32c } from '../jobs/logdir/tfRecord';

export function framedRecord(data: Buffer): Buffer {
  const length = Buffer.alloc(8);
  length.writeUInt32LE(data.length);
  const crc = (b: Uint8Array): Buffer => {
    const out = Buffer.alloc(4);
    out.writeUInt32LE(maskedCrc32c(b));
    return out;
  };
  return Buffer.concat([length, crc(length), data, crc(data)]);
}
