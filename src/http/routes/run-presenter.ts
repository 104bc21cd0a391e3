import type { AgentLogMessage, Run } from '../../domain/index.js';
import type { ThreadWithRun } from '../../services/threads.js';
import type { RunWire } from '../wire/runs.js';
import type { ThreadMessageWire } from '../wire/threads.js';
import type { z } from 'zod';
import type { threadSummarySchema } from '../wire/threads.js';

export function presentRun(run: Run): RunWire {
  return {
    run_id: run.runId,
    agent_id: run.agentId,
    thread_id: run.threadId,
    model: run.model,
    status: run.status,
    surface: run.surface,
    started_at: run.startedAt.toISOString(),
    ended_at: run.endedAt?.toISOString() ?? null,
    usage: run.usage,
    error_code: run.errorCode,
    error_detail: run.errorDetail,
  };
}

export function presentThreadMessage(row: AgentLogMessage): ThreadMessageWire {
  return {
    message_id: row.messageId,
    run_id: row.runId,
    role: row.role,
    content: row.content,
    tool_name: row.toolName,
    tool_call_id: row.toolCallId,
    tool_input: row.toolInput ?? null,
    tool_output: row.toolOutput ?? null,
    model: row.model,
    outcome: row.outcome,
    created_at: row.createdAt.toISOString(),
  };
}

export function presentThread(thread: ThreadWithRun): z.infer<typeof threadSummarySchema> {
  return {
    thread_id: thread.threadId,
    message_count: thread.messageCount,
    last_message_at: thread.lastMessageAt.toISOString(),
    preview: thread.preview,
    title: thread.title,
    running_run_id: thread.runningRunId,
  };
}
