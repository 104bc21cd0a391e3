import { describe, expect, it } from 'vitest';
import type { AgentLogMessage } from '../domain/index.js';
import type { NewAgentLogMessage, Tx } from '../ports/index.js';
import { logMessage } from '../../test/support/log-message.js';
import { coalesceAppends } from './coalesce-appends.js';

const message = (threadId: string, content: string) => logMessage({ agentId: 'a', userId: 'u', threadId }, 'user', content);

function fakeStore(options: { failWhen?: (messages: NewAgentLogMessage[]) => boolean } = {}) {
  const calls: NewAgentLogMessage[][] = [];
  let seq = 0;
  return {
    calls,
    async append(messages: NewAgentLogMessage[], _tx?: Tx): Promise<AgentLogMessage[]> {
      calls.push(messages);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (options.failWhen?.(messages)) throw new Error('insert failed');
      return messages.map((m) => ({ ...m, messageId: `m${++seq}`, createdAt: new Date() }) as AgentLogMessage);
    },
  };
}

describe('coalesceAppends', () => {
  it('writes the first call at once and what arrives meanwhile as one statement', async () => {
    const store = fakeStore();
    const append = coalesceAppends(store);
    const first = append([message('t1', 'one')]);
    await new Promise((resolve) => setTimeout(resolve, 1)); // the first batch is being written
    const rest = ['two', 'three', 'four'].map((content, i) => append([message(`t${i + 2}`, content)]));
    const rows = await Promise.all([first, ...rest]);
    expect(store.calls.map((c) => c.length)).toEqual([1, 3]);
    expect(rows.map((r) => r.map((m) => m.content))).toEqual([['one'], ['two'], ['three'], ['four']]);
  });

  it('joins calls made in the same tick into the first statement', async () => {
    const store = fakeStore();
    const append = coalesceAppends(store);
    await Promise.all([append([message('t1', 'a')]), append([message('t2', 'b'), message('t2', 'c')])]);
    expect(store.calls.map((c) => c.length)).toEqual([3]);
  });

  it('retries a failed batch call by call so one bad message fails only its own caller', async () => {
    const store = fakeStore({ failWhen: (messages) => messages.some((m) => m.content === 'bad') });
    const append = coalesceAppends(store);
    const [good, bad] = await Promise.allSettled([append([message('t1', 'good')]), append([message('t2', 'bad')])]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
  });

  it('leaves a call inside a transaction alone', async () => {
    const store = fakeStore();
    const append = coalesceAppends(store);
    await Promise.all([append([message('t1', 'a')], {} as Tx), append([message('t2', 'b')], {} as Tx)]);
    expect(store.calls.map((c) => c.length)).toEqual([1, 1]);
  });
});
