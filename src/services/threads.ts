import type { Actor, Agent, AgentAction, AgentLogMessage, AgentRelation, ThreadSummary } from '../domain/index.js';
import type { AgentLogStore, Clock } from '../ports/index.js';

export interface ThreadServiceDeps {
  loadAgentFor: (actor: Actor, agentId: string, action: AgentAction) => Promise<{ agent: Agent; relation: AgentRelation }>;
  agentLogs: Pick<AgentLogStore, 'history' | 'listThreads' | 'reset'>;
  clock: Clock;
}

/** A caller's own threads with an agent they may invoke. Another user's threads are never reachable. */
export function createThreadService(deps: ThreadServiceDeps) {
  async function list(actor: Actor, agentId: string): Promise<ThreadSummary[]> {
    await deps.loadAgentFor(actor, agentId, 'invoke');
    return deps.agentLogs.listThreads({ agentId, userId: actor.userId });
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
