import { NotFoundError, type Actor, type Agent, type AgentAction, type AgentLogMessage, type AgentRelation, type ThreadSummary } from '../domain/index.js';
import type { AgentLogStore, Clock, RunLocks, ThreadTitleStore } from '../ports/index.js';
import { threadLockKey } from './invoke-agent.js';
import { defaultThreadTitle } from './thread-title.js';

export interface ThreadServiceDeps {
  loadAgentFor: (actor: Actor, agentId: string, action: AgentAction) => Promise<{ agent: Agent; relation: AgentRelation }>;
  agentLogs: Pick<AgentLogStore, 'history' | 'listThreads' | 'reset'>;
  titles: ThreadTitleStore;
  locks: Pick<RunLocks, 'holder'>;
  clock: Clock;
}

/**
 * A thread, its title (the user's own, else its first user message) and the run in progress on it, if any
 * (a reloaded page re-attaches to it).
 */
export type ThreadWithRun = ThreadSummary & { runningRunId: string | null; title: string };

/** A caller's own threads with an agent they may invoke. Another user's threads are never reachable. */
export function createThreadService(deps: ThreadServiceDeps) {
  async function list(actor: Actor, agentId: string): Promise<ThreadWithRun[]> {
    await deps.loadAgentFor(actor, agentId, 'invoke');
    const owner = { agentId, userId: actor.userId };
    const [threads, titles, firstMessages] = await Promise.all([
      deps.agentLogs.listThreads(owner),
      deps.titles.titles(owner),
      deps.titles.firstUserMessages(owner),
    ]);
    return Promise.all(
      threads.map(async (thread) => ({
        ...thread,
        runningRunId: await deps.locks.holder(threadLockKey(agentId, actor.userId, thread.threadId)),
        title: titles.get(thread.threadId) ?? defaultThreadTitle(firstMessages.get(thread.threadId) ?? thread.preview),
      })),
    );
  }

  async function messages(actor: Actor, agentId: string, threadId: string): Promise<AgentLogMessage[]> {
    await deps.loadAgentFor(actor, agentId, 'invoke');
    return deps.agentLogs.history({ agentId, userId: actor.userId, threadId });
  }

  /** Deleting a thread resets it (history kept for audit) and forgets its title. */
  async function reset(actor: Actor, agentId: string, threadId: string): Promise<void> {
    await deps.loadAgentFor(actor, agentId, 'invoke');
    const key = { agentId, userId: actor.userId, threadId };
    await deps.agentLogs.reset(key, deps.clock.now());
    await deps.titles.clearTitle(key);
  }

  /** issue 18: names one of the caller's threads; `null` goes back to the default title. */
  async function rename(actor: Actor, agentId: string, threadId: string, title: string | null): Promise<ThreadWithRun> {
    await deps.loadAgentFor(actor, agentId, 'invoke');
    const key = { agentId, userId: actor.userId, threadId };
    const exists = (await deps.agentLogs.listThreads({ agentId, userId: actor.userId })).some((thread) => thread.threadId === threadId);
    if (!exists) throw new NotFoundError('No such thread: it has no messages since it was last reset');
    if (title === null) await deps.titles.clearTitle(key);
    else await deps.titles.setTitle(key, title, deps.clock.now());
    const renamed = (await list(actor, agentId)).find((thread) => thread.threadId === threadId);
    if (!renamed) throw new NotFoundError('No such thread');
    return renamed;
  }

  return { list, messages, reset, rename };
}

export type ThreadService = ReturnType<typeof createThreadService>;
