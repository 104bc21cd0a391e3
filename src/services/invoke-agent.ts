import {
  ConflictError,
  ForbiddenError,
  InvalidInputError,
  RateLimitedError,
  ServiceUnavailableError,
  SlotMap,
  STATUS_PROCESSING,
  agentAllows,
  timeOrderedUuid,
  toolFitsAgent,
  type Actor,
  type Agent,
  type AgentAction,
  type AgentRelation,
  type Tool,
} from '../domain/index.js';
import type { AgentLogStore, Clock, CompanyStore, ModelGateway, RunCancellation, RunEventLog, RunLocks, RunMetrics, RunStore, ToolStore } from '../ports/index.js';
import { composeInstructions } from './compose-instructions.js';
import { historyToMessages } from './history-to-messages.js';
import type { AgentDraft, InvokeCommand, StartedRun } from './invoke-command.js';
import type { AbortCause, RunExecutor } from './run-executor.js';

export interface InvokeAgentDeps {
  loadAgentFor: (actor: Actor, agentId: string, action: AgentAction) => Promise<{ agent: Agent; relation: AgentRelation }>;
  tools: Pick<ToolStore, 'findByIds' | 'listVisibleTo'>;
  companies: Pick<CompanyStore, 'rolesOf'>;
  agentLogs: Pick<AgentLogStore, 'append' | 'history' | 'reset'>;
  runs: Pick<RunStore, 'create'>;
  runLog: Pick<RunEventLog, 'open' | 'subscribe'>;
  locks: Pick<RunLocks, 'tryAcquire'>;
  cancellation: Pick<RunCancellation, 'register'>;
  modelGateway: Pick<ModelGateway, 'hasModel'>;
  executor: RunExecutor;
  metrics: Pick<RunMetrics, 'runStarted' | 'runEnded'>;
  clock: Clock;
  instanceId: string;
  runTimeoutSeconds: number;
  maxConcurrentRunsPerUser: number;
  /** How many earlier messages of the thread the model sees. */
  historyLimit: number;
}

interface ActiveRun {
  abortFor(cause: AbortCause): void;
  done: Promise<void>;
}

export function threadLockKey(agentId: string, userId: string, threadId: string): string {
  return `thread:${agentId}:${userId}:${threadId}`;
}

