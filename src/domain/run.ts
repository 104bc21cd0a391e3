import type { RunStatus, Usage } from './run-event.js';

/**
 * The API a run was started from. Only `fastworkflow` locks per user (seed 000); every other surface locks
 * per (agent, user, thread).
 */
export const RUN_SURFACES = ['agent-invoke', 'fastworkflow', 'openai', 'ai-sdk', 'ag-ui', 'mcp', 'a2a'] as const;
export type RunSurface = (typeof RUN_SURFACES)[number];

export interface Run {
  runId: string;
  agentId: string;
  userId: string;
  threadId: string;
  model: string;
  status: RunStatus;
  /** Which surface started the run (every surface shares the one run engine). */
  surface: RunSurface;
  startedAt: Date;
  endedAt: Date | null;
  usage: Usage | null;
  errorCode: string | null;
  errorDetail: string | null;
  /** The instance that owns (executes) the run. */
  instanceId: string;
}

export interface ToolCallRecord {
  callId: string;
  toolName: string;
  input: unknown;
  output: unknown;
  ok: boolean;
}

/** One row of `agent_logs`. */
export interface AgentLogMessage {
  messageId: string;
  agentId: string;
  userId: string;
  threadId: string;
  runId: string | null;
  role: 'user' | 'assistant' | 'tool';
  content: string;
  toolName: string | null;
  toolCallId: string | null;
  toolInput: unknown;
  toolOutput: unknown;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** For assistant rows: the run outcome the text belongs to (completed, cancelled, …). */
  outcome: string | null;
  createdAt: Date;
}

export interface ThreadSummary {
  threadId: string;
  messageCount: number;
  lastMessageAt: Date;
  preview: string;
}
