import { ConflictError, type Actor, type AgentLogMessage, type RunEvent, type SequencedEvent, type User } from '../../src/domain/index.js';
import type { FastworkflowStore, FwConversation, FwFeedback, FwSession, ThreadKey } from '../../src/ports/index.js';
import { createMemoryRunLocks } from '../../src/runs/memory-run-locks.js';
import { logMessage } from '../support/log-message.js';
import { createFastworkflowService } from '../../src/services/fastworkflow.js';
import type { InvokeCommand, StartedRun } from '../../src/services/invoke-command.js';

/** An in-memory FastworkflowStore with the port's semantics, for service tests. */
export function memoryFastworkflowStore(): FastworkflowStore & { feedback: FwFeedback[]; sessions: Map<string, FwSession> } {
  const sessions = new Map<string, FwSession>();
  const conversations = new Map<string, FwConversation>();
  const feedback: FwFeedback[] = [];
  const k = (owner: string, user: string) => `${owner}|${user}`;
  const ck = (owner: string, user: string, id: number) => `${owner}|${user}|${id}`;
  const of = (owner: string, user: string) => [...conversations.values()].filter((c) => c.ownerUserId === owner && c.fwUserId === user);
  return {
    sessions,
    feedback,
    async getSession(owner, user) {
      return sessions.get(k(owner, user)) ?? null;
    },
    async createSessionIfAbsent(session) {
      const existing = sessions.get(k(session.ownerUserId, session.fwUserId));
      if (existing) return existing;
      const created = { ...session, createdAt: new Date() };
      sessions.set(k(session.ownerUserId, session.fwUserId), created);
      return created;
    },
    async setActiveConversation(key) {
      const session = sessions.get(k(key.ownerUserId, key.fwUserId));
      if (!session) return false;
      session.activeConversationId = key.conversationId;
      return true;
    },
    async upsertConversation(input) {
      const key = ck(input.ownerUserId, input.fwUserId, input.conversationId);
      const existing = conversations.get(key);
      const row: FwConversation = {
        ownerUserId: input.ownerUserId,
        fwUserId: input.fwUserId,
        conversationId: input.conversationId,
        topic: input.topic,
        summary: input.summary,
        createdAt: existing?.createdAt ?? input.updatedAt,
        updatedAt: input.updatedAt,
      };
      conversations.set(key, row);
      return row;
    },
    async listConversations(owner, user, limit) {
      return of(owner, user)
        .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.conversationId - a.conversationId)
        .slice(0, limit);
    },
    async getConversation(key) {
      return conversations.get(ck(key.ownerUserId, key.fwUserId, key.conversationId)) ?? null;
    },
    async maxConversationId(owner, user) {
      return Math.max(0, ...of(owner, user).map((c) => c.conversationId));
    },
    async listAllSessions(page) {
      const all = [...sessions.values()].sort((a, b) => k(a.ownerUserId, a.fwUserId).localeCompare(k(b.ownerUserId, b.fwUserId)));
      const after = page.after ? k(page.after.ownerUserId, page.after.fwUserId) : '';
      return all.filter((x) => k(x.ownerUserId, x.fwUserId) > after).slice(0, page.limit);
    },
    async listAllConversationsOf(key) {
      return of(key.ownerUserId, key.fwUserId).sort((a, b) => a.conversationId - b.conversationId);
    },
    async listFeedbackOf(key) {
      return feedback.filter((f) => f.ownerUserId === key.ownerUserId && f.fwUserId === key.fwUserId);
    },
    async saveFeedback(input) {
      const row = { ...input, createdAt: input.createdAt ?? new Date() };
      const index = feedback.findIndex((f) => f.runId === input.runId);
      if (index >= 0) feedback[index] = row;
      else feedback.push(row);
      return row;
    },
  };
}

export const alice: Actor = { userId: '11111111-1111-4111-8111-111111111111', email: 'alice@example.com', isAdmin: false, tokenId: 't-alice' };
export const admin: Actor = { userId: '22222222-2222-4222-8222-222222222222', email: 'admin@example.com', isAdmin: true, tokenId: 't-admin' };
export const AGENT_ID = '33333333-3333-4333-8333-333333333333';

/**
 * A fake run engine: records every start, answers with the scripted events, and keeps the thread history
 * (the user message at start, the answer at the end) the way the real engine stores it.
 */
