// What one read of any reader may return, shared by the readers (ROOT, tensors, arrays) and the jobs
// that step through files (the table's scan), so that none of them imports another reader for it.

/**
 * Values one read returns at most (float64: 256 MiB). A tensor may be a view far larger than its
 * storage (expand() gives stride 0: 768 bytes on disk can describe 200 million values), and a ROOT
 * file's well-compressed jagged baskets unpack to far more than its size, so a read is bounded by what
 * it returns, not by the file; the explorer reads in parts well under this.
 */
export const MAX_READ_VALUES = 32 * 1024 * 1024;
