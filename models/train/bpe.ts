// Step 2 of the recipe: a byte-level BPE tokenizer with fill-in-the-middle tokens, learned from the
// training split (each file counted as often as its group's weight), written as tokenizer.json +
// tokenizer_config.json for @huggingface/tokenizers.
//
//   tsx models/train/bpe.ts --work .cache/code-model [--vocab 8192] [--context 512]
import { createReadStream, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { learnMerges, tokenizerJson } from './bpeTrainer';
import { pretokenize } from './pretokenize';
import { SPECIAL_TOKENS } from './tokenizerFormat';

interface Doc {
  readonly text: string;
  readonly weight: number;
}

async function countWords(file: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const doc = JSON.parse(line) as Doc;
    for (const piece of pretokenize(doc.text)) counts.set(piece, (counts.get(piece) ?? 0) + doc.weight);
  }
  return counts;
}

function writeAtomic(file: string, value: object): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 1) + '\n');
  renameSync(`${file}.tmp`, file);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { work: { type: 'string' }, vocab: { type: 'string', default: '8192' }, context: { type: 'string', default: '512' } } });
  if (!values.work) throw new Error('usage: bpe.ts --work DIR [--vocab 8192] [--context 512]');
  const started = Date.now();
  const counts = await countWords(path.join(values.work, 'corpus', 'train.jsonl'));
  const pieces = [...counts.keys()].sort();
  const words = pieces.map((p) => new Uint8Array(Buffer.from(p, 'utf8')));
  const merges = learnMerges(words, pieces.map((p) => counts.get(p)!), Number(values.vocab) - 256 - SPECIAL_TOKENS.length);
  const { tokenizer, config } = tokenizerJson(merges, Number(values.context));
  const out = path.join(values.work, 'tokenizer');
  mkdirSync(out, { recursive: true });
  writeAtomic(path.join(out, 'tokenizer.json'), tokenizer);
  writeAtomic(path.join(out, 'tokenizer_config.json'), config);
  console.log(JSON.stringify({ pieces: pieces.length, merges: merges.length, seconds: (Date.now() - started) / 1000 }));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
