/** How many sign-in attempts are free, and how long counts are kept (also the longest lock). */
export interface LoginAttemptPolicy {
  freeAttempts: number;
  windowMs: number;
}

/** Lock after attempt `count`: none while free, then 1 s, 2 s, 4 s … up to the window. Mirrored in the Redis script. */
export function lockMsAfter(count: number, policy: LoginAttemptPolicy): number {
  if (count <= policy.freeAttempts) return 0;
  return Math.min(policy.windowMs, 1000 * 2 ** Math.min(30, count - policy.freeAttempts - 1));
}

export type AttemptVerdict = { admitted: true; count: number } | { admitted: false; lockedMs: number };

/** Where the login throttle keeps its counters: memory for one instance, Redis when several share the load. */
export interface LoginAttemptStore {
  /**
   * One atomic step: refuses while `key` is locked; otherwise counts the attempt (kept `windowMs` after the LAST
   * attempt) and locks the key for `lockMsAfter(count)`. Counting before the password is checked means parallel
   * guesses cannot all slip through before the first failure is written.
   */
  attempt(key: string, policy: LoginAttemptPolicy): Promise<AttemptVerdict>;
  /** Forgets the count and the lock of `key` (after a successful sign-in). */
  clear(key: string): Promise<void>;
  /** Marks `key` (an account at an address) as seen for `ttlMs`. */
  remember(key: string, ttlMs: number): Promise<void>;
  isRemembered(key: string): Promise<boolean>;
  close(): Promise<void>;
}
