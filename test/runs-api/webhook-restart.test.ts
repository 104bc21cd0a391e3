import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody } from '../support/api.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { demoAgentId, eventually } from '../run-engine/helpers.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

describe('webhook retries survive a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-webhook-restart-'));
  const env = { ADMIN_TOKEN: 'sb_webhook_restart_token_0123456789', WEBHOOK_RETRY_BASE_MS: '300', WEBHOOK_MAX_ATTEMPTS: '4', WEBHOOK_TIMEOUT_MS: '300' };
  let server: TestServer | undefined;
  let receiver: WebhookReceiver | undefined;
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a delivery still failing at shutdown is sent, same webhook-id, by the restarted server', async () => {
    receiver = await startWebhookReceiver();
    receiver.answer('/later', ...Array<number>(50).fill(503));
    server = await startTestServer({ dataDir, env });
    let admin = apiClient(server.baseUrl, env.ADMIN_TOKEN);
    const agentId = await demoAgentId(admin);
    const secret = (await admin.call('PUT', `/agents/${agentId}/webhook`, { url: receiver.url('/later') })).body.secret as string;
    const run = await admin.post(`/agent-invoke/${agentId}/invoke`, invokeBody('Outlive the restart', { threadId: 'restart' }));
    const listDeliveries = async () => ((await admin.get(`/agents/${agentId}/webhook-deliveries`)).body.deliveries as Array<Record<string, unknown>>).find((d) => d.run_id === run.body.run_id);
    await eventually(async () => (await listDeliveries())?.attempts === 1);
    await server.stop({ keepData: true });
    server = undefined;
    const before = receiver.at('/later').length;
    receiver.answer('/later'); // from now on the receiver accepts

    server = await startTestServer({ dataDir, env });
    admin = apiClient(server.baseUrl, env.ADMIN_TOKEN);
    const delivered = await eventually(async () => {
      const found = await listDeliveries();
      return found?.status === 'delivered' ? found : undefined;
    }, 20_000);
    expect(delivered.attempts).toBeGreaterThanOrEqual(2);
    const last = receiver.at('/later').at(-1)!;
    expect(receiver.at('/later').length).toBeGreaterThan(before);
    expect(last.headers['webhook-id']).toBe(delivered.delivery_id);
    expect(new Webhook(secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({ run_id: run.body.run_id, status: 'completed' });
  }, 60_000);
});
