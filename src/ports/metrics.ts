import type { Usage } from '../domain/index.js';

/** What the run engine and the streams report for `GET /metrics` (SPEC §10). Labels are low-cardinality. */
export interface RunMetrics {
  runStarted(surface: string): void;
  /** `model` and `usage` (what the provider used, a cancelled run included) feed the token and cost counters. */
  runEnded(input: { surface: string; outcome: string; durationMs: number; model?: string; usage?: Usage }): void;
  firstToken(input: { model: string; latencyMs: number }): void;
  toolCall(input: { kind: string; ok: boolean; durationMs: number }): void;
  providerError(input: { model: string; status: number | undefined }): void;
}

export interface StreamMetrics {
  streamOpened(surface: string): void;
  streamClosed(input: { surface: string; durationMs: number; events: number }): void;
}

/** One answered HTTP request; `route` is the route's pattern (`/agents/:agentId`), never the raw URL. */
export interface HttpMetrics {
  httpRequest(input: { method: string; route: string; status: number; durationMs: number }): void;
}

export interface MetricsExposition {
  contentType: string;
  render(): Promise<string>;
}

/** For tests and tools that do not care. */
export const noMetrics: RunMetrics & StreamMetrics = {
  runStarted() {},
  runEnded() {},
  firstToken() {},
  toolCall() {},
  providerError() {},
  streamOpened() {},
  streamClosed() {},
};
