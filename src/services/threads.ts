import type { Actor, Agent, AgentAction, AgentLogMessage, AgentRelation, ThreadSummary } from '../domain/index.js';
import type { AgentLogStore, Clock, RunLocks } from '../ports/index.js';
import { threadLockKey } from './invoke-agent.js';

export interface ThreadServiceDeps {
  loadAgentFor: (actor: Actor, agentId: string, action: AgentAction) => Promise<{ agent: Agent; relation: AgentRelation }>;
  agentLogs: Pick<AgentLogStore, 'history' | 'listThreads' | 'reset'>;
  locks: Pick<RunLocks, 'holder'>;
  clock: Clock;
}

/** A thread and the run in progress on it, if any (a reloaded page re-attaches to it). */
export type ThreadWithRun = ThreadSummary & { runningRunId: string | null };

/** A caller's own threads with an agent they may invoke. Another user's threads are never reachable. */
export function createThreadService(deps: ThreadServiceDeps) {
  async function list(actor: Actor, agentId: string): Promise<ThreadWithRun[]> {
    await deps.loadAgentFor(actor, agentId, 'invoke');
    const threads = await deps.agentLogs.listThreads({ agentId, userId: actor.userId });
    return Promise.all(
      threads.map(async (thread) => ({ ...thread, runningRunId: await deps.locks.holder(threadLockKey(agentId, actor.userId, thread.threadId)) })),
    );
  }

  async function messages(actor: Actor, agentId: string, threadId: string): Promise<AgentLogMessage[]> {
    await deps.loadAgentFor(actor, agentId, 'invoke');
    return deps.agentLogs.history({ agentId, userId: actor.userId, threadId });
  }

  async function reset(actor: Actor, agentId: string, threadId: string): Promise<void> {
    await deps.loadAgentFor(actor, agentId, 'invoke');
    await deps.agentLogs.reset({ agentId, userId: actor.userId, threadId }, deps.clock.now());
  }

  return { list, messages, reset };
}

export type ThreadService = ReturnType<typeof createThreadService>;
