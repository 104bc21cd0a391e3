import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { createUser, demoAgentId, eventually } from '../run-engine/helpers.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

interface RunEnded {
  event: string;
  run_id: string;
  agent_id: string;
  thread_id: string;
  status: string;
  final_answer?: string;
  usage: unknown;
  error?: unknown;
}

describe('signed webhooks', () => {
  let server: TestServer;
  let admin: ApiClient;
  let agentId: string;
  let receiver: WebhookReceiver;
  let secret: string;
  const setWebhook = (body: Record<string, unknown>) => admin.call('PUT', `/agents/${agentId}/webhook`, body);
  const invoke = (message: string, threadId: string, extra: Record<string, unknown> = {}) => admin.post(`/agent-invoke/${agentId}/invoke`, { ...invokeBody(message, { threadId }), ...extra });
  const deliveries = async () => (await admin.get(`/agents/${agentId}/webhook-deliveries`)).body.deliveries as Array<Record<string, unknown>>;

  beforeAll(async () => {
    server = await startTestServer({ env: { WEBHOOK_RETRY_BASE_MS: '50', MAX_CONCURRENT_RUNS_PER_USER: '100' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    agentId = await demoAgentId(admin);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
  });

  it('makes a write-only secret: shown once, never read back, stored sealed', async () => {
    const created = await setWebhook({ url: receiver.url('/hook') });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ url: receiver.url('/hook'), secret_set: true });
    expect(created.body.secret).toMatch(/^whsec_/);
    secret = created.body.secret;

    const read = await admin.get(`/agents/${agentId}/webhook`);
    expect(read.body).toEqual({ url: receiver.url('/hook'), secret_set: true, updated_at: expect.any(String) });
    const changed = await setWebhook({ url: receiver.url('/hook') });
    expect(changed.body.secret).toBeUndefined();
    const rows = await server.rawQuery('select secret::text as secret from agent_webhooks');
    expect(rows).toHaveLength(1);
    expect(String(rows[0]!.secret)).not.toContain(secret.slice('whsec_'.length, 30));
    expect(server.logs()).not.toContain(secret);
  });

  it('refuses a malformed secret and a webhook set by someone who may not edit the agent', async () => {
    expect((await setWebhook({ url: receiver.url('/hook'), secret: 'too-short' })).status).toBe(400);
    expect((await setWebhook({ url: 'ftp://example.com/x' })).status).toBe(400);
    const visitor = apiClient(server.baseUrl, (await createUser(admin, 'hook-visitor@example.com')).token);
    expect([403, 404]).toContain((await visitor.call('PUT', `/agents/${agentId}/webhook`, { url: receiver.url('/evil') })).status);
    expect([403, 404]).toContain((await visitor.get(`/agents/${agentId}/webhook-deliveries`)).status);
  });

  it("delivers a run's outcome with a signature the standardwebhooks library verifies", async () => {
    const run = await invoke('Sign this outcome', 'hook-valid');
    expect(run.status).toBe(200);
    const [delivered] = await eventually(async () => {
      const found = receiver.at('/hook').filter((r) => (JSON.parse(r.body) as RunEnded).run_id === run.body.run_id);
      return found.length > 0 ? found : undefined;
    });
    const payload = new Webhook(secret).verify(delivered!.body, delivered!.headers as Record<string, string>) as RunEnded;
    expect(payload).toEqual({
      event: 'run.ended',
      run_id: run.body.run_id,
      agent_id: agentId,
      thread_id: 'hook-valid',
      status: 'completed',
      final_answer: run.body.final_answer,
      usage: run.body.usage,
    });
    expect(delivered!.headers['switchboard-event']).toBe('run.ended');
    // a tampered body or a replay outside the window is refused by the same verifier
    expect(() => new Webhook(secret).verify(delivered!.body.replace('completed', 'cancelled'), delivered!.headers as Record<string, string>)).toThrow();
    const stale = { ...(delivered!.headers as Record<string, string>), 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) };
    expect(() => new Webhook(secret).verify(delivered!.body, stale)).toThrow();
  });

  it('retries after a 500 with the same webhook-id and logs the delivery', async () => {
    await setWebhook({ url: receiver.url('/flaky') });
    receiver.answer('/flaky', 500, 503);
    const run = await invoke('Retry me', 'hook-retry');
    const log = await eventually(async () => (await deliveries()).find((d) => d.run_id === run.body.run_id && d.status !== 'pending'));
    expect(log).toMatchObject({ status: 'delivered', attempts: 3, response_status: 200, last_error: null, url: receiver.url('/flaky'), event: 'run.ended' });
    const attempts = receiver.at('/flaky');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['webhook-id']))).toEqual(new Set([log.delivery_id]));
    for (const attempt of attempts) expect(() => new Webhook(secret).verify(attempt.body, attempt.headers as Record<string, string>)).not.toThrow();
  });

  it('follows no redirect and gives up a refused delivery at once', async () => {
    await setWebhook({ url: receiver.url('/moved') });
    receiver.answer('/moved', 302);
    const run = await invoke('Redirect me', 'hook-redirect');
    const log = await eventually(async () => (await deliveries()).find((d) => d.run_id === run.body.run_id && d.status !== 'pending'));
    expect(log).toMatchObject({ status: 'failed', attempts: 1, response_status: 302 });
    expect(String(log.last_error)).toContain('redirect');
    expect(receiver.at('/moved-redirected')).toHaveLength(0);
  });

  it("sends a run's own webhook_url too (editors only), signed with the agent's secret", async () => {
    await setWebhook({ url: receiver.url('/hook') });
    const run = await invoke('Two receivers', 'hook-own', { webhook_url: receiver.url('/own') });
    const own = await eventually(async () => receiver.at('/own').find((r) => (JSON.parse(r.body) as RunEnded).run_id === run.body.run_id));
    expect((new Webhook(secret).verify(own.body, own.headers as Record<string, string>) as RunEnded).status).toBe('completed');
    await eventually(async () => receiver.at('/hook').find((r) => (JSON.parse(r.body) as RunEnded).run_id === run.body.run_id));
    const listed = (await deliveries()).filter((d) => d.run_id === run.body.run_id).map((d) => d.url);
    expect(listed.sort()).toEqual([receiver.url('/hook'), receiver.url('/own')].sort());
  });

  it('learns the outcome of each of 100 background runs from verified webhooks', async () => {
    await setWebhook({ url: receiver.url('/batch') });
    const accepted = await Promise.all(
      Array.from({ length: 100 }, (_, i) => invoke(`batch job ${i}`, `batch-${i}`, { background: true })),
    );
    expect(accepted.map((a) => a.status)).toEqual(Array(100).fill(202));
    const runIds = new Set(accepted.map((a) => a.body.run_id as string));
    const outcomes = await eventually(async () => {
      const verified = receiver.at('/batch').map((r) => new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as RunEnded);
      return verified.length >= 100 ? verified : undefined;
    }, 60_000);
    expect(new Set(outcomes.map((o) => o.run_id))).toEqual(runIds);
    expect(outcomes.every((o) => o.status === 'completed' && o.final_answer!.includes('batch job'))).toBe(true);
  }, 90_000);
});
