import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId, eventually } from '../run-engine/helpers.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

describe('webhooks without ALLOW_PRIVATE_TOOL_URLS', () => {
  let server: TestServer;
  let admin: ApiClient;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    server = await startTestServer({ env: { ALLOW_PRIVATE_TOOL_URLS: 'false', WEBHOOK_RETRY_BASE_MS: '50' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
  });

  it('sends nothing to a private address and says why in the delivery log', async () => {
    const agentId = await demoAgentId(admin);
    await admin.call('PUT', `/agents/${agentId}/webhook`, { url: receiver.url('/private') });
    const run = await admin.post(`/agent-invoke/${agentId}/invoke`, invokeBody('Keep this inside', { threadId: 'private' }));
    const log = await eventually(async () => {
      const listed = (await admin.get(`/agents/${agentId}/webhook-deliveries`)).body.deliveries as Array<Record<string, unknown>>;
      return listed.find((d) => d.run_id === run.body.run_id && d.status !== 'pending');
    });
    expect(log).toMatchObject({ status: 'failed', attempts: 1, response_status: null });
    expect(String(log.last_error)).toMatch(/refused: 127\.0\.0\.1 is a loopback address/);
    expect(receiver.received).toHaveLength(0);
  });
});
