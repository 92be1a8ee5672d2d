// Runs in a worker thread (tokenizerSafety.ts): builds the tokenizer from tokenizer.json and encodes
// long runs of every kind of character, so that a pre-tokenizer pattern that backtracks without end
// (`(?:\s|\s)*#` takes hours on 40 spaces) hangs this thread, which can be stopped, and not the
// language server, which cannot.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Tokenizer } from '@huggingface/tokenizers';

export interface ProbeRequest {
  readonly tokenizerFile: string;
  readonly configFile: string | undefined;
}
export type ProbeReply = { readonly stage: 'built' } | { readonly stage: 'encoded'; readonly ms: number } | { readonly stage: 'failed'; readonly message: string };

/**
 * Characters in a run: a pattern that backtracks exponentially takes seconds from about 25 (2^25
 * steps), so 64 finds it while keeping the probe short (the BPE of one long word costs its square).
 */
const RUN = 64;

/** Runs of one kind of character, and of pairs, each also ended by a character of another kind (where backtracking starts). */
export function probeTexts(): string[] {
  const units = [' ', '\t', '\n', '\r\n', 'a', 'Z', '_', '1', '#', '.', '(', "'", '"', '中', 'é', ' a', 'a ', '. ', ' 1', '\n ', ' \n', '\u00a0', '😀'];
  const ends = ['', '!', 'x', '\n', ' '];
  const texts: string[] = [];
  for (const unit of units) for (const end of ends) texts.push(unit.repeat(Math.ceil(RUN / unit.length)) + end);
  texts.push('def f(x):\n    return x + 12345  # über 中文\n\n\n    \t  y = [1, 2, 3]\r\n');
  return texts;
}

if (parentPort) {
  const port = parentPort;
  const { tokenizerFile, configFile } = workerData as ProbeRequest;
  try {
    const config = configFile ? (JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>) : {};
    const tokenizer = new Tokenizer(JSON.parse(readFileSync(tokenizerFile, 'utf8')) as object, config);
    port.postMessage({ stage: 'built' } satisfies ProbeReply);
    const started = performance.now();
    // A text it cannot encode is not what is probed here (CodeTokenizer reports that): the others are still tried.
    for (const text of probeTexts()) {
      try {
        tokenizer.encode(text, { add_special_tokens: false });
      } catch {
        continue;
      }
    }
    port.postMessage({ stage: 'encoded', ms: performance.now() - started } satisfies ProbeReply);
  } catch (err) {
    port.postMessage({ stage: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies ProbeReply);
  }
}
