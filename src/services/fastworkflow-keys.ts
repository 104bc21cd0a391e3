/** One turn in flight per fastworkflow user of one owner (seed: one lock per user). */
export function fwLockKey(ownerUserId: string, fwUserId: string): string {
  return `fw:${ownerUserId}:${fwUserId}`;
}

/**
 * A conversation is a thread of (agent, owner). The fastworkflow user is part of the id so that two
 * fastworkflow users of one owner on one agent never share memory (their conversation ids both start at 1).
 */
export function fwThreadId(fwUserId: string, conversationId: number): string {
  return `fw-${fwUserId}-${conversationId}`;
}

/** The seed strips every leading slash ("assistant mode" marker) on the agent endpoints. */
export function stripLeadingSlashes(query: string): string {
  return query.replace(/^\/+/, '');
}
