import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, generateKeyBase64, keyIdOf, loadOrCreateKeyFile } from './crypto/index.js';
import { runRotateKey } from './rotate-key.js';
import { createWebhookDeliverer } from './services/webhook-deliverer.js';
import { newWebhookSecret } from './services/webhook-signature.js';
import { openDatabase } from './storage/open-database.js';

async function seededDataDir(secret: string, webhookSecret: string) {
  const dataDir = await mkdtemp(join(tmpdir(), 'sb-rotate-'));
  const { keyBase64 } = await loadOrCreateKeyFile(dataDir);
  const box = createSecretBox({ keys: [{ keyBase64 }] });
  const storage = await openDatabase({ dataDir });
  const user = await storage.users.create({ email: 'owner@example.com', name: 'Owner', passwordHash: null, isAdmin: false });
  const tool = await storage.tools.create({
    name: 'weather',
    description: '',
    kind: 'http',
    config: { url: 'https://api.example.com', method: 'GET', input_schema: { type: 'object', properties: {} } },
    env: { API_KEY: box.seal(secret), OTHER: box.seal('second value') },
    onStatus: true,
    companyId: null,
    userId: user.userId,
  });
  const agent = await storage.agents.create({
    agentName: 'hooked',
    description: '',
    agentStyle: '',
    onStatus: true,
    modelName: 'local/demo',
    tools: [],
    companyId: null,
    userId: user.userId,
    shareEditorWith: [],
    shareVisitorWith: [],
  });
  await storage.webhooks.save(agent.agentId, { url: 'https://hooks.example/in', secret: box.seal(webhookSecret) }, new Date());
  // A delivery its sender left pending: after the rotation a restarted server must still sign it.
  const body = JSON.stringify({ event: 'run.ended', agent_id: agent.agentId });
  const pending = await storage.webhooks.createDelivery({ agentId: agent.agentId, runId: randomUUID(), event: 'run.ended', url: 'https://hooks.example/in', body }, new Date('2020-01-01T00:00:00Z'));
  await storage.database.close();
  return { dataDir, oldKey: keyBase64, toolId: tool.toolId, agentId: agent.agentId, deliveryId: pending.deliveryId };
}

