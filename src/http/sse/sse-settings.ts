import { noMetrics, type StreamMetrics } from '../../ports/index.js';
import { createHeartbeat, type Heartbeat } from './heartbeat.js';

export interface SseSettings {
  /** Sent as `retry:` in the first frame (ms). */
  retryMs: number;
  heartbeat: Heartbeat;
  /** A watcher whose unsent bytes exceed this is dropped; it resumes with Last-Event-ID. */
  maxBufferedBytes: number;
  metrics: StreamMetrics;
}

export function createSseSettings(input: { heartbeatSeconds: number; metrics?: StreamMetrics | undefined }): SseSettings {
  return { retryMs: 3000, heartbeat: createHeartbeat(input.heartbeatSeconds * 1000), maxBufferedBytes: 4 * 1024 * 1024, metrics: input.metrics ?? noMetrics };
}
