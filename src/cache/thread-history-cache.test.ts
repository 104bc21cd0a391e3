import { describe, expect, it } from 'vitest';
import type { AgentLogMessage } from '../domain/index.js';
import type { AgentLogStore, NewAgentLogMessage, ThreadKey } from '../ports/index.js';
import { cacheThreadHistory } from './thread-history-cache.js';

const key: ThreadKey = { agentId: 'a', userId: 'u', threadId: 't' };

function fakeLogs() {
  const rows: AgentLogMessage[] = [];
  let reads = 0;
  let seq = 0;
  let readDelayMs = 0;
  const store = {
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
  return { store, reads: () => reads, slowReads: (ms: number) => (readDelayMs = ms) };
}

const say = (content: string): NewAgentLogMessage => ({ ...key, runId: null, role: 'user', content, toolName: null, toolCallId: null, toolInput: null, toolOutput: null, model: null, inputTokens: null, outputTokens: null, outcome: null });
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
});
