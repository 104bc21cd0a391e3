import { describe, expect, it } from 'vitest';
import type { AgentLogMessage } from '../domain/index.js';
import type { AgentLogStore, NewAgentLogMessage, ThreadKey } from '../ports/index.js';
import { logMessage } from '../../test/support/log-message.js';
import { cacheThreadHistory } from './thread-history-cache.js';

const key: ThreadKey = { agentId: 'a', userId: 'u', threadId: 't' };

function fakeLogs() {
  const rows: AgentLogMessage[] = [];
  let reads = 0;
  let seq = 0;
  let readDelayMs = 0;
  let pairLoads = 0;
  let pairLoad: (() => Promise<void>) | null = null;
  const store = {
    async listThreads(pair: { agentId: string; userId: string }) {
      pairLoads++;
      const threads = [...new Set(rows.filter((r) => r.agentId === pair.agentId && r.userId === pair.userId).map((r) => r.threadId))];
      if (pairLoad) await pairLoad();
      return threads.map((threadId) => ({ threadId }));
    },
    async append(messages: NewAgentLogMessage[]) {
      const added = messages.map((m) => ({ ...m, messageId: `m${++seq}`, createdAt: new Date() }) as AgentLogMessage);
      rows.push(...added);
      return added;
    },
    async history(k: ThreadKey, options?: { limit?: number }) {
      reads++;
      const snapshot = rows.filter((r) => r.threadId === k.threadId);
      if (readDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, readDelayMs));
      return options?.limit === undefined ? snapshot : snapshot.slice(-options.limit);
    },
    async reset(k: ThreadKey) {
      for (let i = rows.length - 1; i >= 0; i--) if (rows[i]!.threadId === k.threadId) rows.splice(i, 1);
    },
  } as unknown as AgentLogStore;
  return {
    store,
    rows,
    reads: () => reads,
    pairLoads: () => pairLoads,
    slowReads: (ms: number) => (readDelayMs = ms),
    /** The next pair loads wait for (or fail with) this. */
    holdPairLoads: (hold: (() => Promise<void>) | null) => (pairLoad = hold),
  };
}

const say = (content: string) => logMessage(key, 'user', content);
const contents = (rows: AgentLogMessage[]) => rows.map((r) => r.content);

describe('cacheThreadHistory', () => {
  it('reads a thread once and keeps it current with what is appended', async () => {
    const fake = fakeLogs();
    const logs = cacheThreadHistory(fake.store);
    await logs.append([say('one')]);
    expect(contents(await logs.history(key, { limit: 200 }))).toEqual(['one']);
    await logs.append([say('two')]);
    expect(contents(await logs.history(key, { limit: 200 }))).toEqual(['one', 'two']);
    expect(fake.reads()).toBe(1);
  });

  it('hands back only the newest `limit` messages', async () => {
    const logs = cacheThreadHistory(fakeLogs().store);
    await logs.history(key, { limit: 200 });
    await logs.append(['a', 'b', 'c'].map(say));
    expect(contents(await logs.history(key, { limit: 2 }))).toEqual(['b', 'c']);
  });

  it('starts afresh after a reset', async () => {
    const logs = cacheThreadHistory(fakeLogs().store);
    await logs.append([say('old')]);
    await logs.history(key, { limit: 200 });
    await logs.reset(key, new Date());
    expect(await logs.history(key, { limit: 200 })).toEqual([]);
  });

  it('does not keep a read that overlapped a write to the same thread', async () => {
    const fake = fakeLogs();
    const logs = cacheThreadHistory(fake.store);
    fake.slowReads(10);
    const read = logs.history(key, { limit: 200 }); // sees no message
    await logs.append([say('written meanwhile')]);
    expect(await read).toEqual([]);
    fake.slowReads(0);
    expect(contents(await logs.history(key, { limit: 200 }))).toEqual(['written meanwhile']);
  });

  it('asks the store when it holds fewer messages than asked for and the thread may be longer', async () => {
    const fake = fakeLogs();
    const logs = cacheThreadHistory(fake.store);
    await logs.append(['a', 'b', 'c'].map(say));
    await logs.history(key, { limit: 2 });
    expect(contents(await logs.history(key, { limit: 3 }))).toEqual(['a', 'b', 'c']);
    expect(fake.reads()).toBe(2);
  });

  describe('new threads', () => {
    const other = (threadId: string): ThreadKey => ({ ...key, threadId });
    const sayIn = (threadId: string, content: string): NewAgentLogMessage => ({ ...say(content), threadId });
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    it('answers a thread that has no rows without reading the store, once its (agent, user) pair is known', async () => {
      const fake = fakeLogs();
      const logs = cacheThreadHistory(fake.store);
      expect(await logs.history(other('first'), { limit: 50 })).toEqual([]); // read; the pair's threads load meanwhile
      await settle();
      const reads = fake.reads();
      expect(await logs.history(other('second'), { limit: 50 })).toEqual([]);
      expect(await logs.history(other('third'))).toEqual([]);
      expect(fake.reads()).toBe(reads);
      expect(fake.pairLoads()).toBe(1);
      // another user of the same agent is another pair: read, then learnt
      expect(await logs.history({ ...key, userId: 'u2', threadId: 'x' }, { limit: 50 })).toEqual([]);
      expect(fake.reads()).toBe(reads + 1);
    });

    it('never answers empty for a thread that had messages before the pair was loaded, or got one since', async () => {
      const fake = fakeLogs();
      await fake.store.append([sayIn('older', 'from before this process')]);
      const logs = cacheThreadHistory(fake.store);
      await logs.history(other('first'), { limit: 50 });
      await settle();
      expect(contents(await logs.history(other('older'), { limit: 50 }))).toEqual(['from before this process']);
      await logs.append([sayIn('new', 'hello')]);
      expect(contents(await logs.history(other('new'), { limit: 50 }))).toEqual(['hello']);
    });

    it('does not miss a thread written while the pair is loading', async () => {
      const fake = fakeLogs();
      let release!: () => void;
      fake.holdPairLoads(() => new Promise<void>((resolve) => (release = resolve)));
      const logs = cacheThreadHistory(fake.store);
      await logs.history(other('first'), { limit: 50 }); // starts the load, which waits
      await logs.append([sayIn('during', 'written while loading')]); // not in the load's answer
      release();
      await settle();
      expect(contents(await logs.history(other('during'), { limit: 50 }))).toEqual(['written while loading']);
    });

    it('reads every new thread as before when the pair cannot be loaded', async () => {
      const fake = fakeLogs();
      fake.holdPairLoads(() => Promise.reject(new Error('database down')));
      const logs = cacheThreadHistory(fake.store);
      await logs.history(other('first'), { limit: 50 });
      await settle();
      const reads = fake.reads();
      fake.holdPairLoads(null);
      expect(await logs.history(other('second'), { limit: 50 })).toEqual([]);
      expect(fake.reads()).toBe(reads + 1); // and the pair is tried again
      expect(fake.pairLoads()).toBe(2);
    });
  });
});
