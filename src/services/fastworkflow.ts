import { randomUUID } from 'node:crypto';
import { ConflictError, type Actor, type Agent, type AgentAction, type AgentLogMessage, type AgentRelation } from '../domain/index.js';
import type { AgentLogStore, Clock, FastworkflowStore, FwConversation, FwSession, RunCancellation, RunLocks, UserStore } from '../ports/index.js';
import { summaryOf, topicOf, uniqueTopic } from './fastworkflow-conversation-text.js';
import { FwFailure, internalFailure, sessionNotFound, turnInProgress } from './fastworkflow-failure.js';
import { fwLockKey, fwThreadId, stripLeadingSlashes } from './fastworkflow-keys.js';
import { resolveFwOwner } from './fastworkflow-owner.js';
import type { FwTurn } from './fastworkflow-turn.js';
import type { InvokeAgent } from './invoke-agent.js';

export interface FastworkflowServiceDeps {
  store: Pick<
    FastworkflowStore,
    'getSession' | 'createSessionIfAbsent' | 'setActiveConversation' | 'upsertConversation' | 'listConversations' | 'getConversation' | 'maxConversationId' | 'saveFeedback'
  >;
  invoke: Pick<InvokeAgent, 'start'>;
  loadAgentFor: (actor: Actor, agentId: string, action: AgentAction) => Promise<{ agent: Agent; relation: AgentRelation }>;
  agentLogs: Pick<AgentLogStore, 'history'>;
  users: Pick<UserStore, 'findById'>;
  locks: Pick<RunLocks, 'tryAcquire'>;
  cancellation: Pick<RunCancellation, 'cancel'>;
  clock: Clock;
  /** RUN_TIMEOUT_SECONDS: a turn's `timeout_seconds` is capped by it. */
  runTimeoutSeconds: number;
  logError: (context: Record<string, unknown>, message: string) => void;
  /** GET /conversations limit (the seed's FASTWORKFLOW_CONVERSATIONS_LIST_LIMIT default). */
  conversationsListLimit?: number;
}

/** Every request names the fastworkflow `user_id`; admins may add the owner they act for. */
export interface FwAddress {
  fwUserId: string;
  ownerUserId?: string | undefined;
}

export interface FwInitializeInput extends FwAddress {
  agentId: string;
  /** Instructions for every turn (the seed's workflow context); objects arrive JSON-stringified. */
  context: string;
  showAgentTraces: boolean;
  conversationId?: number | undefined;
}

export interface FwTurnInput extends FwAddress {
  userQuery: string;
  timeoutSeconds: number;
}

export interface FwFeedbackInput extends FwAddress {
  score: boolean | number | null;
  nlFeedback: string | null;
}

const TOPIC_SCAN_LIMIT = 10_000;

function isLockConflict(error: unknown): boolean {
  return error instanceof ConflictError && typeof error.details?.run_id === 'string';
}

