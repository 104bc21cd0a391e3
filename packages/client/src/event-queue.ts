/** A push queue read as an async iterable: turns the stream client's callbacks into `for await` events. */
export function createEventQueue<T>() {
  const items: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let failure: { error: unknown } | null = null;
  let closed = false;
  let failWaiting: ((error: unknown) => void) | null = null;

  return {
    push(item: T): void {
      if (closed) return;
      if (waiting) {
        const resolve = waiting;
        waiting = failWaiting = null;
        resolve({ value: item, done: false });
      } else items.push(item);
    },
    close(): void {
      closed = true;
      if (waiting) {
        const resolve = waiting;
        waiting = failWaiting = null;
        resolve({ value: undefined, done: true });
      }
    },
    fail(error: unknown): void {
      if (closed) return;
      closed = true;
      failure = { error };
      if (failWaiting) {
        const reject = failWaiting;
        waiting = failWaiting = null;
        reject(error);
      }
    },
    next(): Promise<IteratorResult<T>> {
      if (items.length > 0) return Promise.resolve({ value: items.shift() as T, done: false });
      if (failure) return Promise.reject(failure.error);
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = resolve;
        failWaiting = reject;
      });
    },
  };
}
