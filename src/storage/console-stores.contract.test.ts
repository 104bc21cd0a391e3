import { describe, expect, it } from 'vitest';
import { timeOrderedUuid, type RunStatus } from '../domain/index.js';
import type { NewRun } from '../ports/index.js';
import type { StorageBundle } from './open-database.js';
import { MISSING_ID, openStoresAround, storeFixtures, storeTargets } from './stores-test-support.js';

describe.each(storeTargets())('stores on $name: the console (issue 18)', (target) => {
  let s: StorageBundle;
  openStoresAround(target, (opened) => (s = opened));
  const { newUser, newAgent, message } = storeFixtures(() => s);

  function run(userId: string, agentId: string, startedAt: Date, status: RunStatus = 'completed'): NewRun {
    return { runId: timeOrderedUuid(), agentId, userId, threadId: '1', model: 'local/demo', status, surface: 'agent-invoke', startedAt, instanceId: 'i1' };
  }

  describe('runs.listForUser', () => {
    it("pages a user's runs newest first by (started_at, run_id), with agent names and filters", async () => {
      const user = await newUser();
      const other = await newUser();
      const a = await newAgent(user.userId, { agentName: 'Alpha' });
      const b = await newAgent(user.userId, { agentName: 'Beta' });
      const same = new Date('2030-01-01T00:00:00.000Z');
      const rows = [
        run(user.userId, a.agentId, new Date('2029-12-31T23:00:00.000Z')),
        run(user.userId, b.agentId, same, 'failed'),
        run(user.userId, a.agentId, same),
        run(user.userId, a.agentId, new Date('2030-01-01T01:00:00.000Z'), 'running'),
      ];
      for (const row of rows) await s.runs.create(row);
      await s.runs.create(run(other.userId, a.agentId, new Date('2030-06-01T00:00:00.000Z')));
      const ids = (list: Array<{ runId: string }>) => list.map((r) => r.runId);
      // two runs in the same instant keep a stable order by run id
      const sameInstant = [rows[1]!, rows[2]!].sort((x, y) => (x.runId < y.runId ? 1 : -1)).map((r) => r.runId);
      const expected = [rows[3]!.runId, ...sameInstant, rows[0]!.runId];

      const all = await s.runs.listForUser({ userId: user.userId, limit: 10 });
      expect(ids(all)).toEqual(expected);
      expect(all.find((r) => r.agentId === b.agentId)?.agentName).toBe('Beta');

      const page1 = await s.runs.listForUser({ userId: user.userId, limit: 2 });
      const page2 = await s.runs.listForUser({ userId: user.userId, limit: 2, before: { runId: page1.at(-1)!.runId } });
      expect([...ids(page1), ...ids(page2)]).toEqual(expected);
      expect(ids(await s.runs.listForUser({ userId: user.userId, limit: 10, before: { time: same } }))).toEqual([rows[0]!.runId]);
      expect(ids(await s.runs.listForUser({ userId: user.userId, limit: 10, status: 'failed' }))).toEqual([rows[1]!.runId]);
      expect(ids(await s.runs.listForUser({ userId: user.userId, limit: 10, agentId: b.agentId }))).toEqual([rows[1]!.runId]);
      expect(await s.runs.listForUser({ userId: user.userId, limit: 10, before: { runId: MISSING_ID } })).toEqual([]);
      expect(await s.runs.listForUser({ userId: 'not-a-uuid', limit: 10 })).toEqual([]);

      await s.agents.delete(b.agentId);
      expect(ids(await s.runs.listForUser({ userId: user.userId, limit: 10 }))).not.toContain(rows[1]!.runId);
    });
  });

  describe('users: account state', () => {
    it('updates name, admin flag and disabled state; counts active admins; token lookups see disabled', async () => {
      const user = await newUser();
      const before = await s.users.countActiveAdmins();
      const at = new Date('2030-01-01T00:00:00.000Z');
      expect(await s.users.update(user.userId, { name: 'Renamed', isAdmin: true }, at)).toMatchObject({ name: 'Renamed', isAdmin: true, disabled: false });
      expect(await s.users.countActiveAdmins()).toBe(before + 1);
      expect(await s.users.update(user.userId, { disabled: true }, at)).toMatchObject({ disabled: true });
      expect(await s.users.countActiveAdmins()).toBe(before);
      expect((await s.users.findPasswordHashById(user.userId))?.user.disabled).toBe(true);
      expect((await s.users.listAccounts()).find((u) => u.userId === user.userId)?.disabled).toBe(true);
      const token = await s.tokens.create({ userId: user.userId, name: 't', kind: 'api', prefix: 'p', tokenHash: `h-${user.userId}`, expiresAt: null });
      expect((await s.tokens.findActive(`h-${user.userId}`, at))?.user).toMatchObject({ userId: user.userId, disabled: true });
      expect(await s.users.update(user.userId, { disabled: false }, at)).toMatchObject({ disabled: false });
      expect((await s.tokens.findActive(`h-${user.userId}`, at))?.token.tokenId).toBe(token.tokenId);
      expect(await s.users.update(user.userId, {}, at)).toMatchObject({ name: 'Renamed' });
      expect(await s.users.update(MISSING_ID, { name: 'x' }, at)).toBeNull();
    });
  });

  describe('thread titles', () => {
    it('keeps titles per (agent, user, thread) and finds each thread’s first user message since its last reset', async () => {
      const user = await newUser();
      const agent = await newAgent(user.userId);
      const key = { agentId: agent.agentId, userId: user.userId, threadId: 't' };
      const owner = { agentId: agent.agentId, userId: user.userId };
      await s.agentLogs.append([message(key, 'user', 'first question'), message(key, 'assistant', 'answer'), message(key, 'user', 'second')]);
      await s.agentLogs.append([message({ ...key, threadId: 'u' }, 'user', 'other thread')]);
      expect(await s.threadTitles.firstUserMessages(owner)).toEqual(new Map([['t', 'first question'], ['u', 'other thread']]));
      await s.agentLogs.reset(key, new Date());
      await s.agentLogs.append([message(key, 'user', 'after reset')]);
      expect((await s.threadTitles.firstUserMessages(owner)).get('t')).toBe('after reset');

      await s.threadTitles.setTitle(key, 'Named', new Date());
      await s.threadTitles.setTitle(key, 'Renamed', new Date());
      const stranger = await newUser();
      expect(await s.threadTitles.titles(owner)).toEqual(new Map([['t', 'Renamed']]));
      expect(await s.threadTitles.titles({ agentId: agent.agentId, userId: stranger.userId })).toEqual(new Map());
      await s.threadTitles.clearTitle(key);
      expect(await s.threadTitles.titles(owner)).toEqual(new Map());
    });
  });
});
