import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../domain/index.js';
import { migrationsFolderCandidates, resolveMigrationsFolder } from './migrations-folder.js';
import { openDatabase, type StorageBundle } from './open-database.js';
import { sleep, unique, MISSING_ID, openStoresAround, storeFixtures, storeTargets } from './stores-test-support.js';

describe.each(storeTargets())('stores on $name: fastworkflow, database', (target) => {
  let s: StorageBundle;
  openStoresAround(target, (opened) => (s = opened));
  const { newUser, newAgent } = storeFixtures(() => s);

  describe('fastworkflow', () => {
    async function session(fwUserId = `fw-${unique()}`) {
      const owner = await newUser();
      const agent = await newAgent(owner.userId);
      return { ownerUserId: owner.userId, fwUserId, agentId: agent.agentId, context: 'ctx', showAgentTraces: true, activeConversationId: 0 };
    }

    it('creates a session once and returns the existing one afterwards, even when racing', async () => {
      const input = await session();
      expect(await s.fastworkflow.getSession(input.ownerUserId, input.fwUserId)).toBeNull();
      const [a, b] = await Promise.all([
        s.fastworkflow.createSessionIfAbsent(input),
        s.fastworkflow.createSessionIfAbsent({ ...input, context: 'other', showAgentTraces: false }),
      ]);
      expect(a).toEqual(b);
      const again = await s.fastworkflow.createSessionIfAbsent({ ...input, context: 'ignored' });
      expect(again).toEqual(a);
      expect(await s.fastworkflow.getSession(input.ownerUserId, input.fwUserId)).toEqual(a);
      expect(await s.fastworkflow.getSession('x', input.fwUserId)).toBeNull();
    });

    it('keeps conversations per fastworkflow user, newest first, with the active one', async () => {
      const input = await session();
      const key = { ownerUserId: input.ownerUserId, fwUserId: input.fwUserId };
      await s.fastworkflow.createSessionIfAbsent(input);
      expect(await s.fastworkflow.maxConversationId(key.ownerUserId, key.fwUserId)).toBe(0);
      const t1 = new Date('2030-01-01T00:00:00Z');
      const first = await s.fastworkflow.upsertConversation({ ...key, conversationId: 1, topic: '', summary: '', updatedAt: t1 });
      await s.fastworkflow.upsertConversation({ ...key, conversationId: 2, topic: 'Two', summary: 's2', updatedAt: new Date('2030-01-02T00:00:00Z') });
      const renamed = await s.fastworkflow.upsertConversation({ ...key, conversationId: 1, topic: 'One', summary: 's1', updatedAt: new Date('2030-01-03T00:00:00Z') });
      expect(renamed.createdAt).toEqual(first.createdAt);
      expect(renamed).toMatchObject({ topic: 'One', summary: 's1' });
      expect((await s.fastworkflow.listConversations(key.ownerUserId, key.fwUserId, 10)).map((c) => c.conversationId)).toEqual([1, 2]);
      expect((await s.fastworkflow.listConversations(key.ownerUserId, key.fwUserId, 1)).map((c) => c.conversationId)).toEqual([1]);
      expect(await s.fastworkflow.getConversation({ ...key, conversationId: 2 })).toMatchObject({ topic: 'Two' });
      expect(await s.fastworkflow.getConversation({ ...key, conversationId: 3 })).toBeNull();
      expect(await s.fastworkflow.maxConversationId(key.ownerUserId, key.fwUserId)).toBe(2);
      expect(await s.fastworkflow.setActiveConversation({ ...key, conversationId: 2 })).toBe(true);
      expect((await s.fastworkflow.getSession(key.ownerUserId, key.fwUserId))?.activeConversationId).toBe(2);
      expect(await s.fastworkflow.setActiveConversation({ ...key, fwUserId: 'nobody', conversationId: 1 })).toBe(false);
      const stranger = await session(key.fwUserId);
      expect(await s.fastworkflow.listConversations(stranger.ownerUserId, key.fwUserId, 10)).toEqual([]);
    });

    it('saves one feedback per run, overwritten only by the same user', async () => {
      const input = await session();
      const runId = randomUUID();
      const first = await s.fastworkflow.saveFeedback({ runId, ownerUserId: input.ownerUserId, fwUserId: input.fwUserId, binaryOrNumericScore: true, nlFeedback: null });
      expect(first).toMatchObject({ binaryOrNumericScore: true, nlFeedback: null });
      const second = await s.fastworkflow.saveFeedback({ runId, ownerUserId: input.ownerUserId, fwUserId: input.fwUserId, binaryOrNumericScore: 0.5, nlFeedback: 'ok' });
      expect(second).toMatchObject({ binaryOrNumericScore: 0.5, nlFeedback: 'ok' });
      const other = await newUser();
      await expect(
        s.fastworkflow.saveFeedback({ runId, ownerUserId: other.userId, fwUserId: input.fwUserId, binaryOrNumericScore: false, nlFeedback: null }),
      ).rejects.toBeInstanceOf(ConflictError);
    });
  });

  describe('database', () => {
    it('answers ping and rolls a failed transaction back', async () => {
      await s.database.ping();
      const email = `rollback-${unique()}@example.com`;
      const failure = new ConflictError('domain errors pass through');
      await expect(
        s.database.transaction(async (tx) => {
          await s.users.create({ email, name: 'x', passwordHash: null, isAdmin: false }, tx);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await s.users.findByEmail(email)).toBeNull();
    });

    it('refuses a store call without tx inside a transaction instead of waiting forever', async () => {
      const attempt = s.database.transaction(async () => s.users.count());
      await expect(attempt).rejects.toThrow(/without `tx` inside Database.transaction/);
      const company = s.database.withAdvisoryLock('contract-test-tx', async () => s.companies.create({ name: 'x', creatorUserId: MISSING_ID }));
      await expect(company).rejects.toThrow(/without `tx`/);
      await s.database.transaction(async (tx) => {
        await s.users.count(tx);
      });
      expect(await s.users.count()).toBeGreaterThan(0);
    });

    it('serialises two callers of the same advisory lock', async () => {
      const events: string[] = [];
      const critical = (who: string) =>
        s.database.withAdvisoryLock('contract-test-lock', async (tx) => {
          events.push(`${who} in`);
          await sleep(50);
          await s.users.count(tx);
          events.push(`${who} out`);
          return who;
        });
      const results = await Promise.all([critical('a'), critical('b')]);
      expect(results).toEqual(['a', 'b']);
      expect(events).toHaveLength(4);
      expect(events[1]).toBe(events[0]!.replace('in', 'out'));
      expect(events[3]).toBe(events[2]!.replace('in', 'out'));
    });

    it('keeps its data across close and reopen (migrations already applied)', async () => {
      const user = await newUser();
      await s.database.close();
      s = await target.open();
      expect(await s.users.findById(user.userId)).toEqual(user);
    });
});

});

describe('openDatabase', () => {
  it('rejects an unreachable DATABASE_URL quickly, naming host and port', async () => {
    const port = await closedPort();
    const started = Date.now();
    await expect(openDatabase({ databaseUrl: `postgres://user:secret@127.0.0.1:${port}/db`, dataDir: tmpdir() })).rejects.toThrow(
      new RegExp(`^DATABASE_URL: cannot connect to 127\\.0\\.0\\.1:${port} \\(connection refused\\)$`),
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('finds the migrations beside the module: in src/, and in dist/src/ once built (never the source tree)', () => {
    const fromSource = resolveMigrationsFolder();
    expect(fromSource).toMatch(/src[/\\]storage[/\\]migrations$/);
    const compiled = join(fromSource, '..', '..', '..', 'dist', 'src', 'storage');
    expect(migrationsFolderCandidates(pathToFileURL(join(compiled, 'migrations-folder.js')).href)).toEqual([join(compiled, 'migrations')]);
    expect(() => resolveMigrationsFolder(pathToFileURL('/nowhere/at/all/x.js').href)).toThrow(/migrations not found/);
  });
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
