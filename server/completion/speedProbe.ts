// How fast the loaded model generates on this machine, measured once when it loads: a short prompt,
// one step to warm ONNX Runtime up (left out), then a few timed decode steps. The extension warns
// with this figure when a model is too slow to suggest while the user types (a large model on a few
// cores); the status panel shows it.
import type { OnnxDecoder } from './onnxDecoder';

const PROMPT_TOKENS = 64;
const TIMED_STEPS = 4;

/** Mean milliseconds per generated token after a PROMPT_TOKENS-token prompt (a lower bound for longer prompts). */
export async function measureMsPerToken(decoder: OnnxDecoder): Promise<number> {
  // Ordinary ids spread over the vocabulary: the cost of a step does not depend on which they are.
  const id = (i: number): number => (97 + i * 131) % decoder.vocabSize;
  let step = await decoder.forward(
    decoder.emptyState(),
    Array.from({ length: PROMPT_TOKENS }, (_, i) => id(i)),
  );
  step = await decoder.forward(step.state, [id(PROMPT_TOKENS)]);
  const started = performance.now();
  for (let i = 1; i <= TIMED_STEPS; i++) step = await decoder.forward(step.state, [id(PROMPT_TOKENS + i)]);
  return (performance.now() - started) / TIMED_STEPS;
}
