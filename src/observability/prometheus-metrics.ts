import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HttpMetrics, MetricsExposition, RunMetrics, StreamMetrics } from '../ports/index.js';
import type { PriceTable } from './price-table.js';

const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const DURATION_BUCKETS_S = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** Prometheus metrics of SPEC §10 in a registry of their own (no global state). */
export interface PrometheusMetricsOptions {
  /** Gives each run's tokens a cost for switchboard_model_cost_usd_total; absent: tokens only. */
  prices?: Pick<PriceTable, 'costOf'>;
}

export function createPrometheusMetrics(options: PrometheusMetricsOptions = {}): RunMetrics & StreamMetrics & HttpMetrics & MetricsExposition {
  const registry = new Registry();
  // prom-client's own names (process_*, nodejs_*): what stock Node dashboards query (issue 21)
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status_code'], registers: [registry] });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration (a stream: until it closed)',
    labelNames: ['method', 'route', 'status_code'],
    buckets: LATENCY_BUCKETS_S,
    registers: [registry],
  });
  const runsStarted = new Counter({ name: 'switchboard_runs_started_total', help: 'Runs started', labelNames: ['surface'], registers: [registry] });
  const runsEnded = new Counter({ name: 'switchboard_runs_total', help: 'Runs by outcome', labelNames: ['surface', 'outcome'], registers: [registry] });
  const runDuration = new Histogram({ name: 'switchboard_run_duration_seconds', help: 'Run duration', labelNames: ['outcome'], buckets: DURATION_BUCKETS_S, registers: [registry] });
  const activeRuns = new Gauge({ name: 'switchboard_active_runs', help: 'Runs executing on this instance', registers: [registry] });
  const ttft = new Histogram({ name: 'switchboard_time_to_first_token_seconds', help: 'From run start to the first token', labelNames: ['model'], buckets: LATENCY_BUCKETS_S, registers: [registry] });
  const toolDuration = new Histogram({ name: 'switchboard_tool_call_duration_seconds', help: 'Tool call duration', labelNames: ['kind', 'ok'], buckets: LATENCY_BUCKETS_S, registers: [registry] });
  const providerErrors = new Counter({ name: 'switchboard_provider_errors_total', help: 'Model provider failures', labelNames: ['model', 'status'], registers: [registry] });
  // by model and surface only: a per-user or per-agent label would grow without bound (GET /usage is for those)
  const modelTokens = new Counter({ name: 'switchboard_model_tokens_total', help: 'Tokens used by runs (input, output)', labelNames: ['model', 'surface', 'type'], registers: [registry] });
  const modelCost = new Counter({ name: 'switchboard_model_cost_usd_total', help: 'What runs cost by the price table (USD)', labelNames: ['model', 'surface'], registers: [registry] });
  const activeStreams = new Gauge({ name: 'switchboard_active_streams', help: 'Open SSE streams', labelNames: ['surface'], registers: [registry] });
  const streamDuration = new Histogram({ name: 'switchboard_stream_duration_seconds', help: 'SSE stream duration', labelNames: ['surface'], buckets: DURATION_BUCKETS_S, registers: [registry] });
  const streamEvents = new Histogram({ name: 'switchboard_stream_events', help: 'Events written per SSE stream', labelNames: ['surface'], buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000], registers: [registry] });

  return {
    runStarted(surface) {
      runsStarted.inc({ surface });
      activeRuns.inc();
    },
    runEnded({ surface, outcome, durationMs, model, usage }) {
      runsEnded.inc({ surface, outcome });
      if (model !== undefined && usage) {
        modelTokens.inc({ model, surface, type: 'input' }, usage.input_tokens);
        modelTokens.inc({ model, surface, type: 'output' }, usage.output_tokens);
        const cost = options.prices?.costOf(model, usage);
        if (cost !== undefined) modelCost.inc({ model, surface }, cost);
      }
      runDuration.observe({ outcome }, durationMs / 1000);
      activeRuns.dec();
    },
    firstToken({ model, latencyMs }) {
      ttft.observe({ model }, latencyMs / 1000);
    },
    toolCall({ kind, ok, durationMs }) {
      toolDuration.observe({ kind, ok: String(ok) }, durationMs / 1000);
    },
    providerError({ model, status }) {
      providerErrors.inc({ model, status: status === undefined ? 'none' : String(status) });
    },
    httpRequest({ method, route, status, durationMs }) {
      const labels = { method, route, status_code: String(status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, durationMs / 1000);
    },
    streamOpened(surface) {
      activeStreams.inc({ surface });
    },
    streamClosed({ surface, durationMs, events }) {
      activeStreams.dec({ surface });
      streamDuration.observe({ surface }, durationMs / 1000);
      streamEvents.observe({ surface }, events);
    },
    contentType: registry.contentType,
    render: () => registry.metrics(),
  };
}
