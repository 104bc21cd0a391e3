import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../domain/index.js';
import type { StorageBundle } from './open-database.js';
import { MISSING_ID, openStoresAround, storeFixtures, storeTargets } from './stores-test-support.js';

describe.each(storeTargets())('stores on $name: webhooks (issue 19)', (target) => {
  let s: StorageBundle;
  openStoresAround(target, (opened) => (s = opened));
  const { newUser, newAgent } = storeFixtures(() => s);
  const sealed = (n: string) => ({ keyId: 'k1', sealed: `sealed-${n}` });
  const agent = async () => (await newAgent((await newUser()).userId)).agentId;

  it('saves, replaces the URL keeping the secret, and deletes an agent webhook', async () => {
    const agentId = await agent();
    expect(await s.webhooks.find(agentId)).toBeNull();
    await s.webhooks.save(agentId, { url: 'https://a.example/hook', secret: sealed('1') }, new Date());
    const moved = await s.webhooks.save(agentId, { url: null }, new Date());
    expect(moved).toMatchObject({ agentId, url: null, secret: sealed('1') });
    expect(await s.webhooks.find(agentId)).toMatchObject({ url: null, secret: sealed('1') });
    expect(await s.webhooks.delete(agentId)).toBe(true);
    expect(await s.webhooks.delete(agentId)).toBe(false);
    expect(await s.webhooks.find('not-a-uuid')).toBeNull();
  });

  it('refuses a secret that is not sealed', async () => {
    const agentId = await agent();
    await expect(s.webhooks.save(agentId, { url: null, secret: { plaintext: 'x' } as never }, new Date())).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('lists every sealed secret and replaces one inside a transaction for key rotation, keeping url and updatedAt', async () => {
    const [a, b] = [await agent(), await agent()];
    const savedAt = new Date('2030-02-01T00:00:00Z');
    await s.webhooks.save(a, { url: 'https://a.example/rot', secret: sealed('a') }, savedAt);
    await s.webhooks.save(b, { url: null, secret: sealed('b') }, savedAt);
    const listed = await s.webhooks.listAllSealedSecrets();
    expect(listed).toEqual(expect.arrayContaining([{ agentId: a, secret: sealed('a') }, { agentId: b, secret: sealed('b') }]));
    expect(listed.map((row) => row.agentId)).toEqual(listed.map((row) => row.agentId).sort());

    const resealed = { keyId: 'k2', sealed: 'sealed-a2' };
    await s.database.transaction((tx) => s.webhooks.replaceSealedSecret(a, resealed, tx));
    expect(await s.webhooks.find(a)).toEqual({ agentId: a, url: 'https://a.example/rot', secret: resealed, updatedAt: savedAt });
    expect(await s.webhooks.find(b)).toMatchObject({ secret: sealed('b') });
    await expect(s.database.transaction((tx) => s.webhooks.replaceSealedSecret('not-a-uuid', resealed, tx))).resolves.toBeUndefined();
  });

  it('rolls a replaced secret back with its transaction and refuses an unsealed one', async () => {
    const agentId = await agent();
    await s.webhooks.save(agentId, { url: null, secret: sealed('kept') }, new Date());
    const failed = s.database.transaction(async (tx) => {
      await s.webhooks.replaceSealedSecret(agentId, { keyId: 'k2', sealed: 'sealed-lost' }, tx);
      throw new Error('a later write failed');
    });
    await expect(failed).rejects.toThrow(/a later write failed/);
    expect((await s.webhooks.find(agentId))?.secret).toEqual(sealed('kept'));
    const unsealed = s.database.transaction((tx) => s.webhooks.replaceSealedSecret(agentId, { plaintext: 'x' } as never, tx));
    await expect(unsealed).rejects.toBeInstanceOf(InvalidInputError);
    expect((await s.webhooks.find(agentId))?.secret).toEqual(sealed('kept'));
  });

  it('keeps the delivery log newest first with each latest attempt', async () => {
    const agentId = await agent();
    const first = await s.webhooks.createDelivery({ agentId, runId: randomUUID(), event: 'run.ended', url: 'https://a.example/1', body: '{"n":1}' }, new Date('2030-01-01T00:00:00Z'));
    const second = await s.webhooks.createDelivery({ agentId, runId: randomUUID(), event: 'run.ended', url: 'https://a.example/2', body: '{"n":2}' }, new Date('2030-01-01T00:00:01Z'));
    await s.webhooks.recordAttempt(first.deliveryId, { status: 'delivered', attempts: 2, responseStatus: 204, lastError: null }, new Date('2030-01-01T00:00:05Z'));
    const listed = await s.webhooks.listDeliveries(agentId, 10);
    expect(listed.map((d) => d.deliveryId)).toEqual([second.deliveryId, first.deliveryId]);
    expect(listed[1]).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 204, lastError: null });
    expect(listed[0]).toMatchObject({ status: 'pending', attempts: 0, responseStatus: null });
    expect(await s.webhooks.listDeliveries(agentId, 1)).toHaveLength(1);
    expect(await s.webhooks.listDeliveries(MISSING_ID, 10)).toEqual([]);
  });

  it('lets one claimer take each stale pending delivery, with its body', async () => {
    const agentId = await agent();
    const old = new Date('2031-01-01T00:00:00Z');
    const pending = await s.webhooks.createDelivery({ agentId, runId: randomUUID(), event: 'run.ended', url: 'https://a.example/p', body: '{"p":1}' }, old);
    const done = await s.webhooks.createDelivery({ agentId, runId: randomUUID(), event: 'run.ended', url: 'https://a.example/d', body: '{}' }, old);
    await s.webhooks.recordAttempt(done.deliveryId, { status: 'delivered', attempts: 1, responseStatus: 200, lastError: null }, old);
    const staleBefore = new Date('2031-01-01T00:01:00Z');
    const now = new Date('2031-01-01T00:02:00Z');
    const [a, b] = await Promise.all([s.webhooks.claimStale(staleBefore, now, 10), s.webhooks.claimStale(staleBefore, now, 10)]);
    const claimed = [...a, ...b].filter((d) => d.agentId === agentId);
    expect(claimed.map((d) => d.deliveryId)).toEqual([pending.deliveryId]);
    expect(claimed[0]).toMatchObject({ body: '{"p":1}', status: 'pending', updatedAt: now });
    expect((await s.webhooks.claimStale(staleBefore, now, 10)).filter((d) => d.agentId === agentId)).toEqual([]);
  });
});
