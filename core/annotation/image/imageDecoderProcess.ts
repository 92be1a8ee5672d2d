// The image decoder's own process (forked by imageDecoder.ts): reads an image file, decodes the
// page asked for and sends the samples back (structured clone: typed arrays as they are). A decoder
// that aborts the process on a damaged file (geotiff on some LZW strips) takes only this process with
// it; the editor says the file is damaged and starts a fresh one for the next image.
import { readFile } from 'node:fs/promises';
import { decodeImage, ImageError } from './decodeImage';

export interface DecodeRequest {
  readonly id: number;
  readonly file: string;
  readonly page: number;
}

export type DecodeReply =
  | { readonly id: number; readonly ok: true; readonly image: Awaited<ReturnType<typeof decodeImage>> }
  | { readonly id: number; readonly ok: false; readonly name: string; readonly message: string };

process.on('message', (request: DecodeRequest) => {
  void (async () => {
    let reply: DecodeReply;
    try {
      const bytes = await readFile(request.file);
      reply = { id: request.id, ok: true, image: await decodeImage(bytes, request.page) };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const message = e.code === 'ENOENT' ? 'the file no longer exists' : e.code === 'EACCES' ? 'the file cannot be read (permission denied)' : e instanceof ImageError ? e.message : String(e.message ?? e);
      reply = { id: request.id, ok: false, name: e instanceof ImageError ? 'ImageError' : (e.name ?? 'Error'), message };
    }
    process.send!(reply);
  })();
});
