// The ids the engine's own tokenizer (CodeTokenizer) gives for the first files of each corpus split,
// as SHA-256 digests, for encode.py --check on a GPU node without Node.js: a machine whose Python
// `tokenizers` splits one byte differently stops before training on ids the editor never sends.
// Digest: each file's ids as uint16 little-endian, then two zero bytes (encode.py's ids_digest).
//
//   tsx models/train/tokensCheck.ts --work DIR [--files 300] > DIR/tokens-check.json
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CodeTokenizer } from '../../server/completion/codeTokenizer';

async function digest(tokenizer: CodeTokenizer, file: string, files: number): Promise<{ files: number; sha256: string }> {
  const hash = createHash('sha256');
  let n = 0;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const ids = tokenizer.encode((JSON.parse(line) as { text: string }).text);
    hash.update(Buffer.from(Uint16Array.from(ids).buffer));
    hash.update(Buffer.alloc(2));
    if (++n === files) break;
  }
  lines.close();
  return { files: n, sha256: hash.digest('hex') };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { work: { type: 'string' }, files: { type: 'string', default: '300' } } });
  if (!values.work) throw new Error('usage: tokensCheck.ts --work DIR [--files N]');
  const dir = path.join(values.work, 'tokenizer');
  const tokenizer = CodeTokenizer.load(path.join(dir, 'tokenizer.json'), path.join(dir, 'tokenizer_config.json'));
  const out: Record<string, object> = {};
  for (const split of ['unseen', 'heldout', 'train']) {
    const file = path.join(values.work, 'corpus', `${split}.jsonl`);
    if (existsSync(file)) out[split] = await digest(tokenizer, file, Number(values.files));
  }
  console.log(JSON.stringify(out, null, 1));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
