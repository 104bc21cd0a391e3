/**
 * Runs started by MCP tool calls, by (user, JSON-RPC request id). The stateless transport gets a client's
 * `notifications/cancelled` on a new request, so the call it cancels is found here (decision 1201). Per
 * instance: behind a load balancer the notification must reach the instance that holds the call.
 */
export function createMcpCancellations() {
  const calls = new Map<string, Set<() => void>>();
  const keyOf = (userId: string, requestId: string | number) => `${userId}\u0000${typeof requestId}:${requestId}`;

  return {
    /** Remembers how to cancel a call; returns the function that forgets it. */
    register(userId: string, requestId: string | number, cancel: () => void): () => void {
      const key = keyOf(userId, requestId);
      const set = calls.get(key) ?? new Set();
      set.add(cancel);
      calls.set(key, set);
      return () => {
        set.delete(cancel);
        if (set.size === 0 && calls.get(key) === set) calls.delete(key);
      };
    },
    cancel(userId: string, requestId: string | number): void {
      for (const cancel of calls.get(keyOf(userId, requestId)) ?? []) cancel();
    },
  };
}

export type McpCancellations = ReturnType<typeof createMcpCancellations>;
