/** Every Redis key this room uses, in one place, so prefixes and names cannot drift between adapters. */
export const redisKeys = {
  runEvents: (prefix: string, runId: string) => `${prefix}run:${runId}:events`,
  /** Set while a run's writer is open, so watchers can join before its first event is stored. */
  runOpen: (prefix: string, runId: string) => `${prefix}run:${runId}:open`,
  runCancel: (prefix: string, runId: string) => `${prefix}run:${runId}:cancel`,
  cancelChannel: (prefix: string) => `${prefix}run-cancel`,
  lock: (prefix: string, key: string) => `${prefix}lock:${key}`,
  lockFence: (prefix: string, key: string) => `${prefix}lock:${key}:fence`,
  /** The key's last holder, until it releases: outlives a lease that expired because its instance died. */
  lockHolder: (prefix: string, key: string) => `${prefix}lock:${key}:holder`,
  readerWake: (prefix: string, readerId: string) => `${prefix}reader:${readerId}:wake`,
};
