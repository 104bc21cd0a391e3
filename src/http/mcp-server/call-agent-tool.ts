import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DomainError, type Actor, type Agent } from '../../domain/index.js';
import type { Services } from '../../services/index.js';
import { readRunResult } from '../../services/run-result.js';
import { answerContent } from './answer-content.js';
import type { McpCancellations } from './mcp-cancellations.js';
import { createProgressForwarder, type ProgressUpdate } from './progress-forwarder.js';
import type { AgentToolInput } from './wire.js';

export interface AgentToolCall {
  actor: Actor;
  agent: Agent;
  input: AgentToolInput;
  requestId: string | number;
  /** Present when the client asked for progress notifications. */
  sendProgress: ((update: ProgressUpdate) => Promise<void>) | null;
  /** Aborts when the client's request is gone: stop waiting (the run goes on, as a disconnect does elsewhere). */
  abortSignal: AbortSignal;
}

const errorResult = (text: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text }] });

/**
 * One tool call = one run of the agent (surface `mcp`): started by the invoke service (access, caps, 409,
 * scrubbing), read with the one run-result reader, cancelled by the client's `notifications/cancelled`.
 */
export async function callAgentTool(services: Services, cancellations: McpCancellations, call: AgentToolCall): Promise<CallToolResult> {
  const { actor } = call;
  let started;
  try {
    started = await services.invoke.start(actor, call.agent.agentId, {
      message: call.input.message,
      context: '',
      // no thread_id: a fresh thread per call, as a stateless tool is expected to behave
      threadId: call.input.thread_id ?? `mcp-${randomUUID()}`,
      resetMemory: false,
      loadFromJson: false,
      agentStyle: '',
      agentDraft: null,
      surface: 'mcp',
    });
  } catch (error) {
    // the agent could not run (busy thread, run cap, agent gone): a tool error the model can read
    if (error instanceof DomainError) return errorResult(error.message);
    throw error;
  }
  const runId = started.runId;
  const forget = cancellations.register(actor.userId, call.requestId, () => void services.runs.cancel(actor, runId).catch(() => undefined));
  const sendProgress = call.sendProgress;
  const progress = sendProgress ? createProgressForwarder((update) => void sendProgress(update).catch(() => undefined)) : null;
  const progressSubscription = progress ? await started.subscribe(0, (entry) => progress.read(entry)) : null;
  try {
    const result = await readRunResult((afterSeq, listener) => started.subscribe(afterSeq, listener), call.abortSignal);
    const meta = { 'switchboard/run_id': runId, 'switchboard/thread_id': started.threadId, 'switchboard/outcome': result.outcome };
    if (result.outcome === 'completed') return { content: answerContent(result.finalAnswer), _meta: meta };
    const detail = result.error?.detail ?? `The run ended ${result.outcome}`;
    return { isError: true, content: [{ type: 'text', text: result.finalAnswer === '' ? detail : `${detail}\n\n${result.finalAnswer}` }], _meta: meta };
  } finally {
    forget();
    progress?.stop();
    progressSubscription?.unsubscribe();
  }
}
