import type { AgentLogMessage } from '../domain/index.js';
import type { AgentLogStore, ThreadKey } from '../ports/index.js';

export interface ThreadHistoryCacheOptions {
  /** Threads kept (least recently used go first). */
  maxThreads?: number;
  /** Messages kept per thread: the newest ones; older reads go to the store. */
  maxMessagesPerThread?: number;
  /** Characters of message content kept in all (least recently used threads go first). */
  maxChars?: number;
}

interface Entry {
  rows: AgentLogMessage[];
  /** `rows` is the whole history since the last reset (not only its newest part). */
  complete: boolean;
  chars: number;
}

const keyOf = (k: Pick<ThreadKey, 'agentId' | 'userId' | 'threadId'>) => `${k.agentId}\u0000${k.userId}\u0000${k.threadId}`;
const charsOf = (rows: AgentLogMessage[]) => rows.reduce((sum, row) => sum + row.content.length, 0);

/**
 * A write-through cache of thread histories, so starting a run does not read the thread back from the
 * database. Exact only when every write to agent logs goes through this store, i.e. ONE instance: app.ts
 * does not use it with REDIS_URL (another instance may write the thread). A read that overlaps a write to
 * the same thread is not cached; rows are deduplicated by id, and anything unexpected drops the entry.
 */
export function cacheThreadHistory(inner: AgentLogStore, options: ThreadHistoryCacheOptions = {}): AgentLogStore {
  const maxThreads = options.maxThreads ?? 5_000;
  const maxMessages = options.maxMessagesPerThread ?? 400;
  const maxChars = options.maxChars ?? 16_000_000;
  const entries = new Map<string, Entry>();
  /** Reads in flight per thread, and whether a write to the thread happened meanwhile. */
  const reading = new Map<string, { readers: number; dirty: boolean }>();
  let totalChars = 0;

  function drop(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    totalChars -= entry.chars;
  }

  function store(key: string, entry: Entry): void {
    drop(key);
    entries.set(key, entry);
    totalChars += entry.chars;
    for (const oldest of entries.keys()) {
      if (entries.size <= maxThreads && totalChars <= maxChars) break;
      drop(oldest);
    }
  }

  function touched(key: string): void {
    const read = reading.get(key);
    if (read) read.dirty = true;
  }

  function added(rows: AgentLogMessage[]): void {
    for (const row of rows) {
      const key = keyOf(row);
      touched(key);
      const entry = entries.get(key);
      if (!entry) continue;
      const last = entry.rows[entry.rows.length - 1];
      if (entry.rows.some((r) => r.messageId === row.messageId)) continue;
      if (last && last.createdAt > row.createdAt) {
        drop(key); // out of order: let the store answer next time
        continue;
      }
      entry.rows.push(row);
      entry.chars += row.content.length;
      totalChars += row.content.length;
      if (entry.rows.length > maxMessages) {
        const removed = entry.rows.splice(0, entry.rows.length - maxMessages);
        const removedChars = charsOf(removed);
        entry.chars -= removedChars;
        totalChars -= removedChars;
        entry.complete = false;
      }
    }
  }

  return {
    ...inner,
    async append(messages, tx) {
      if (tx !== undefined) {
        // a transaction may still roll back: forget the threads instead of guessing
        for (const message of messages) drop(keyOf(message));
        const rows = await inner.append(messages, tx);
        for (const message of messages) {
          drop(keyOf(message));
          touched(keyOf(message));
        }
        return rows;
      }
      const rows = await inner.append(messages);
      added(rows);
      return rows;
    },

    async history(threadKey, historyOptions) {
      const key = keyOf(threadKey);
      const limit = historyOptions?.limit;
      const entry = entries.get(key);
      if (entry && (entry.complete || (limit !== undefined && entry.rows.length >= limit))) {
        entries.delete(key); // most recently used goes last
        entries.set(key, entry);
        if (limit === undefined) return entry.rows.slice();
        return limit <= 0 ? [] : entry.rows.slice(-limit);
      }
      const read = reading.get(key) ?? { readers: 0, dirty: false };
      read.readers++;
      reading.set(key, read);
      try {
        const rows = await inner.history(threadKey, historyOptions);
        if (!read.dirty && (limit === undefined || limit > 0) && rows.length <= maxMessages) {
          store(key, { rows: rows.slice(), complete: limit === undefined || rows.length < limit, chars: charsOf(rows) });
        }
        return rows;
      } finally {
        if (--read.readers === 0) reading.delete(key);
      }
    },

    async reset(threadKey, at) {
      const key = keyOf(threadKey);
      drop(key);
      touched(key);
      try {
        await inner.reset(threadKey, at);
      } finally {
        drop(key);
        touched(key);
      }
    },
  };
}
