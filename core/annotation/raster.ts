// A decoded image frame as the annotation editor and its assists see it: the samples exactly as the
// file holds them (16-bit stays 16-bit, float stays float), never squashed to 8 bits. Display
// windowing and model input scaling read from this and never write to it.

export type SampleArray = Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA; samples interleaved, row-major, top row first. */
  readonly channels: 1 | 2 | 3 | 4;
  /** width × height × channels samples. */
  readonly data: SampleArray;
  /** Bits per sample as stored (8, 16, 32, 64). */
  readonly bitDepth: number;
  readonly sampleFormat: 'uint' | 'int' | 'float';
}