/** What a server restarted on `key` sends for the pending delivery: the agent's secret opened with that key only. */
async function resumedDelivery(dataDir: string, key: string, agentId: string, deliveryId: string) {
  const storage = await openDatabase({ dataDir });
  const box = createSecretBox({ keys: [{ keyBase64: key }] });
  const sent: Array<{ headers: Record<string, string>; body: string }> = [];
  const deliverer = createWebhookDeliverer({
    store: storage.webhooks,
    post: async ({ headers, body }) => (sent.push({ headers, body }), { status: 204 }),
    secretOf: async (agentId) => {
      const webhook = await storage.webhooks.find(agentId);
      return webhook ? box.open(webhook.secret) : null;
    },
    clock: { now: () => new Date() },
    maxAttempts: 1,
    retryBaseMs: 5,
    timeoutMs: 1_000,
    logError: () => undefined,
  });
  const delivery = async () => (await storage.webhooks.listDeliveries(agentId, 10)).find((d) => d.deliveryId === deliveryId);
  try {
    expect(await deliverer.sweep()).toBe(1);
    // the sweep resumes in the background; closing at once would leave the delivery pending
    for (let waited = 0; (await delivery())?.status === 'pending' && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    return { sent, delivery: await delivery() };
  } finally {
    await deliverer.close();
    await storage.database.close();
  }
}

async function sealedEnvOf(dataDir: string, toolId: string) {
  const storage = await openDatabase({ dataDir });
  try {
    return await storage.tools.loadSealedEnv(toolId);
  } finally {
    await storage.database.close();
  }
}

// One seeded PGlite directory for the whole file: creating one costs seconds.
describe('rotate-key', () => {
  const secret = 'sk-rotate-me-123456';
  const webhookSecret = newWebhookSecret();
  let seeded: Awaited<ReturnType<typeof seededDataDir>>;
  beforeAll(async () => {
    seeded = await seededDataDir(secret, webhookSecret);
  });

  it('re-encrypts every tool and webhook secret with a generated key and keeps the old key file', async () => {
    const { dataDir, oldKey, toolId } = seeded;
    const lines: string[] = [];
    const result = await runRotateKey({ DATA_DIR: dataDir }, (line) => lines.push(line));

    expect(result).toMatchObject({
      tools: { ownersUpdated: 1, secretsResealed: 2, secretsAlreadyCurrent: 0 },
      webhooks: { ownersUpdated: 1, secretsResealed: 1, secretsAlreadyCurrent: 0 },
      oldKeyId: keyIdOf(oldKey),
    });
    const newKey = (await readFile(join(dataDir, 'secret.key'), 'utf8')).trim();
    expect(keyIdOf(newKey)).toBe(result.newKeyId);
    expect((await readFile(join(dataDir, 'secret.key.old'), 'utf8')).trim()).toBe(oldKey);
    expect((await stat(join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);
    await expect(stat(join(dataDir, 'secret.key.new'))).rejects.toThrow();

    const env = await sealedEnvOf(dataDir, toolId);
    const newBox = createSecretBox({ keys: [{ keyBase64: newKey }] });
    expect(env.API_KEY!.keyId).toBe(result.newKeyId);
    expect(newBox.open(env.API_KEY!)).toBe(secret);
    expect(newBox.open(env.OTHER!)).toBe('second value');

    const printed = lines.join('\n');
    expect(printed).toMatch(/Re-encrypted 2 secrets of 1 tools and the webhook secrets of 1 agents \(0 already used the new key\)/);
    for (const value of [secret, webhookSecret, newKey, oldKey]) expect(printed).not.toContain(value);
  });

  it('leaves the webhook deliverable by a server on the new key, signed with the same secret receivers hold', async () => {
    const newKey = (await readFile(join(seeded.dataDir, 'secret.key'), 'utf8')).trim();
    const { sent, delivery } = await resumedDelivery(seeded.dataDir, newKey, seeded.agentId, seeded.deliveryId);
    expect(sent).toHaveLength(1);
    const { headers, body } = sent[0]!;
    expect(headers['webhook-id']).toBe(seeded.deliveryId);
    expect(new Webhook(webhookSecret).verify(body, headers)).toEqual({ event: 'run.ended', agent_id: seeded.agentId });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, responseStatus: 204 });
  });

  it('uses NEW_SECRET_KEY when given', async () => {
    const wanted = generateKeyBase64();
    const result = await runRotateKey({ DATA_DIR: seeded.dataDir, NEW_SECRET_KEY: wanted }, () => undefined);
    expect(result).toMatchObject({ newKeyId: keyIdOf(wanted), tools: { secretsResealed: 2 }, webhooks: { secretsResealed: 1 } });
    expect((await readFile(join(seeded.dataDir, 'secret.key'), 'utf8')).trim()).toBe(wanted);
    const env = await sealedEnvOf(seeded.dataDir, seeded.toolId);
    const wantedBox = createSecretBox({ keys: [{ keyBase64: wanted }] });
    expect(wantedBox.open(env.API_KEY!)).toBe(secret);
    const storage = await openDatabase({ dataDir: seeded.dataDir });
    try {
      const webhook = await storage.webhooks.find(seeded.agentId);
      expect(webhook?.secret.keyId).toBe(keyIdOf(wanted));
      expect(wantedBox.open(webhook!.secret)).toBe(webhookSecret);
    } finally {
      await storage.database.close();
    }
  });

  it('requires NEW_SECRET_KEY when SECRET_KEY comes from the environment, and checks its shape', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sb-rotate-'));
    await expect(runRotateKey({ DATA_DIR: dataDir, SECRET_KEY: generateKeyBase64() }, () => undefined)).rejects.toThrow(/NEW_SECRET_KEY: is required/);
    await expect(runRotateKey({ DATA_DIR: dataDir, NEW_SECRET_KEY: 'short' }, () => undefined)).rejects.toThrow(/NEW_SECRET_KEY: must be 32 bytes/);
  });
});
