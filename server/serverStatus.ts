// Builds the answer to `hai/status` from the server's state.
import type { CompletionCounters, CompletionModelState, LatencySummary, ServerStatus, WorkspaceContextStatus } from '../core/protocol/serverStatus';

export interface StatusSources {
  readonly version: string;
  readonly startedAt: number;
  readonly now: () => number;
  readonly completionModel: () => CompletionModelState;
  readonly modelLoads: () => number;
  readonly completionLatency: () => LatencySummary | undefined;
  readonly completionCounters: () => CompletionCounters | undefined;
  readonly workspaceContext?: () => WorkspaceContextStatus;
}

export function buildServerStatus(src: StatusSources): ServerStatus {
  return {
    version: src.version,
    uptimeMs: Math.max(0, src.now() - src.startedAt),
    pid: process.pid,
    nodeVersion: process.versions.node,
    completionModel: src.completionModel(),
    modelLoads: src.modelLoads(),
    completionLatency: src.completionLatency(),
    completionCounters: src.completionCounters(),
    workspaceContext: src.workspaceContext?.(),
    rssBytes: process.memoryUsage.rss(),
  };
}