/** The fastworkflow surface (seed 000) on the shared run engine: sessions, turns, conversations, feedback. */
export function createFastworkflowService(deps: FastworkflowServiceDeps) {
  const listLimit = deps.conversationsListLimit ?? 50;

  async function sessionOf(actor: Actor, address: FwAddress): Promise<{ owner: Actor; session: FwSession }> {
    const owner = await resolveFwOwner(deps.users, actor, address.ownerUserId);
    const session = await deps.store.getSession(owner.userId, address.fwUserId);
    if (!session) throw sessionNotFound(address.fwUserId);
    return { owner, session };
  }

  /** Conversation changes wait for no turn: they are refused while one is in flight (v2.16 did not check). */
  async function whileIdle<T>(owner: Actor, fwUserId: string, work: () => Promise<T>): Promise<T> {
    const lock = await deps.locks.tryAcquire(fwLockKey(owner.userId, fwUserId), `fw-change-${randomUUID()}`);
    if (!lock.acquired) throw turnInProgress(fwUserId);
    try {
      return await work();
    } finally {
      await lock.lease.release().catch(() => undefined);
    }
  }

  function historyOf(owner: Actor, session: FwSession, conversationId = session.activeConversationId): Promise<AgentLogMessage[]> {
    return deps.agentLogs.history({ agentId: session.agentId, userId: owner.userId, threadId: fwThreadId(session.fwUserId, conversationId) });
  }

  async function initialize(actor: Actor, input: FwInitializeInput): Promise<{ userId: string }> {
    const owner = await resolveFwOwner(deps.users, actor, input.ownerUserId);
    // idempotent like the seed: an existing session is returned at once and left unchanged
    if (await deps.store.getSession(owner.userId, input.fwUserId)) return { userId: input.fwUserId };
    await deps.loadAgentFor(owner, input.agentId, 'invoke');
    await deps.store.createSessionIfAbsent({
      ownerUserId: owner.userId,
      fwUserId: input.fwUserId,
      agentId: input.agentId,
      context: input.context,
      showAgentTraces: input.showAgentTraces,
      activeConversationId: input.conversationId && input.conversationId > 0 ? input.conversationId : 1,
    });
    return { userId: input.fwUserId };
  }

  /** Keeps the active conversation listed (topic and summary untouched) and its `updated_at` current. */
  async function touchConversation(owner: Actor, session: FwSession): Promise<void> {
    const key = { ownerUserId: owner.userId, fwUserId: session.fwUserId, conversationId: session.activeConversationId };
    try {
      const existing = await deps.store.getConversation(key);
      await deps.store.upsertConversation({ ...key, topic: existing?.topic ?? '', summary: existing?.summary ?? '', updatedAt: deps.clock.now() });
    } catch (error) {
      deps.logError({ ...key, err: error instanceof Error ? error.message : String(error) }, 'could not record the fastworkflow conversation');
    }
  }

  async function startTurn(actor: Actor, input: FwTurnInput): Promise<FwTurn> {
    const { owner, session } = await sessionOf(actor, input);
    const timeoutSeconds = Math.min(input.timeoutSeconds, deps.runTimeoutSeconds);
    let started;
    try {
      started = await deps.invoke.start(owner, session.agentId, {
        message: stripLeadingSlashes(input.userQuery),
        context: session.context,
        threadId: fwThreadId(session.fwUserId, session.activeConversationId),
        resetMemory: false,
        loadFromJson: false,
        agentStyle: '',
        agentDraft: null,
        surface: 'fastworkflow',
        lockKey: fwLockKey(owner.userId, session.fwUserId),
        timeoutSeconds,
      });
    } catch (error) {
      if (isLockConflict(error)) throw turnInProgress(session.fwUserId);
      throw internalFailure(error);
    }
    await touchConversation(owner, session);
    const run = started;
    return {
      runId: run.runId,
      fwUserId: session.fwUserId,
      workflowName: run.agentName,
      showAgentTraces: session.showAgentTraces,
      timeoutSeconds,
      subscribe: (listener) =>
        run.subscribe(0, (entry) => {
          if (entry.event.type === 'end') void run.done.then(() => listener(entry));
          else listener(entry);
        }),
      cancel: () => void deps.cancellation.cancel(run.runId).catch(() => undefined),
    };
  }

  /** Stores topic and summary of the active conversation; false when it has no turns. */
  async function saveTopicAndSummary(owner: Actor, session: FwSession): Promise<boolean> {
    const history = await historyOf(owner, session);
    const firstQuestion = history.find((m) => m.role === 'user');
    if (!firstQuestion) return false;
    const lastAnswer = history.findLast((m) => m.role === 'assistant')?.content ?? '';
    const others = await deps.store.listConversations(owner.userId, session.fwUserId, TOPIC_SCAN_LIMIT);
    const topic = uniqueTopic(
      topicOf(firstQuestion.content),
      others.filter((c) => c.conversationId !== session.activeConversationId && c.topic !== '').map((c) => c.topic),
    );
    await deps.store.upsertConversation({
      ownerUserId: owner.userId,
      fwUserId: session.fwUserId,
      conversationId: session.activeConversationId,
      topic,
      summary: summaryOf(firstQuestion.content, lastAnswer),
      updatedAt: deps.clock.now(),
    });
    return true;
  }

  async function newConversation(actor: Actor, address: FwAddress): Promise<{ status: 'ok'; message?: string }> {
    const { owner, session } = await sessionOf(actor, address);
    return whileIdle(owner, session.fwUserId, async () => {
      if (!(await saveTopicAndSummary(owner, session))) return { status: 'ok', message: 'No turns to save' };
      const highest = await deps.store.maxConversationId(owner.userId, session.fwUserId);
      const next = Math.max(highest, session.activeConversationId) + 1;
      await deps.store.setActiveConversation({ ownerUserId: owner.userId, fwUserId: session.fwUserId, conversationId: next });
      return { status: 'ok' };
    });
  }

  async function listConversations(actor: Actor, address: FwAddress): Promise<FwConversation[]> {
    const { owner, session } = await sessionOf(actor, address);
    return deps.store.listConversations(owner.userId, session.fwUserId, listLimit);
  }

  async function activateConversation(actor: Actor, input: FwAddress & { conversationId: number }): Promise<{ status: 'ok' }> {
    const { owner, session } = await sessionOf(actor, input);
    return whileIdle(owner, session.fwUserId, async () => {
      const key = { ownerUserId: owner.userId, fwUserId: session.fwUserId, conversationId: input.conversationId };
      if (!(await deps.store.getConversation(key))) {
        throw new FwFailure(404, `Conversation ${input.conversationId} not found for user: ${session.fwUserId}`);
      }
      // the conversation we leave keeps a topic and summary, as /new_conversation would give it
      if (input.conversationId !== session.activeConversationId) await saveTopicAndSummary(owner, session);
      await deps.store.setActiveConversation(key);
      return { status: 'ok' };
    });
  }

  async function postFeedback(actor: Actor, input: FwFeedbackInput): Promise<{ status: 'ok' }> {
    const { owner, session } = await sessionOf(actor, input);
    return whileIdle(owner, session.fwUserId, async () => {
      const lastRunId = (await historyOf(owner, session)).findLast((m) => m.runId !== null)?.runId;
      if (!lastRunId) throw new FwFailure(404, `No turn to give feedback on for user: ${session.fwUserId}`);
      await deps.store.saveFeedback({
        runId: lastRunId,
        ownerUserId: owner.userId,
        fwUserId: session.fwUserId,
        binaryOrNumericScore: input.score,
        nlFeedback: input.nlFeedback,
        createdAt: deps.clock.now(),
      });
      return { status: 'ok' };
    });
  }

  return { initialize, startTurn, newConversation, listConversations, activateConversation, postFeedback };
}

export type FastworkflowService = ReturnType<typeof createFastworkflowService>;
