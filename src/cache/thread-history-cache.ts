import type { AgentLogMessage } from '../domain/index.js';
import type { AgentLogStore, ThreadKey } from '../ports/index.js';
import { createBloomFilter } from './bloom-filter.js';

export interface ThreadHistoryCacheOptions {
  /** Threads kept (least recently used go first). */
  maxThreads?: number;
  /** Messages kept per thread: the newest ones; older reads go to the store. */
  maxMessagesPerThread?: number;
  /** Characters of message content kept in all (least recently used threads go first). */
  maxChars?: number;
  /** (agent, user) pairs whose threads are known (a set of their keys; beyond it, new threads are read). */
  maxKnownPairs?: number;
}

interface Entry {
  rows: AgentLogMessage[];
  /** `rows` is the whole history since the last reset (not only its newest part). */
  complete: boolean;
  chars: number;
}

const keyOf = (k: Pick<ThreadKey, 'agentId' | 'userId' | 'threadId'>) => `${k.agentId}\u0000${k.userId}\u0000${k.threadId}`;
const pairOf = (k: Pick<ThreadKey, 'agentId' | 'userId'>) => `${k.agentId}\u0000${k.userId}`;
const charsOf = (rows: AgentLogMessage[]) => rows.reduce((sum, row) => sum + row.content.length, 0);

/**
 * A write-through cache of thread histories, so starting a run does not read the thread back from the
 * database. Exact only when every write to agent logs goes through this store, i.e. ONE instance: app.ts
 * does not use it with REDIS_URL (another instance may write the thread). A read that overlaps a write to
 * the same thread is not cached; rows are deduplicated by id, and anything unexpected drops the entry.
 *
 * A new thread is answered without a read too: once the threads of an (agent, user) pair are loaded (its thread
 * list, the first time the pair starts a run), a Bloom filter of thread keys holds every thread that had
 * history then or got a message since. A thread the filter has never seen has none. The filter may say
 * "seen" wrongly (then the store is read, as before), never "not seen" wrongly.
 */
export function cacheThreadHistory(inner: AgentLogStore, options: ThreadHistoryCacheOptions = {}): AgentLogStore {
  const maxThreads = options.maxThreads ?? 5_000;
  const maxMessages = options.maxMessagesPerThread ?? 400;
  const maxChars = options.maxChars ?? 16_000_000;
  const maxKnownPairs = options.maxKnownPairs ?? 100_000;
  const entries = new Map<string, Entry>();
  /** Keys of threads that had history when their pair was loaded or got a row since (2 MB: ~1.7M at 1%). */
  const seen = createBloomFilter({ bits: 2 ** 24, hashes: 7 });
  /** Pairs whose threads are all in `seen` (true), or are being loaded (false). */
  const pairs = new Map<string, boolean>();
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

  /** Loads the pair's threads into `seen` once, in the background; a failure leaves the pair unknown. */
  function learnPair(threadKey: ThreadKey): void {
    const pair = pairOf(threadKey);
    if (pairs.has(pair) || pairs.size >= maxKnownPairs) return;
    pairs.set(pair, false);
    // listThreads names exactly the threads whose history is not empty (the same "since the last reset" rule)
    inner.listThreads({ agentId: threadKey.agentId, userId: threadKey.userId }).then(
      (threads) => {
        for (const { threadId } of threads) seen.add(keyOf({ agentId: threadKey.agentId, userId: threadKey.userId, threadId }));
        pairs.set(pair, true); // rows appended meanwhile went into `seen` as they were stored
      },
      () => pairs.delete(pair),
    );
  }

  function added(rows: AgentLogMessage[]): void {
    for (const row of rows) {
      const key = keyOf(row);
      seen.add(key);
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
        // a transaction may still roll back: forget the threads instead of guessing (`seen` may say yes wrongly)
        for (const message of messages) {
          drop(keyOf(message));
          seen.add(keyOf(message));
        }
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
      if (pairs.get(pairOf(threadKey)) === true && !seen.has(key)) return []; // a thread with no rows yet
      learnPair(threadKey);
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
