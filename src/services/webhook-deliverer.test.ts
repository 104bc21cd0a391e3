import { describe, expect, it } from 'vitest';
import type { WebhookDelivery, WebhookPost, WebhookStore } from '../ports/webhooks.js';
import { createWebhookDeliverer } from './webhook-deliverer.js';
import { newWebhookSecret } from './webhook-signature.js';

type LogStore = Pick<WebhookStore, 'createDelivery' | 'recordAttempt' | 'claimStale'>;

function memoryLog() {
  const rows = new Map<string, WebhookDelivery>();
  const store: LogStore = {
    async createDelivery(input, at) {
      const row: WebhookDelivery = { ...input, deliveryId: `d${rows.size + 1}`, status: 'pending', attempts: 0, responseStatus: null, lastError: null, createdAt: at, updatedAt: at };
      rows.set(row.deliveryId, row);
      return row;
    },
    async recordAttempt(deliveryId, outcome, at) {
      rows.set(deliveryId, { ...rows.get(deliveryId)!, ...outcome, updatedAt: at });
    },
    async claimStale(staleBefore, at) {
      const stale = [...rows.values()].filter((row) => row.status === 'pending' && row.updatedAt < staleBefore);
      for (const row of stale) rows.set(row.deliveryId, { ...row, updatedAt: at });
      return stale.map((row) => ({ ...row, updatedAt: at }));
    },
  };
  return { store, only: () => [...rows.values()][0]! };
}

const secret = newWebhookSecret();

function delivererWith(post: WebhookPost, options: { maxAttempts?: number; retryBaseMs?: number; timeoutMs?: number; store?: LogStore; now?: () => Date } = {}) {
  const log = memoryLog();
  const deliverer = createWebhookDeliverer({
    store: options.store ?? log.store,
    post,
    secretOf: async () => secret,
    clock: { now: options.now ?? (() => new Date()) },
    maxAttempts: options.maxAttempts ?? 3,
    retryBaseMs: options.retryBaseMs ?? 5,
    timeoutMs: options.timeoutMs ?? 1_000,
    logError: () => undefined,
  });
  const message = { agentId: 'a', runId: 'r', event: 'run.ended', url: 'https://hooks.example/x', secret, payload: { ok: true } };
  return { deliverer, log, message };
}

describe('the webhook deliverer', () => {
  it('gives up after the last attempt when the receiver keeps failing', async () => {
    let calls = 0;
    const { deliverer, log, message } = delivererWith(async () => (calls++, { status: 500 }));
    await deliverer.deliver(message);
    expect(calls).toBe(3);
    expect(log.only()).toMatchObject({ status: 'failed', attempts: 3, responseStatus: 500, lastError: 'the receiver answered 500' });
  });

  it('retries a receiver that does not answer in time, then records its success', async () => {
    let calls = 0;
    const post: WebhookPost = ({ signal }) =>
      calls++ === 0 ? new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))) : Promise.resolve({ status: 204 });
    const { deliverer, log, message } = delivererWith(post, { timeoutMs: 30 });
    await deliverer.deliver(message);
    expect(log.only()).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 204, lastError: null });
  });

  it('does not retry a 4xx refusal or an address the SSRF guard refuses', async () => {
    const refused = delivererWith(async () => ({ refused: 'refused: 10.0.0.1 is a private address' }));
    await refused.deliverer.deliver(refused.message);
    expect(refused.log.only()).toMatchObject({ status: 'failed', attempts: 1, lastError: 'refused: 10.0.0.1 is a private address' });
    const unauthorized = delivererWith(async () => ({ status: 401 }));
    await unauthorized.deliverer.deliver(unauthorized.message);
    expect(unauthorized.log.only()).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 401 });
  });

  it('leaves a delivery waiting for its retry pending at shutdown, and a later sweep elsewhere finishes it', async () => {
    let calls = 0;
    const first = delivererWith(async () => (calls++, { status: 503 }), { maxAttempts: 5, retryBaseMs: 60_000 });
    const done = first.deliverer.deliver(first.message);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await first.deliverer.close();
    await done;
    expect(calls).toBe(1);
    expect(first.log.only()).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 503 });

    const received: Array<Parameters<WebhookPost>[0]> = [];
    const later = () => new Date(Date.now() + 3_600_000); // the first sender has long been silent
    const second = delivererWith(async (request) => (received.push(request), { status: 200 }), { maxAttempts: 5, retryBaseMs: 60_000, store: first.log.store, now: later });
    expect(await second.deliverer.sweep()).toBe(1);
    await second.deliverer.close();
    expect(first.log.only()).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 200 });
    expect(received[0]!.body).toBe(JSON.stringify(first.message.payload));
    expect(received[0]!.headers['webhook-id']).toBe(first.log.only().deliveryId);
    expect(await second.deliverer.sweep()).toBe(0);
  });
});