export function fakeEngine(options: { script?: (command: InvokeCommand) => RunEvent[] } = {}) {
  const locks = createMemoryRunLocks();
  const started: Array<{ actor: Actor; agentId: string; command: InvokeCommand; runId: string }> = [];
  const history = new Map<string, AgentLogMessage[]>();
  const cancelled: string[] = [];
  let failWith: unknown = null;
  let holdRuns = false;
  const pendingReleases: Array<() => void> = [];
  const keyOf = (key: ThreadKey) => `${key.agentId}|${key.userId}|${key.threadId}`;
  const row = (key: ThreadKey, runId: string, role: 'user' | 'assistant', content: string): AgentLogMessage => ({
    ...logMessage(key, role, content, { runId, model: 'local/demo', outcome: role === 'assistant' ? 'completed' : null }),
    messageId: `${runId}-${role}`,
    createdAt: new Date(),
  });


  const invoke = {
    async start(actor: Actor, agentId: string, command: InvokeCommand): Promise<StartedRun> {
      if (failWith) throw failWith;
      const runId = `run-${started.length + 1}`;
      const lock = await locks.tryAcquire(command.lockKey!, runId);
      if (!lock.acquired) throw new ConflictError('A run is already in progress on this thread', { run_id: lock.holderRunId });
      started.push({ actor, agentId, command, runId });
      const key = { agentId, userId: actor.userId, threadId: command.threadId };
      const rows = history.get(keyOf(key)) ?? [];
      history.set(keyOf(key), rows);
      rows.push(row(key, runId, 'user', command.message));
      const answer = `You said: ${command.message}`;
      const events: RunEvent[] = options.script?.(command) ?? [
        { type: 'status', status: 'Agent Execution End', final_answer: answer },
        { type: 'end', run_id: runId, outcome: 'completed' },
      ];
      const finished = new Promise<void>((resolve) => (holdRuns ? pendingReleases.push(resolve) : resolve()));
      // like the real engine, the transcript is stored and the lock released a little after the last event
      const done = finished.then(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        rows.push(row(key, runId, 'assistant', answer));
        await lock.lease.release();
      });
      return {
        runId,
        threadId: command.threadId,
        model: 'local/demo',
        agentName: 'Demo agent',
        done,
        async subscribe(afterSeq, listener) {
          void finished.then(() => events.forEach((event, i) => i + 1 > afterSeq && listener({ seq: i + 1, event } satisfies SequencedEvent)));
          return { unsubscribe() {} };
        },
      };
    },
  };

  return {
    invoke,
    locks,
    started,
    cancelled,
    history: (key: ThreadKey) => history.get(keyOf(key)) ?? [],
    failNextStartsWith(error: unknown) {
      failWith = error;
    },
    /** Runs stay in flight (holding the user's lock) until `releaseRuns`. */
    holdRuns() {
      holdRuns = true;
    },
    releaseRuns() {
      holdRuns = false;
      pendingReleases.splice(0).forEach((release) => release());
    },
  };
}

export function serviceWithFakes(options: { script?: (command: InvokeCommand) => RunEvent[]; users?: User[]; agentAllowed?: boolean } = {}) {
  const store = memoryFastworkflowStore();
  const engine = fakeEngine(options);
  const loadCalls: Array<{ actor: Actor; agentId: string; action: string }> = [];
  const errors: string[] = [];
  const service = createFastworkflowService({
    store,
    invoke: engine.invoke,
    async loadAgentFor(actor, agentId, action) {
      loadCalls.push({ actor, agentId, action });
      if (options.agentAllowed === false) throw new Error('not allowed');
      return { agent: { agentId, agentName: 'Demo agent' } as never, relation: 'owner' };
    },
    agentLogs: { history: async (key) => engine.history(key) },
    users: { findById: async (id) => options.users?.find((u) => u.userId === id) ?? null },
    locks: engine.locks,
    cancellation: { cancel: async (runId) => void engine.cancelled.push(runId) },
    agentToolNames: async () => ['calculator'],
    clock: { now: () => new Date() },
    runTimeoutSeconds: 300,
    logError: (_context, message) => errors.push(message),
  });
  return { service, store, engine, loadCalls, errors };
}
