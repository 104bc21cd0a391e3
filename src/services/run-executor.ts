import {
  ProviderError,
  STATUS_END,
  STATUS_RESPONDING,
  STATUS_THINKING,
  statusCallingTool,
  type ChatMessage,
  type ModelToolCall,
  type ModelToolSpec,
  type RunErrorCode,
  type RunStatus,
  type Tool,
  type ToolCallRecord,
  type Usage,
} from '../domain/index.js';
import type { AgentLogStore, Clock, ModelGateway, RunLogWriter, RunMetrics, RunStore, ThreadKey, ToolErrorDetail, ToolRunner } from '../ports/index.js';
import type { RunMode } from './invoke-command.js';

/** Why a run's signal was aborted; decided by whoever aborted it. */
export type AbortCause = 'cancelled' | 'timeout' | 'interrupted' | 'start_failed';

export interface RunExecutorDeps {
  modelGateway: Pick<ModelGateway, 'stream'>;
  toolRunner: ToolRunner;
  agentLogs: Pick<AgentLogStore, 'append'>;
  runs: Pick<RunStore, 'finish'>;
  clock: Clock;
  logError: (context: Record<string, unknown>, message: string) => void;
  metrics: Pick<RunMetrics, 'firstToken' | 'toolCall' | 'providerError'>;
  /** Model turns per run before we stop asking (a tool loop guard). */
  maxSteps: number;
  /** Runs the whole run inside a log context, so every log line of it carries run_id/thread_id/agent_id (issue 21). */
  withRunLogContext?: <T>(fields: { run_id: string; thread_id: string; agent_id: string }, fn: () => T) => T;
}

export interface RunContext {
  runId: string;
  threadKey: ThreadKey;
  model: string;
  messages: ChatMessage[];
  tools: Tool[];
  /** What failed tool calls say in this run's events and to the model; 'generic' unless given (decision 0305). */
  toolErrorDetail?: ToolErrorDetail;
  /** The agent loop unless given (decision 0802). */
  mode?: RunMode | undefined;
  writer: RunLogWriter;
  signal: AbortSignal;
  abortCause: () => AbortCause | null;
  /** When the run was accepted (Date.now()), for the time-to-first-token metric. */
  startedAtMs: number;
  /** The run row and the user's message, written meanwhile: the transcript is stored after them, or not at all if they failed. */
  startWrites?: Promise<void>;
  /**
   * Called after the transcript is stored and before `end` is appended: frees the thread, so a client that
   * sends its next message on seeing `end` never meets this run's lock. Must not throw.
   */
  beforeEnd?: () => Promise<void>;
}

export interface RunResult {
  status: RunStatus;
  finalAnswer: string;
  toolCalls: ToolCallRecord[];
  usage: Usage;
}

const AGENT_MODE: RunMode = { kind: 'agent' };

const ERROR_TEXT: Record<AbortCause, { code: RunErrorCode; status: RunStatus; detail: string }> = {
  cancelled: { code: 'cancelled', status: 'cancelled', detail: 'The run was cancelled' },
  timeout: { code: 'timeout', status: 'timed_out', detail: 'The run exceeded its time limit' },
  interrupted: { code: 'interrupted', status: 'interrupted', detail: 'The server shut down before the run finished' },
  start_failed: { code: 'internal', status: 'failed', detail: 'The run could not be started' },
};

function addUsage(total: Usage, part: Usage): void {
  total.input_tokens += part.input_tokens;
  total.output_tokens += part.output_tokens;
  total.total_tokens += part.total_tokens;
}

/**
 * The run loop (a documented orchestrator): model turn → tool calls → model turn … until the model answers
 * without tools. Every step is appended to the run's event log; the transcript is stored when the run ends,
 * whatever the outcome. Never throws.
 */
