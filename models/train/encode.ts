// Step 3 of the recipe: the corpus as token ids, encoded by the completion engine's own tokenizer
// class (server/completion/codeTokenizer.ts on @huggingface/tokenizers), so that the model trains on
// exactly the ids it will be given in the editor. For each split writes
//
//   tokens/<split>.bin        uint16 ids, each file's ids followed by <|endoftext|> (id 0)
//   tokens/<split>.docs.json  per file: offset and length in the .bin, group, weight, package, path,
//                             header_offset and header_length in the .headers.bin
//   tokens/<split>.headers.bin  uint16 ids of each file's header in the repository-level format
//                             ("# file: <path>\n", models/train/sampler.py; encode.py writes the same)
//
// and prints bytes per token on each split.
//
//   tsx models/train/encode.ts --work .cache/code-model
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { CodeTokenizer } from '../../server/completion/codeTokenizer';

interface Doc {
  readonly text: string;
  readonly weight: number;
  readonly group: string;
  readonly package: string;
  readonly path: string;
}

async function encodeSplit(tokenizer: CodeTokenizer, work: string, split: string): Promise<{ files: number; tokens: number; bytesPerToken: number }> {
  const outDir = path.join(work, 'tokens');
  mkdirSync(outDir, { recursive: true });
  const bin = path.join(outDir, `${split}.bin`);
  const out = createWriteStream(`${bin}.tmp`);
  const headersBin = path.join(outDir, `${split}.headers.bin`);
  const headersOut = createWriteStream(`${headersBin}.tmp`);
  const docs: object[] = [];
  let offset = 0;
  let headerOffset = 0;
  let bytes = 0;
  const lines = createInterface({ input: createReadStream(path.join(work, 'corpus', `${split}.jsonl`), 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const doc = JSON.parse(line) as Doc;
    const ids = tokenizer.encode(doc.text);
    if (ids.some((id) => id > 0xffff)) throw new Error('token ids do not fit in 16 bits');
    const buf = Buffer.from(Uint16Array.from([...ids, 0]).buffer);
    if (!out.write(buf)) await once(out, 'drain');
    const header = tokenizer.encode(`# file: ${doc.path}\n`);
    if (!headersOut.write(Buffer.from(Uint16Array.from(header).buffer))) await once(headersOut, 'drain');
    docs.push({ offset, length: ids.length, group: doc.group, weight: doc.weight, package: doc.package, path: doc.path, header_offset: headerOffset, header_length: header.length });
    offset += ids.length + 1;
    headerOffset += header.length;
    bytes += Buffer.byteLength(doc.text, 'utf8');
  }
  out.end();
  headersOut.end();
  await Promise.all([once(out, 'finish'), once(headersOut, 'finish')]);
  renameSync(`${bin}.tmp`, bin);
  renameSync(`${headersBin}.tmp`, headersBin);
  writeFileSync(path.join(outDir, `${split}.docs.json`), JSON.stringify(docs));
  const tokens = offset - docs.length;
  return { files: docs.length, tokens, bytesPerToken: bytes / tokens };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { work: { type: 'string' } } });
  if (!values.work) throw new Error('usage: encode.ts --work DIR');
  const dir = path.join(values.work, 'tokenizer');
  const tokenizer = CodeTokenizer.load(path.join(dir, 'tokenizer.json'), path.join(dir, 'tokenizer_config.json'));
  const started = Date.now();
  const result: Record<string, object> = {};
  for (const split of ['unseen', 'heldout', 'train']) {
    if (existsSync(path.join(values.work, 'corpus', `${split}.jsonl`))) result[split] = await encodeSplit(tokenizer, values.work, split);
  }
  console.log(JSON.stringify({ ...result, seconds: (Date.now() - started) / 1000 }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
