interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions<I> {
  /** Bound on one batch's size (a bound on statement size, not a wait). Default 500. */
  maxWeight?: number;
  /** Weight of one item (e.g. its number of rows). Default 1. */
  weigh?: (item: I) => number;
}

/**
 * Group commit: calls are gathered until the I/O callbacks of the current event-loop turn have run (one
 * setImmediate, well under a millisecond), and a call made while a batch is being written waits for it; each
 * batch goes out as ONE statement instead of one per call. The gathering turn matters for the embedded
 * database: PGlite runs a query on this thread, so nothing else can queue up while it is "in flight".
 * `writeBatch` answers the items in order; if a batch fails, its items are retried one by one, so one bad item
 * cannot fail the others.
 */
export function groupCommit<I, O>(writeBatch: (items: I[]) => Promise<O[]>, options: GroupCommitOptions<I> = {}): (item: I) => Promise<O> {
  const maxWeight = options.maxWeight ?? 500;
  const weigh = options.weigh ?? (() => 1);
  let queue: Pending<I, O>[] = [];
  let writing = false;

  async function writeOne(pending: Pending<I, O>): Promise<void> {
    try {
      const [result] = await writeBatch([pending.item]);
      pending.resolve(result as O);
    } catch (error) {
      pending.reject(error);
    }
  }

  async function write(batch: Pending<I, O>[]): Promise<void> {
    if (batch.length === 1) return writeOne(batch[0]!);
    let results: O[];
    try {
      results = await writeBatch(batch.map((p) => p.item));
    } catch {
      for (const pending of batch) await writeOne(pending);
      return;
    }
    batch.forEach((pending, index) => pending.resolve(results[index] as O));
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      await new Promise((resolve) => setImmediate(resolve)); // let the requests that arrived in this turn join
      let weight = 0;
      let take = 0;
      while (take < queue.length && (take === 0 || weight + weigh(queue[take]!.item) <= maxWeight)) weight += weigh(queue[take++]!.item);
      const batch = queue.slice(0, take);
      queue = queue.slice(take);
      await write(batch);
    }
    writing = false;
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!writing) {
        writing = true;
        void drain();
      }
    });
}
