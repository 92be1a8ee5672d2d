// A downloaded model's tokenizer.json carries its own regular expressions (the pre-tokenizer's Split
// pattern), which @huggingface/tokenizers runs with JavaScript's backtracking engine on every prompt.
// Before the language server encodes anything with one, tokenizerProbe.ts encodes long runs of text
// with it in a worker thread: a pattern that does not finish them within PROBE_MS is refused, since
// on a user's file it would freeze completion (and every other request of the server) for hours.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ModelLoadError } from './modelErrors';
import type { ProbeReply, ProbeRequest } from './tokenizerProbe';
import { msg } from '../../core/text/message';

/** Encoding all the probe texts takes a few milliseconds with the tokenizers real models ship. */
export const PROBE_MS = 3_000;
/** Building a tokenizer of 150 000 tokens takes about a second here; a file that takes this long is refused too. */
const BUILD_MS = 60_000;
const MAX_MB = 2048;

/** The worker's script: beside the bundled server (dist/tokenizerProbe.js), or the TypeScript source under tsx (tests). */
function probeScript(): { file: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'tokenizerProbe.js');
  return __filename.endsWith('.ts') ? { file: path.join(__dirname, 'tokenizerProbe.ts'), execArgv: ['--require', 'tsx/cjs'] } : { file: bundled, execArgv: [] };
}

/** Resolves when the tokenizer encodes the probe texts in time; rejects with a ModelLoadError otherwise. */
export function probeTokenizer(tokenizerFile: string, configFile: string | undefined, probeMs = PROBE_MS): Promise<void> {
  const { file, execArgv } = probeScript();
  const worker = new Worker(file, { workerData: { tokenizerFile, configFile } satisfies ProbeRequest, execArgv, resourceLimits: { maxOldGenerationSizeMb: MAX_MB } });
  return new Promise<void>((resolve, reject) => {
    let timer = setTimeout(() => finish(refused(msg('building it took more than {0} s', BUILD_MS / 1000))), BUILD_MS);
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      void worker.terminate();
      if (err) reject(err);
      else resolve();
    };
    const refused = (why: ReturnType<typeof msg>): ModelLoadError =>
      new ModelLoadError('model', msg('{0} is refused: {1}. Its pre-tokenizer\'s pattern would freeze completion on some lines of code.', tokenizerFile, why), msg('Use the tokenizer.json published with the model, or another model.'));
    let built = false;
    worker.on('message', (reply: ProbeReply) => {
      if (reply.stage === 'built') {
        built = true;
        clearTimeout(timer);
        timer = setTimeout(() => finish(refused(msg('encoding runs of 64 spaces, letters or symbols took more than {0} ms', probeMs))), probeMs);
      } else if (reply.stage === 'encoded') finish();
      // A tokenizer that cannot be built is CodeTokenizer.load's to report, with its own words.
      else finish();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      // Past its memory limit: the server, which has no more, would not build it either.
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') finish(refused(msg('building it needed more than {0} MB', MAX_MB)));
      // Stopped while encoding: what it did to the probe it would do to the server.
      else if (built) finish(refused(msg('the probe stopped while encoding ({0})', err.message)));
      // Before the tokenizer was built (the probe could not start): CodeTokenizer.load builds it and says what is wrong.
      else finish();
    });
    worker.on('exit', () => finish());
  });
}
