import { randomUUID } from 'node:crypto';
import type { Actor, Agent, AgentAction, AgentLogMessage, AgentRelation } from '../domain/index.js';
import type { AgentLogStore, Clock, FastworkflowStore, FwConversation, FwSession, RunCancellation, RunLocks, UserStore } from '../ports/index.js';
import { summaryOf, topicOf, uniqueTopic } from './fastworkflow-conversation-text.js';
import { createFastworkflowDump } from './fastworkflow-dump.js';
import { resolveExportFile } from './fastworkflow-export-file.js';
import { envFileRefusal, unknownActionFailure, type FwAction } from './fastworkflow-action.js';
import { conversationNotFound, failureOfStart, noTurnsForFeedback, sessionNotFound, turnInProgress, turnTimedOut } from './fastworkflow-failure.js';
import { fwLockKey, fwThreadId, stripLeadingSlashes } from './fastworkflow-keys.js';
import { resolveFwOwner } from './fastworkflow-owner.js';
import { rawCommandOf } from './fastworkflow-turn-reader.js';
import { collectFwTurn, type FwTurn } from './fastworkflow-turn.js';
import type { InvokeAgent } from './invoke-agent.js';
import type { RunMode } from './invoke-command.js';

export interface FastworkflowServiceDeps {
  store: Pick<
    FastworkflowStore,
    | 'getSession'
    | 'createSessionIfAbsent'
    | 'setActiveConversation'
    | 'upsertConversation'
    | 'listConversations'
    | 'getConversation'
    | 'maxConversationId'
    | 'saveFeedback'
    | 'listAllSessions'
    | 'listAllConversationsOf'
    | 'listFeedbackOf'
  >;
  invoke: Pick<InvokeAgent, 'start'>;
  loadAgentFor: (actor: Actor, agentId: string, action: AgentAction) => Promise<{ agent: Agent; relation: AgentRelation }>;
  agentLogs: Pick<AgentLogStore, 'history'>;
  users: Pick<UserStore, 'findById'>;
  locks: Pick<RunLocks, 'tryAcquire'>;
  cancellation: Pick<RunCancellation, 'cancel'>;
  /** The model-facing tool names of an agent (what a perform_action `command_name` may name). */
  agentToolNames: (agent: Agent) => Promise<string[]>;
  clock: Clock;
  /** RUN_TIMEOUT_SECONDS: a turn's `timeout_seconds` is capped by it. */
  runTimeoutSeconds: number;
  logError: (context: Record<string, unknown>, message: string) => void;
  /** FASTWORKFLOW_EXPORT_DIR: the only place the admin dump is written to; unset = never written. */
  exportDir?: string | undefined;
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
  /** The seed's dotenv paths: Switchboard reads no server files, so a given path is refused (422). */
  envFilePath?: string | null | undefined;
  passwordsFilePath?: string | null | undefined;
  /** Run as the new session's first turn (an agent turn, or a direct action); never both. */
  startupCommand?: string | null | undefined;
  startupAction?: FwAction | null | undefined;
}

/** agent: the multi-step loop; assistant: one model call with at most one tool call (decision 0802). */
export type FwTurnMode = 'agent' | 'assistant';

export interface FwTurnInput extends FwAddress {
  userQuery: string;
  timeoutSeconds: number;
  mode?: FwTurnMode | undefined;
}

export interface FwActionInput extends FwAddress {
  action: FwAction;
  /** ≤ 0: no limit of its own (the seed ignores it); RUN_TIMEOUT_SECONDS applies. */
  timeoutSeconds: number;
}

export interface FwFeedbackInput extends FwAddress {
  score: boolean | number | null;
  nlFeedback: string | null;
}

