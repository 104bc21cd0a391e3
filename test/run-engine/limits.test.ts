import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { readSse } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { createUser, demoAgentId, eventually } from './helpers.js';

describe('rate limits: per-caller request rate and concurrent runs', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '8', MAX_CONCURRENT_RUNS_PER_USER: '1', DEMO_TOKEN_DELAY_MS: '100' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
  });
  afterAll(async () => server?.stop());

  it('answers 429 with Retry-After for a second concurrent run of the same user, whatever the thread', async () => {
    let runId = '';
    const first = readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, {
      token: server.adminToken,
      body: invokeBody('a slow reply with several words', { threadId: 'c1' }),
      onEvent: (e) => (runId ||= (e.data as { run_id: string }).run_id),
    });
    await eventually(async () => runId);
    const second = await admin.post(`/agent-invoke/${agentId}/invoke-stream`, invokeBody('another', { threadId: 'c2' }));
    expect(second.status).toBe(429);
    expect(second.body.error.code).toBe('RATE_LIMITED');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    await admin.post(`/runs/${runId}/cancel`);
    await first;
  });

  it('answers 429 with Retry-After past the per-minute request rate, per caller', async () => {
    const other = await createUser(admin, 'rate-other@example.com');
    let limited: { status: number; headers: Headers; body: any } | undefined;
    for (let i = 0; i < 12 && !limited; i++) {
      const response = await admin.get('/me');
      if (response.status === 429) limited = response;
    }
    expect(limited?.body.error.code).toBe('RATE_LIMITED');
    expect(limited?.body.error.message).toContain('per minute');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await apiClient(server.baseUrl, other.token).get('/me')).status).toBe(200);
    expect((await apiClient(server.baseUrl).get('/health')).status).toBe(200);
  });
});

describe('GET /metrics', () => {
  it('exposes runs by outcome, time to first token, tool durations and streams in Prometheus text', async () => {
    const server = await startTestServer();
    try {
      const admin = apiClient(server.baseUrl, server.adminToken);
      const agentId = await demoAgentId(admin);
      await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: server.adminToken, body: invokeBody('calculator expression=1+1') });
      // issue 16: /metrics needs a platform admin's token (or METRICS_TOKEN, test/http/metrics-access.test.ts)
      expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(401);
      const response = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${server.adminToken}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toMatch(/switchboard_runs_total\{surface="agent-invoke",outcome="completed"\} 1/);
      expect(text).toMatch(/switchboard_time_to_first_token_seconds_count\{model="local\/demo"\} 1/);
      expect(text).toMatch(/switchboard_tool_call_duration_seconds_count\{kind="builtin",ok="true"\} 1/);
      expect(text).toMatch(/switchboard_stream_events_count\{surface="agent-invoke"\} 1/);
      expect(text).toMatch(/switchboard_active_streams\{surface="agent-invoke"\} 0/);
    } finally {
      await server.stop();
    }
  }, 90_000); // starts its own server inside the test: slow on a busy machine (the hook timeout, not the test's)
});