export function createInvokeAgent(deps: InvokeAgentDeps) {
  // a SlotMap, not a Map: a table V8 leaves behind would keep each finished run alive until a full GC (0700)
  const active = new SlotMap<string, ActiveRun>();
  const runsPerUser = new Map<string, number>();
  let accepting = true;

  async function effectiveTools(actor: Actor, agent: Agent, draft: AgentDraft | null): Promise<Tool[]> {
    const ids = draft?.tools ?? agent.tools;
    if (ids.length === 0) return [];
    if (draft?.tools) {
      // a draft may only use tools the agent already has or the caller can see: never trust client config
      const roles = await deps.companies.rolesOf(actor.userId);
      const visible = await deps.tools.listVisibleTo({ userId: actor.userId, companyIds: [...roles.keys()] });
      const allowed = new Set([...agent.tools, ...visible.map((t) => t.toolId)]);
      const unknown = ids.find((id) => !allowed.has(id));
      if (unknown) throw new InvalidInputError(`agent_config.tools: no tool ${unknown} that you can use`);
    }
    const found = await deps.tools.findByIds(ids);
    // drafts may only use tools the stored agent could legally have (decision 0602)
    const misfit = draft?.tools ? ids.find((id) => !found.some((tool) => tool.toolId === id && toolFitsAgent(tool, agent))) : undefined;
    if (misfit) throw new InvalidInputError(`agent_config.tools: tool ${misfit} does not belong to this agent's company or owner`);
    // a tool that crossed a company boundary since it was attached never runs here
    return found.filter((tool) => tool.onStatus && toolFitsAgent(tool, agent));
  }

  function countRun(userId: string, delta: number): void {
    const next = (runsPerUser.get(userId) ?? 0) + delta;
    if (next <= 0) runsPerUser.delete(userId);
    else runsPerUser.set(userId, next);
  }

  /** Checks everything, takes the thread lock, stores the user's message and starts the run in the background. */
  async function start(actor: Actor, agentId: string, command: InvokeCommand): Promise<StartedRun> {
    if (!accepting) throw new ServiceUnavailableError('The server is shutting down; try again in a moment');
    const { agent, relation } = await deps.loadAgentFor(actor, agentId, 'invoke');
    if (command.loadFromJson && command.agentDraft) {
      if (!agentAllows(relation, 'update')) throw new ForbiddenError('Only editors may run an unsaved agent configuration (load_from_json)');
    }
    const askedModel = command.modelName || (command.loadFromJson ? command.agentDraft?.modelName : undefined);
    if (askedModel && askedModel !== agent.modelName && !agentAllows(relation, 'update')) {
      throw new ForbiddenError('Only editors of this agent may run it on another model (metadata.model_name)');
    }
    if (!agent.onStatus) throw new ConflictError('This agent is switched off (on_status is false)');
    const draft = command.loadFromJson ? command.agentDraft : null;
    const model = command.modelName || draft?.modelName || agent.modelName;
    if (!deps.modelGateway.hasModel(model)) throw new InvalidInputError(`Unknown model "${model}"; GET /get-llms lists the available models`);
    if ((runsPerUser.get(actor.userId) ?? 0) >= deps.maxConcurrentRunsPerUser) {
      throw new RateLimitedError(`You already have ${deps.maxConcurrentRunsPerUser} runs in progress`, 1);
    }
    // the slot is taken at the check: counting only after the awaits below let a burst of starts all pass it
    countRun(actor.userId, +1);
    const runId = timeOrderedUuid(); // time-ordered: new rows at the right-hand end of the primary key
    const threadKey = { agentId, userId: actor.userId, threadId: command.threadId };
    let tools: Tool[];
    let lock: Awaited<ReturnType<typeof deps.locks.tryAcquire>>;
    try {
      tools = await effectiveTools(actor, agent, draft);
      lock = await deps.locks.tryAcquire(command.lockKey ?? threadLockKey(agentId, actor.userId, command.threadId), runId);
    } catch (error) {
      countRun(actor.userId, -1);
      throw error;
    }
    if (!lock.acquired) {
      countRun(actor.userId, -1);
      throw new ConflictError('A run is already in progress on this thread; join it with GET /runs/{run_id}/stream', { run_id: lock.holderRunId });
    }
    const lease = lock.lease;
    const controller = new AbortController();
    let cause: AbortCause | null = null;
    /** Aborts the run; the first cause given is the one it ends with. */
    const abortFor = (reason: AbortCause) => {
      cause ??= reason;
      controller.abort();
    };
    const cancel = deps.cancellation.register(runId, () => abortFor('cancelled'));
    const onLost = () => abortFor('interrupted');
    lease.lost?.addEventListener('abort', onLost, { once: true });
    const releaseLease = () => {
      lease.lost?.removeEventListener('abort', onLost);
      return lease.release();
    };

    // the log is opened right after the lock: a client refused with 409 may join this run at once
    const writer = deps.runLog.open(runId);
    let history;
    try {
      if (command.resetMemory) await deps.agentLogs.reset(threadKey, deps.clock.now());
      history = await deps.agentLogs.history(threadKey, { limit: deps.historyLimit });
    } catch (error) {
      writer.append({ type: 'error', code: 'internal', detail: 'The run could not be started' });
      writer.append({ type: 'end', run_id: runId, outcome: 'failed' });
      await writer.close().catch(() => undefined);
      cancel.unregister();
      countRun(actor.userId, -1);
      await releaseLease();
      throw error;
    }
    // The run row and the user's message are written while the model is already being asked (time to first
    // token is the slower of the two, not their sum). Nobody sees the run before they are stored: start()
    // returns, and the caller subscribes, only then; the transcript is stored after them (executor).
    // (Rows are written out field by field: `{ ...threadKey, … }` costs microseconds on Node 20, decision 0700.)
    const { userId } = actor;
    const { threadId } = command;
    const startWrites = Promise.allSettled([
      deps.runs.create({
        runId,
        agentId,
        userId,
        threadId,
        model,
        status: 'running',
        surface: command.surface,
        startedAt: deps.clock.now(),
        instanceId: deps.instanceId,
      }),
      deps.agentLogs.append([
        { agentId, userId, threadId, runId, role: 'user', content: command.message, toolName: null, toolCallId: null, toolInput: null, toolOutput: null, model, inputTokens: null, outputTokens: null, outcome: null },
      ]),
    ]).then((written) => {
      const failed = written.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    });
    startWrites.catch(() => {
      abortFor('start_failed');
    });

    const effectiveAgent = { agentName: draft?.agentName ?? agent.agentName, description: draft?.description ?? agent.description, agentStyle: draft?.agentStyle ?? agent.agentStyle };
    writer.append({ type: 'status', status: STATUS_PROCESSING, run_id: runId, thread_id: command.threadId, model });

    let freed: Promise<void> | undefined;
    const free = () =>
      (freed ??= (async () => {
        countRun(actor.userId, -1);
        await releaseLease().catch(() => undefined);
      })());
    const startedAtMs = Date.now();
    deps.metrics.runStarted(command.surface);
    const timeoutMs = Math.min(command.timeoutSeconds ?? deps.runTimeoutSeconds, deps.runTimeoutSeconds) * 1000;
    const timer = setTimeout(() => abortFor('timeout'), timeoutMs);
    timer.unref();

    const done = deps.executor
      .execute({
        runId,
        threadKey,
        model,
        messages: [
          { role: 'system', content: composeInstructions({ agent: effectiveAgent, extraStyle: command.agentStyle, context: command.context }) },
          ...historyToMessages(history),
          { role: 'user', content: command.message },
        ],
        tools,
        // the run belongs to its user: tool errors show detail only if that user may edit the agent (0305)
        toolErrorDetail: agentAllows(relation, 'update') ? 'full' : 'generic',
        mode: command.mode,
        writer,
        signal: controller.signal,
        abortCause: () => cause,
        startedAtMs,
        startWrites,
        // the thread and the user's run slot are free before `end` is seen (`finally` covers a throw)
        beforeEnd: free,
      })
      .then((result) => deps.metrics.runEnded({ surface: command.surface, outcome: result.status, durationMs: Date.now() - startedAtMs, model, usage: result.usage }))
      .finally(async () => {
        clearTimeout(timer);
        cancel.unregister();
        active.delete(runId);
        await free();
      });
    active.set(runId, { abortFor, done });
    try {
      await startWrites;
    } catch (error) {
      await done; // the run ends as failed without storing anything, and frees the thread
      throw error;
    }
    return {
      runId,
      threadId: command.threadId,
      model,
      agentName: effectiveAgent.agentName,
      done,
      subscribe: (afterSeq, listener) => deps.runLog.subscribe(runId, afterSeq, listener),
    };
  }

  /** Graceful shutdown: refuse new runs, let running ones finish for `graceMs`, then interrupt them. */
  async function drain(graceMs: number): Promise<void> {
    accepting = false;
    const all = () => Promise.allSettled(active.values().map((run) => run.done));
    const graceTimer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    if ((await Promise.race([all().then(() => 'done' as const), graceTimer])) === 'timeout') {
      for (const run of active.values()) run.abortFor('interrupted');
      await all();
    }
  }

  return { start, drain, activeRunCount: () => active.size };
}

export type InvokeAgent = ReturnType<typeof createInvokeAgent>;