const TOPIC_SCAN_LIMIT = 10_000;
const STARTUP_TIMEOUT_SECONDS = 60;

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
    const refusal = envFileRefusal(input.envFilePath, input.passwordsFilePath);
    if (refusal) throw refusal;
    const { agent } = await deps.loadAgentFor(owner, input.agentId, 'invoke');
    if (input.startupAction) await assertAgentHasTool(agent, input.startupAction.commandName);
    await deps.store.createSessionIfAbsent({
      ownerUserId: owner.userId,
      fwUserId: input.fwUserId,
      agentId: input.agentId,
      context: input.context,
      showAgentTraces: input.showAgentTraces,
      activeConversationId: input.conversationId && input.conversationId > 0 ? input.conversationId : 1,
    });
    // the seed starts its workflow with the startup command or action: here it is the first turn, awaited
    const address = { fwUserId: input.fwUserId, ownerUserId: input.ownerUserId };
    let startup: FwTurn | undefined;
    if (input.startupCommand) startup = await startTurn(actor, { ...address, userQuery: input.startupCommand, timeoutSeconds: STARTUP_TIMEOUT_SECONDS });
    else if (input.startupAction) startup = await startAction(actor, { ...address, action: input.startupAction, timeoutSeconds: STARTUP_TIMEOUT_SECONDS });
    if (startup) await collectFwTurn(startup);
    return { userId: input.fwUserId };
  }

  async function assertAgentHasTool(agent: Agent, commandName: string): Promise<void> {
    const names = await deps.agentToolNames(agent);
    if (!names.includes(commandName)) throw unknownActionFailure(commandName, names);
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

  /** The seed never runs a turn with timeout_seconds ≤ 0: after the session and busy checks it times out at once. */
  async function refuseAsTimedOut(owner: Actor, session: FwSession, timeoutSeconds: number): Promise<never> {
    return whileIdle(owner, session.fwUserId, async () => {
      throw turnTimedOut(timeoutSeconds);
    });
  }

  async function startRun(
    owner: Actor,
    session: FwSession,
    run: { message: string; timeoutSeconds: number; mode: RunMode; action?: FwTurn['action'] },
  ): Promise<FwTurn> {
    let started;
    try {
      started = await deps.invoke.start(owner, session.agentId, {
        message: run.message,
        context: session.context,
        threadId: fwThreadId(session.fwUserId, session.activeConversationId),
        resetMemory: false,
        loadFromJson: false,
        agentStyle: '',
        agentDraft: null,
        surface: 'fastworkflow',
        lockKey: fwLockKey(owner.userId, session.fwUserId),
        timeoutSeconds: run.timeoutSeconds,
        mode: run.mode,
      });
    } catch (error) {
      throw failureOfStart(error, session.fwUserId);
    }
    await touchConversation(owner, session);
    const done = started;
    return {
      runId: done.runId,
      fwUserId: session.fwUserId,
      workflowName: done.agentName,
      showAgentTraces: session.showAgentTraces,
      timeoutSeconds: run.timeoutSeconds,
      action: run.action,
      subscribe: (listener) =>
        done.subscribe(0, (entry) => {
          if (entry.event.type === 'end') void done.done.then(() => listener(entry));
          else listener(entry);
        }),
      cancel: () => void deps.cancellation.cancel(done.runId).catch(() => undefined),
    };
  }

  async function startTurn(actor: Actor, input: FwTurnInput): Promise<FwTurn> {
    const { owner, session } = await sessionOf(actor, input);
    if (input.timeoutSeconds <= 0) return refuseAsTimedOut(owner, session, input.timeoutSeconds);
    return startRun(owner, session, {
      message: stripLeadingSlashes(input.userQuery),
      timeoutSeconds: Math.min(input.timeoutSeconds, deps.runTimeoutSeconds),
      mode: input.mode === 'assistant' ? { kind: 'single_step' } : { kind: 'agent' },
    });
  }

  /** perform_action: the named tool of the session's agent, run directly with the parameters (no model call). */
  async function startAction(actor: Actor, input: FwActionInput): Promise<FwTurn> {
    const { owner, session } = await sessionOf(actor, input);
    try {
      const { agent } = await deps.loadAgentFor(owner, session.agentId, 'invoke');
      await assertAgentHasTool(agent, input.action.commandName);
    } catch (error) {
      throw failureOfStart(error, session.fwUserId);
    }
    const { commandName, parameters } = input.action;
    return startRun(owner, session, {
      message: rawCommandOf(commandName, parameters),
      timeoutSeconds: input.timeoutSeconds > 0 ? Math.min(input.timeoutSeconds, deps.runTimeoutSeconds) : deps.runTimeoutSeconds,
      mode: { kind: 'direct_tool', toolName: commandName, arguments: parameters },
      action: { commandName, parameters },
    });
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
        throw conversationNotFound(input.conversationId);
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
      if (!lastRunId) throw noTurnsForFeedback(session.fwUserId);
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

  const dump = createFastworkflowDump({ store: deps.store, agentLogs: deps.agentLogs });
  /** The admin dump's file, inside the export directory only (null: download only). */
  const exportFileFor = (outputFolder: string, epochSeconds: number) => resolveExportFile(deps.exportDir, outputFolder, epochSeconds);

  return { initialize, startTurn, startAction, newConversation, listConversations, activateConversation, postFeedback, dumpAll: dump.dumpAll, exportFileFor };
}

export type FastworkflowService = ReturnType<typeof createFastworkflowService>;