export function createRunExecutor(deps: RunExecutorDeps) {
  async function describeTools(tools: Tool[], signal: AbortSignal): Promise<{ specs: ModelToolSpec[]; byName: Map<string, Tool> }> {
    const specs: ModelToolSpec[] = [];
    const byName = new Map<string, Tool>();
    const described = await Promise.all(
      tools.map((tool) =>
        deps.toolRunner.describe(tool, signal).catch((error: unknown) => {
          deps.logError({ toolId: tool.toolId, err: String(error) }, 'tool could not be described; left out of this run');
          return [] as ModelToolSpec[];
        }),
      ),
    );
    described.forEach((toolSpecs, index) => {
      for (const spec of toolSpecs) {
        if (byName.has(spec.name)) continue;
        byName.set(spec.name, tools[index]!);
        specs.push(spec);
      }
    });
    return { specs, byName };
  }

  async function runTool(ctx: RunContext, call: ModelToolCall, tool: Tool | undefined): Promise<ToolCallRecord & { contentForModel: string; blocks: string[] }> {
    if (!tool) {
      const output = { error: `There is no tool named ${call.name}` };
      return { callId: call.id, toolName: call.name, input: call.arguments, output, ok: false, contentForModel: JSON.stringify(output), blocks: [] };
    }
    if (call.argumentsError) {
      const output = { error: `The arguments were not valid JSON: ${call.argumentsError}` };
      return { callId: call.id, toolName: call.name, input: call.arguments, output, ok: false, contentForModel: JSON.stringify(output), blocks: [] };
    }
    const result = await deps.toolRunner.execute({ tool, modelToolName: call.name, arguments: call.arguments, signal: ctx.signal, errorDetail: ctx.toolErrorDetail ?? 'generic' });
    return { callId: call.id, toolName: call.name, input: call.arguments, output: result.output, ok: result.ok, contentForModel: result.contentForModel, blocks: result.blocks };
  }

  function execute(ctx: RunContext): Promise<RunResult> {
    if (!deps.withRunLogContext) return executeRun(ctx);
    const fields = { run_id: ctx.runId, thread_id: ctx.threadKey.threadId, agent_id: ctx.threadKey.agentId };
    return deps.withRunLogContext(fields, () => executeRun(ctx));
  }

  async function executeRun(ctx: RunContext): Promise<RunResult> {
    const { writer } = ctx;
    const usage: Usage = { input_tokens: 0, output_tokens: 0, total_tokens: 0 };
    const toolCalls: ToolCallRecord[] = [];
    const toolRows: Array<ToolCallRecord & { contentForModel: string }> = [];
    // the answer's pieces, joined once at the end: `+=` per token would keep a rope node (32 bytes) per token
    const transcriptParts: string[] = [];
    let status: RunStatus = 'completed';
    let error: { code: RunErrorCode; detail: string; providerStatus?: number | undefined } | null = null;
    const messages = ctx.messages.slice();

    const mode = ctx.mode ?? AGENT_MODE;
    try {
      const { specs, byName } = await describeTools(ctx.tools, ctx.signal);
      /** Runs one tool call with its two tool_status events; the model is told its result in agent mode. */
      const callTool = async (call: ModelToolCall) => {
        writer.append({ type: 'status', status: statusCallingTool(call.name) });
        writer.append({ type: 'tool_status', tool_name: call.name, call_id: call.id, status: `Start using tool: ${call.name}`, is_start: true, input: call.arguments });
        const toolStartedAtMs = Date.now();
        const outcome = await runTool(ctx, call, byName.get(call.name));
        deps.metrics.toolCall({ kind: byName.get(call.name)?.kind ?? 'unknown', ok: outcome.ok, durationMs: Date.now() - toolStartedAtMs });
        writer.append({
          type: 'tool_status',
          tool_name: call.name,
          call_id: call.id,
          status: `Finish using tool: ${call.name}`,
          is_start: false,
          output: outcome.output,
          ok: outcome.ok,
        });
        for (const block of outcome.blocks) {
          transcriptParts.push(block);
          writer.append({ type: 'token', token: block });
        }
        const { contentForModel, blocks: _blocks, ...record } = outcome;
        toolCalls.push(record);
        toolRows.push({ ...record, contentForModel });
        messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content: contentForModel });
        return contentForModel;
      };
      /** Single-step and direct-tool runs answer with the tool's (scrubbed) result, as one token. */
      const answerWith = (text: string) => {
        if (ctx.signal.aborted || text === '') return;
        writer.append({ type: 'status', status: STATUS_RESPONDING });
        transcriptParts.push(text);
        writer.append({ type: 'token', token: text });
      };
      if (mode.kind === 'direct_tool') {
        answerWith(await callTool({ id: `call_direct_${ctx.runId}`, name: mode.toolName, arguments: mode.arguments }));
      }
      const maxSteps = mode.kind === 'direct_tool' ? 0 : mode.kind === 'single_step' ? 1 : deps.maxSteps;
      for (let step = 0; step < maxSteps && !ctx.signal.aborted; step++) {
        writer.append({ type: 'status', status: STATUS_THINKING });
        let responding = false;
        const turn = await deps.modelGateway.stream(
          { model: ctx.model, messages, tools: specs, signal: ctx.signal, runId: ctx.runId },
          {
            onText(delta) {
              if (!responding) {
                responding = true;
                if (transcriptParts.length === 0) deps.metrics.firstToken({ model: ctx.model, latencyMs: Date.now() - ctx.startedAtMs });
                writer.append({ type: 'status', status: STATUS_RESPONDING });
              }
              transcriptParts.push(delta);
              writer.append({ type: 'token', token: delta });
            },
          },
        );
        addUsage(usage, turn.usage);
        if (turn.finishReason === 'aborted' || ctx.signal.aborted) break;
        if (turn.toolCalls.length === 0) break;

        if (mode.kind === 'single_step') {
          // at most one tool call, and its result is the answer: no second model call
          answerWith(await callTool(turn.toolCalls[0]!));
          break;
        }
        messages.push({ role: 'assistant', content: turn.text, toolCalls: turn.toolCalls });
        for (const call of turn.toolCalls) {
          if (ctx.signal.aborted) break;
          await callTool(call);
        }
      }
    } catch (caught) {
      if (!ctx.signal.aborted) {
        status = 'failed';
        if (caught instanceof ProviderError) {
          deps.metrics.providerError({ model: ctx.model, status: caught.status });
          error = { code: caught.code, detail: caught.message, providerStatus: caught.status };
        } else {
          deps.logError({ runId: ctx.runId, err: caught instanceof Error ? caught.stack : String(caught) }, 'run failed');
          error = { code: 'internal', detail: 'The run failed because of an internal error' };
        }
      }
    }

    const cause = ctx.signal.aborted ? ctx.abortCause() ?? 'cancelled' : null;
    if (cause) {
      status = ERROR_TEXT[cause].status;
      error = { code: ERROR_TEXT[cause].code, detail: ERROR_TEXT[cause].detail };
    }

    const transcript = transcriptParts.join('');
    // store before announcing the end, so a client that reloads history after `end` sees everything
    await persist(ctx, { status, transcript, usage, toolRows, error });
    if (status === 'completed') {
      writer.append({ type: 'status', status: STATUS_END, final_answer: transcript, usage });
    } else if (error) {
      writer.append(
        error.providerStatus === undefined
          ? { type: 'error', code: error.code, detail: error.detail }
          : { type: 'error', code: error.code, detail: error.detail, provider_status: error.providerStatus },
      );
    }
    await ctx.beforeEnd?.();
    writer.append({ type: 'end', run_id: ctx.runId, outcome: status === 'running' ? 'failed' : status });
    await writer.close().catch((closeError: unknown) => deps.logError({ runId: ctx.runId, err: String(closeError) }, 'event log close failed'));
    return { status, finalAnswer: transcript, toolCalls, usage };
  }

  async function persist(
    ctx: RunContext,
    result: { status: RunStatus; transcript: string; usage: Usage; toolRows: Array<ToolCallRecord & { contentForModel: string }>; error: { code: RunErrorCode; detail: string } | null },
  ): Promise<void> {
    // field by field, not `{ ...ctx.threadKey, … }` (slow on Node 20, decision 0700)
    const { agentId, userId, threadId } = ctx.threadKey;
    const { runId, model } = ctx;
    if (ctx.startWrites && !(await ctx.startWrites.then(() => true, () => false))) return; // the run never existed in storage
    try {
      await deps.agentLogs.append([
        ...result.toolRows.map((row) => ({
          agentId,
          userId,
          threadId,
          runId,
          model,
          role: 'tool' as const,
          content: row.contentForModel,
          toolName: row.toolName,
          toolCallId: row.callId,
          toolInput: row.input,
          toolOutput: row.output,
          inputTokens: null,
          outputTokens: null,
          outcome: row.ok ? 'ok' : 'error',
        })),
        {
          agentId,
          userId,
          threadId,
          runId,
          model,
          role: 'assistant' as const,
          content: result.transcript,
          toolName: null,
          toolCallId: null,
          toolInput: null,
          toolOutput: null,
          inputTokens: result.usage.input_tokens,
          outputTokens: result.usage.output_tokens,
          outcome: result.status,
        },
      ]);
      await deps.runs.finish(ctx.runId, {
        status: result.status,
        endedAt: deps.clock.now(),
        usage: result.usage,
        errorCode: result.error?.code ?? null,
        errorDetail: result.error?.detail ?? null,
      });
    } catch (error) {
      deps.logError({ runId: ctx.runId, err: error instanceof Error ? error.stack : String(error) }, 'could not store the run transcript');
    }
  }

  return { execute };
}

export type RunExecutor = ReturnType<typeof createRunExecutor>;
