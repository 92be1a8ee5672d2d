// The workspace context's budget the server sizes to this machine (server/completion/contextBudget.ts),
// over several starts of the built language server with a workspace folder (the argparse bench's
// scripts, read at start as a user's project is): the prefill speed and budget the probe at load gives
// (the baseline: what a session kept before speedRecheck.ts), and what stands once the server has
// measured again in idle time. A budget that changes from start to start gives the same user other
// prompts, and other suggestions, in each session.
// Prints JSON: per start the figures at load and after the checks; the range and spread of each.
// Run: npm run bench:budget [-- --starts N] [--out FILE]
import * as path from 'node:path';
import { ServerStatusRequest } from '../core/protocol/serverStatus';
import { ROOT } from '../scripts/paths';
import { RECHECK_DELAYS_MS } from '../server/completion/speedRecheck';
import { arg, report, startServer } from './lspSession';

interface Figures {
  readonly prefillMsPerToken: number;
  readonly msPerToken: number;
  readonly contextTokens: number;
}

async function oneStart(folder: string): Promise<{ atLoad: Figures; checked: Figures & { readonly speedChecks: number } }> {
  const session = await startServer({ modelPath: path.join(ROOT, 'models', 'code-model'), threads: 1 }, [folder]);
  try {
    const figures = async () => {
      const status = await session.conn.sendRequest(ServerStatusRequest);
      const model = status.completionModel;
      if (model.state !== 'loaded') throw new Error(`The model is ${model.state}`);
      return { prefillMsPerToken: model.prefillMsPerToken, msPerToken: model.msPerToken, contextTokens: status.workspaceContext?.tokens ?? 0, speedChecks: model.speedChecks };
    };
    const loaded = await figures();
    const atLoad = { prefillMsPerToken: loaded.prefillMsPerToken, msPerToken: loaded.msPerToken, contextTokens: loaded.contextTokens };
    // Every check done (each after its delay, all idle here), with time to spare.
    const waitMs = RECHECK_DELAYS_MS.reduce((a, b) => a + b, 0) + 2_000;
    let checked = await figures();
    for (const until = performance.now() + waitMs; checked.speedChecks < RECHECK_DELAYS_MS.length + 1 && performance.now() < until; ) {
      await new Promise((r) => setTimeout(r, 200));
      checked = await figures();
    }
    return { atLoad, checked };
  } finally {
    session.dispose();
  }
}

/** Lowest, highest and how many starts gave each value. */
function spread(values: readonly number[]): { min: number; max: number; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return { min: Math.min(...values), max: Math.max(...values), counts };
}

async function main(): Promise<void> {
  const starts = Number(arg('starts', '8'));
  const folder = path.join(__dirname, 'quality', 'argparseNames');
  const runs = [];
  for (let i = 0; i < starts; i++) runs.push(await oneStart(folder));
  report({
    bench: 'context-budget',
    starts,
    atLoad: { prefillMsPerToken: spread(runs.map((r) => r.atLoad.prefillMsPerToken)), contextTokens: spread(runs.map((r) => r.atLoad.contextTokens)) },
    checked: { prefillMsPerToken: spread(runs.map((r) => r.checked.prefillMsPerToken)), contextTokens: spread(runs.map((r) => r.checked.contextTokens)), speedChecks: spread(runs.map((r) => r.checked.speedChecks)) },
    runs,
  });
}

if (require.main === module) {
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
