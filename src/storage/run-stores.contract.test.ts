import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError, type AgentLogMessage } from '../domain/index.js';
import type { StorageBundle } from './open-database.js';
import { unique, MISSING_ID, openStoresAround, storeFixtures, storeTargets } from './stores-test-support.js';

describe.each(storeTargets())('stores on $name: agent logs, runs', (target) => {
  let s: StorageBundle;
  openStoresAround(target, (opened) => (s = opened));
  const { newUser, newAgent, message } = storeFixtures(() => s);

  describe('agent logs', () => {
    async function thread(threadId = '1') {
      const user = await newUser();
      const agent = await newAgent(user.userId);
      return { agentId: agent.agentId, userId: user.userId, threadId };
    }
    const contents = (rows: AgentLogMessage[]) => rows.map((r) => r.content);

    it('appends a batch and reads it back in order, even within one millisecond', async () => {
      const key = await thread();
      const at = new Date('2030-01-01T00:00:00.000Z');
      const batch = ['one', 'two', 'three', 'four', 'five'].map((c) => message(key, 'assistant', c, { createdAt: at }));
      const stored = await s.agentLogs.append(batch);
      expect(contents(stored)).toEqual(['one', 'two', 'three', 'four', 'five']);
      expect(stored[0]?.createdAt.toISOString()).toBe(at.toISOString());
      expect(contents(await s.agentLogs.history(key))).toEqual(['one', 'two', 'three', 'four', 'five']);
      expect(await s.agentLogs.append([])).toEqual([]);
    });

    it('keeps tool calls, token counts and JSON values exactly', async () => {
      const key = await thread();
      const [row] = await s.agentLogs.append([
        message(key, 'tool', 'result', {
          toolName: 'calc',
          toolCallId: 'call_1',
          toolInput: { expression: '6*7' },
          toolOutput: '42',
          model: 'local/demo',
          inputTokens: 10,
          outputTokens: 2,
          outcome: 'completed',
        }),
      ]);
      expect(row).toMatchObject({ toolInput: { expression: '6*7' }, toolOutput: '42', inputTokens: 10, outcome: 'completed' });
      const [read] = await s.agentLogs.history(key);
      expect(read).toEqual(row);
      expect(typeof read?.toolOutput).toBe('string');
    });

    it('forgets messages before a reset in history but keeps them for audit', async () => {
      const key = await thread();
      await s.agentLogs.append([message(key, 'user', 'old question'), message(key, 'assistant', 'old answer')]);
      await s.agentLogs.reset(key, new Date());
      expect(await s.agentLogs.history(key)).toEqual([]);
      await s.agentLogs.append([message(key, 'user', 'new question')]);
      expect(contents(await s.agentLogs.history(key))).toEqual(['new question']);
      const full = await s.agentLogs.fullHistory(key);
      expect(full.map((m) => m.role as string)).toEqual(['user', 'assistant', 'reset', 'user']);
    });

    it('returns the newest messages, oldest first, when given a limit', async () => {
      const key = await thread();
      await s.agentLogs.append(['a', 'b', 'c', 'd'].map((c) => message(key, 'user', c)));
      expect(contents(await s.agentLogs.history(key, { limit: 2 }))).toEqual(['c', 'd']);
    });

    it('keeps every (agent, user, thread) apart', async () => {
      const key = await thread('1');
      const otherUser = await newUser();
      const theirs = { ...key, userId: otherUser.userId };
      const otherThread = { ...key, threadId: '2' };
      await s.agentLogs.append([message(key, 'user', 'mine'), message(theirs, 'user', 'theirs'), message(otherThread, 'user', 'other thread')]);
      await s.agentLogs.reset(key, new Date());
      expect(await s.agentLogs.history(key)).toEqual([]);
      expect(contents(await s.agentLogs.history(theirs))).toEqual(['theirs']);
      expect(contents(await s.agentLogs.history(otherThread))).toEqual(['other thread']);
    });

    it('lists live threads newest first with count, time and preview', async () => {
      const key = await thread('alpha');
      const beta = { ...key, threadId: 'beta' };
      const wiped = { ...key, threadId: 'wiped' };
      await s.agentLogs.append([message(wiped, 'user', 'gone')]);
      await s.agentLogs.reset(wiped, new Date());
      await s.agentLogs.append([message(key, 'user', 'hello alpha'), message(key, 'assistant', 'hi')]);
      await s.agentLogs.append([message(beta, 'user', 'x'.repeat(300)), message(beta, 'tool', 'tool text')]);
      const threads = await s.agentLogs.listThreads({ agentId: key.agentId, userId: key.userId });
      expect(threads.map((t) => [t.threadId, t.messageCount])).toEqual([
        ['beta', 2],
        ['alpha', 2],
      ]);
      expect(threads[1]?.preview).toBe('hi');
      expect(threads[0]?.preview).toBe('x'.repeat(120));
      expect(threads[0]?.lastMessageAt).toBeInstanceOf(Date);
      expect(await s.agentLogs.listThreads({ agentId: key.agentId, userId: MISSING_ID })).toEqual([]);
    });

    it('reads several threads in one call exactly as history would, each in its own answer', async () => {
      const key = await thread('many-a');
      const b = { ...key, threadId: 'many-b' };
      const empty = { ...key, threadId: 'many-empty' };
      await s.agentLogs.append([message(key, 'user', 'a1'), message(b, 'user', 'b1'), message(key, 'tool', 'a2', { toolInput: { x: 1 }, toolOutput: 'out', toolName: 't', toolCallId: 'c1', inputTokens: 5 })]);
      await s.agentLogs.reset(b, new Date());
      await s.agentLogs.append([message(b, 'user', 'b2'), message(b, 'assistant', 'b3'), message(key, 'assistant', 'a3')]);
      const [ofA, ofEmpty, ofB, ofInvalid] = await s.agentLogs.historyOfThreads([key, empty, b, { ...key, agentId: 'not-a-uuid' }], 2);
      expect(ofA).toEqual(await s.agentLogs.history(key, { limit: 2 }));
      expect(contents(ofA!)).toEqual(['a2', 'a3']);
      expect(ofEmpty).toEqual([]);
      expect(contents(ofB!)).toEqual(['b2', 'b3']);
      expect(ofInvalid).toEqual([]);
      expect(await s.agentLogs.historyOfThreads([], 5)).toEqual([]);
      // one thread takes the one-row statement: same answer
      expect(await s.agentLogs.historyOfThreads([b], 2)).toEqual([ofB]);
      expect(await s.agentLogs.historyOfThreads([{ ...key, agentId: 'not-a-uuid' }, b], 1)).toEqual([[], ofB!.slice(-1)]);
    });

    it('appends inside a transaction: kept on commit, gone on rollback', async () => {
      const key = await thread('in-tx');
      await s.database.transaction((tx) => s.agentLogs.append([message(key, 'user', 'kept', { toolInput: { a: [1, 'x'] } })], tx));
      await expect(
        s.database.transaction(async (tx) => {
          await s.agentLogs.append([message(key, 'user', 'rolled back')], tx);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const rows = await s.agentLogs.history(key);
      expect(contents(rows)).toEqual(['kept']);
      expect(rows[0]!.toolInput).toEqual({ a: [1, 'x'] });
      await expect(s.database.transaction(async () => s.agentLogs.append([message(key, 'user', 'no tx')]))).rejects.toThrow(/without `tx` inside Database.transaction/);
    });

    it('lists the threads whose history is not empty: a reset empties one until it gets a new message', async () => {
      const key = await thread('kept');
      const reset = { ...key, threadId: 'reset' };
      const again = { ...key, threadId: 'reset then again' };
      const otherUser = await newUser();
      await s.agentLogs.append([message(key, 'user', 'a'), message(reset, 'user', 'b'), message(again, 'user', 'c'), message({ ...key, userId: otherUser.userId, threadId: 'theirs' }, 'user', 'd')]);
      await s.agentLogs.reset(reset, new Date());
      await s.agentLogs.reset(again, new Date());
      await s.agentLogs.append([message(again, 'assistant', 'e')]);
      const names = async (pair: { agentId: string; userId: string }) => (await s.agentLogs.listThreads(pair)).map((t) => t.threadId).sort();
      expect(await names(key)).toEqual(['kept', 'reset then again']);
      expect(await names({ agentId: key.agentId, userId: MISSING_ID })).toEqual([]);
      expect(await names({ agentId: 'not-a-uuid', userId: key.userId })).toEqual([]);
    });

    it('refuses to append a reset as a message', async () => {
      const key = await thread();
      const reset = message(key, 'reset' as 'user', '');
      await expect(s.agentLogs.append([reset])).rejects.toBeInstanceOf(InvalidInputError);
    });

    it('refuses text with a NUL character in words a person can act on, and stores nothing of the batch', async () => {
      const key = await thread();
      const refused = s.agentLogs.append([message(key, 'user', 'fine'), message(key, 'user', 'a \u0000 b')]);
      await expect(refused).rejects.toThrow(/^Text must not contain the NUL character \(\\u0000\)$/);
      await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
      expect(await s.agentLogs.history(key)).toEqual([]);
    });
  });

  describe('runs', () => {
    it('creates, finishes once and lists running runs per instance', async () => {
      const user = await newUser();
      const agent = await newAgent(user.userId);
      const instanceId = `instance-${unique()}`;
      const base = { agentId: agent.agentId, userId: user.userId, threadId: '1', model: 'local/demo', status: 'running' as const, surface: 'agent-invoke' as const, instanceId };
      const first = await s.runs.create({ ...base, runId: randomUUID(), startedAt: new Date('2030-01-01T00:00:00Z') });
      const second = await s.runs.create({ ...base, runId: randomUUID(), startedAt: new Date('2030-01-01T00:00:01Z') });
      expect(first).toMatchObject({ endedAt: null, usage: null, errorCode: null, errorDetail: null });
      expect(await s.runs.findById(first.runId)).toEqual(first);
      expect((await s.runs.listRunning(instanceId)).map((r) => r.runId)).toEqual([first.runId, second.runId]);

      const usage = { input_tokens: 3, output_tokens: 4, total_tokens: 7 };
      const endedAt = new Date('2030-01-01T00:00:05Z');
      await s.runs.finish(first.runId, { status: 'completed', endedAt, usage, errorCode: null, errorDetail: null });
      await s.runs.finish(first.runId, { status: 'interrupted', endedAt: new Date(), usage: null, errorCode: 'interrupted', errorDetail: 'late' });
      expect(await s.runs.findById(first.runId)).toMatchObject({ status: 'completed', endedAt, usage, errorCode: null });
      expect((await s.runs.listRunning(instanceId)).map((r) => r.runId)).toEqual([second.runId]);
      expect((await s.runs.listRunning()).map((r) => r.runId)).toContain(second.runId);
      expect(await s.runs.listRunning(`instance-${unique()}`)).toEqual([]);
      expect(await s.runs.findById('run-1')).toBeNull();
      await expect(s.runs.create({ ...base, runId: first.runId, startedAt: new Date() })).rejects.toBeInstanceOf(ConflictError);
    });

    it('creates and finishes several runs in one call, the first outcome winning', async () => {
      const user = await newUser();
      const agent = await newAgent(user.userId);
      const instanceId = `instance-${unique()}`;
      const base = { agentId: agent.agentId, userId: user.userId, model: 'local/demo', status: 'running' as const, surface: 'fastworkflow' as const, instanceId };
      const startedAt = new Date('2030-02-01T00:00:00.123Z');
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      await s.runs.createMany(ids.map((runId, i) => ({ ...base, runId, threadId: `t${i}`, startedAt })));
      expect(await s.runs.findById(ids[1]!)).toEqual({ ...base, runId: ids[1], threadId: 't1', startedAt, endedAt: null, usage: null, errorCode: null, errorDetail: null });
      await expect(s.runs.createMany([{ ...base, runId: ids[0]!, threadId: 'again', startedAt }])).rejects.toBeInstanceOf(ConflictError);

      const endedAt = new Date('2030-02-01T00:00:09.456Z');
      const usage = { input_tokens: 1, output_tokens: 2, total_tokens: 3 };
      await s.runs.finishMany([
        { runId: ids[0]!, outcome: { status: 'completed', endedAt, usage, errorCode: null, errorDetail: null } },
        { runId: ids[1]!, outcome: { status: 'cancelled', endedAt, usage: null, errorCode: 'cancelled', errorDetail: 'The run was cancelled' } },
        { runId: ids[0]!, outcome: { status: 'failed', endedAt, usage: null, errorCode: 'x', errorDetail: 'late' } },
        { runId: 'not-a-uuid', outcome: { status: 'failed', endedAt, usage: null, errorCode: 'x', errorDetail: 'x' } },
      ]);
      await s.runs.finishMany([{ runId: ids[1]!, outcome: { status: 'completed', endedAt: new Date(), usage, errorCode: null, errorDetail: null } }]);
      expect(await s.runs.findById(ids[0]!)).toMatchObject({ status: 'completed', endedAt, usage, errorCode: null });
      expect(await s.runs.findById(ids[1]!)).toMatchObject({ status: 'cancelled', endedAt, usage: null, errorCode: 'cancelled', errorDetail: 'The run was cancelled' });
      expect((await s.runs.listRunning(instanceId)).map((r) => r.runId)).toEqual([ids[2]]);

      // a batch of one takes the one-row statements: same results
      const single = randomUUID();
      await s.runs.createMany([{ ...base, runId: single, threadId: 'solo', startedAt }]);
      expect(await s.runs.findById(single)).toMatchObject({ runId: single, threadId: 'solo', status: 'running', startedAt });
      await s.runs.finishMany([{ runId: single, outcome: { status: 'timed_out', endedAt, usage, errorCode: 'timeout', errorDetail: 'late' } }]);
      await s.runs.finishMany([{ runId: single, outcome: { status: 'completed', endedAt: new Date(), usage: null, errorCode: null, errorDetail: null } }]);
      expect(await s.runs.findById(single)).toMatchObject({ status: 'timed_out', endedAt, usage, errorCode: 'timeout', errorDetail: 'late' });
      await expect(s.runs.createMany([{ ...base, runId: single, threadId: 'again', startedAt }])).rejects.toBeInstanceOf(ConflictError);
    });
  });

  describe('deleting an agent or a user', () => {
    it('deletes the agent logs and runs of a deleted agent, and of a deleted user, and nothing else', async () => {
      const owner = await newUser();
      const visitor = await newUser();
      const agent = await newAgent(owner.userId);
      const kept = await newAgent(owner.userId);
      const base = { model: 'local/demo', status: 'running' as const, surface: 'agent-invoke' as const, instanceId: `instance-${unique()}`, startedAt: new Date() };
      const key = (agentId: string, userId: string) => ({ agentId, userId, threadId: 't' });
      const runOn = async (agentId: string, userId: string) => {
        const runId = randomUUID();
        await s.runs.createMany([{ ...base, ...key(agentId, userId), runId }]);
        await s.agentLogs.append([message(key(agentId, userId), 'user', `on ${agentId} by ${userId}`)]);
        return runId;
      };
      const ownerOnAgent = await runOn(agent.agentId, owner.userId);
      const visitorOnAgent = await runOn(agent.agentId, visitor.userId);
      const visitorOnKept = await runOn(kept.agentId, visitor.userId);
      const ownerOnKept = await runOn(kept.agentId, owner.userId);

      expect(await s.agents.delete(agent.agentId)).toBe(true);
      expect(await s.runs.findById(ownerOnAgent)).toBeNull();
      expect(await s.runs.findById(visitorOnAgent)).toBeNull();
      expect(await s.agentLogs.fullHistory(key(agent.agentId, visitor.userId))).toEqual([]);
      expect(await s.agentLogs.history(key(kept.agentId, visitor.userId))).toHaveLength(1);

      // users are deleted by an operator (there is no API for it): their rows on other people's agents go too
      await s.rawQuery(`delete from users where user_id = '${visitor.userId}'`);
      expect(await s.runs.findById(visitorOnKept)).toBeNull();
      expect(await s.agentLogs.fullHistory(key(kept.agentId, visitor.userId))).toEqual([]);
      expect(await s.runs.findById(ownerOnKept)).not.toBeNull();
      expect(await s.agentLogs.history(key(kept.agentId, owner.userId))).toHaveLength(1);
    });
  });
});
