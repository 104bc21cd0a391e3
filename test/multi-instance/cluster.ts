import { randomBytes } from 'node:crypto';
import { fakeTokens, type FakeReply } from '../fakes/fake-reply.js';
import type { FakeWireServer } from '../fakes/fake-stream-server.js';
import { startOpenAiWireServer } from '../fakes/openai-wire-server.js';
import { createFreshDatabase } from '../http/support/fresh-database.js';
import { apiClient } from '../support/api.js';
import { spawnInstance, type InstanceProcess } from './instance-process.js';

export interface Cluster {
  instances: InstanceProcess[];
  provider: FakeWireServer;
  adminToken: string;
  /** An agent on the fake OpenAI-wire provider, created through the first instance. */
  agentId: string;
  leaseSeconds: number;
  /** Stops every process still running and drops the database. */
  close(): Promise<void>;
}

/**
 * A prompt the fake provider answers with `tokens` text deltas, `delayMs` apart; `text` is the whole answer.
 * Labels keep the tokens of different tests apart.
 */
export function script(label: string, tokens: number, delayMs: number): { message: string; text: string } {
  return { message: `${label}: tokens=${tokens} delay=${delayMs}`, text: fakeTokens(tokens, `${label}-`).join('') };
}

function replyFor(body: any): FakeReply {
  const last = String(body?.messages?.at(-1)?.content ?? '');
  const match = /^(\S+): tokens=(\d+) delay=(\d+)$/.exec(last);
  if (!match) return { tokens: ['ok'] };
  return { tokens: fakeTokens(Number(match[2]), `${match[1]}-`), tokenDelayMs: Number(match[3]) };
}

/** The provider request carrying `message` as its last user message. */
export async function providerRequestFor(provider: FakeWireServer, message: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = provider.requests.find((r) => r.body?.messages?.at(-1)?.content === message);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`the provider never received "${message}"`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * `count` real server processes on one fresh PostgreSQL database and one Redis, sharing SECRET_KEY and
 * ADMIN_TOKEN, all pointed at one fake OpenAI-wire provider in this process.
 */
export async function startCluster(options: { count: number; databaseBaseUrl: string; redisUrl: string; leaseSeconds: number }): Promise<Cluster> {
  const database = await createFreshDatabase(options.databaseBaseUrl);
  const provider = await startOpenAiWireServer({ apiKey: 'multi-instance-key', replies: (request) => replyFor(request.body) });
  const adminToken = `sb_multi_${randomBytes(16).toString('hex')}`;
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: options.redisUrl,
    SECRET_KEY: randomBytes(32).toString('base64'),
    ADMIN_TOKEN: adminToken,
    ADMIN_PASSWORD: `pw-${randomBytes(8).toString('hex')}`,
    OPENAI_BASE_URL: provider.url,
    OPENAI_API_KEY: 'multi-instance-key',
    RUN_LEASE_SECONDS: String(options.leaseSeconds),
    HEARTBEAT_SECONDS: '1',
    SHUTDOWN_GRACE_SECONDS: '1',
  };
  const instances: InstanceProcess[] = [];
  const close = async () => {
    await Promise.allSettled(instances.map((instance) => instance.stop()));
    await provider.close();
    await database.drop();
  };
  try {
    const names = ['A', 'B', 'C', 'D', 'E'].slice(0, options.count);
    // started together, as a deployment would: one migrates and bootstraps, the others wait for it
    const started = await Promise.allSettled(names.map((name) => spawnInstance(name, env)));
    for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
    const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    const admin = apiClient(instances[0]!.baseUrl, adminToken);
    const agent = await admin.post('/agents', { agent_name: 'Cluster agent', description: '', agent_style: '', on_status: true, model_name: 'openai/gpt-4o-mini', tools: [] });
    if (agent.status !== 201) throw new Error(`POST /agents answered ${agent.status}: ${JSON.stringify(agent.body)}`);
    return { instances, provider, adminToken, agentId: agent.body.agent_id, leaseSeconds: options.leaseSeconds, close };
  } catch (error) {
    await close();
    throw error;
  }
}
