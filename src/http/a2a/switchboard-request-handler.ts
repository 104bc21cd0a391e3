import { randomUUID } from 'node:crypto';
import { TaskState, type AgentCard, type Message, type SendMessageRequest, type StreamResponse, type Task } from '@a2a-js/sdk';
import {
  ExtendedAgentCardNotConfiguredError,
  PushNotificationNotSupportedError,
  RequestMalformedError,
  TaskNotCancelableError,
  TaskNotFoundError,
  UnsupportedOperationError,
} from '@a2a-js/sdk/errors';
import type { A2ARequestHandler } from '@a2a-js/sdk/server';
import { NotFoundError, type Actor, type Run } from '../../domain/index.js';
import type { Services } from '../../services/index.js';
import { createRunResultReader, readRunResult } from '../../services/run-result.js';
import { followRun } from './follow-run.js';
import { agentMessage, createTaskUpdateEncoder, isTerminal, taskOf, taskStateOf, taskStatus, type TaskIds } from './task-updates.js';

export interface RequestHandlerOptions {
  services: Services;
  actor: Actor;
  agentId: string;
  card: () => Promise<AgentCard>;
  /** Aborts when the HTTP request is gone: stop following the run (it goes on). */
  abortSignal: AbortSignal;
}

const MAX_PAGE_SIZE = 100;

function messageText(message: Message | undefined): string {
  const text = (message?.parts ?? []).map((part) => (part.content?.$case === 'text' ? part.content.value : '')).join('');
  if (text.trim() === '') throw new RequestMalformedError({ message: 'The message needs a text part: it is what the agent answers' });
  return text;
}

/** A2A methods over Switchboard runs (task = run, context = thread) for one caller and one agent (decision 1202). */
export function createSwitchboardRequestHandler({ services, actor, agentId, card, abortSignal }: RequestHandlerOptions): A2ARequestHandler {
  /** The caller's run of this agent, or TaskNotFound (another user's run, another agent's run, no run). */
  async function runOf(taskId: string): Promise<Run> {
    try {
      const run = await services.runs.get(actor, taskId);
      if (run.agentId === agentId) return run;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
    throw new TaskNotFoundError({ message: `Task not found: ${taskId}` });
  }

  const watch = (runId: string) => (afterSeq: number, listener: Parameters<Services['runs']['watch']>[3]) => services.runs.watch(actor, runId, afterSeq, listener);

  /** A task as its run log tells it (artifact = answer so far), or from the run row once the log has expired. */
  async function taskFromRun(run: Run): Promise<Task> {
    const ids = { taskId: run.runId, contextId: run.threadId };
    const reader = createRunResultReader();
    const subscription = await services.runs.watch(actor, run.runId, 0, reader.read);
    subscription?.unsubscribe();
    const detail = run.errorDetail ?? reader.result.error?.detail;
    const state = taskStateOf(run.status);
    return taskOf(ids, taskStatus(state, state === TaskState.TASK_STATE_FAILED || state === TaskState.TASK_STATE_CANCELED ? agentMessage(ids, detail ?? `The run ended ${run.status}`) : undefined), subscription ? reader.result.finalAnswer : null);
  }

  async function start(params: SendMessageRequest) {
    const message = params.message;
    if (message?.taskId) throw new RequestMalformedError({ message: 'Tasks are not continued: send a new message with the same contextId (the conversation)' });
    const text = messageText(message);
    const started = await services.invoke.start(actor, agentId, {
      message: text,
      context: '',
      threadId: message?.contextId || `a2a-${randomUUID()}`,
      resetMemory: false,
      loadFromJson: false,
      agentStyle: '',
      agentDraft: null,
      surface: 'a2a',
    });
    const ids: TaskIds = { taskId: started.runId, contextId: started.threadId };
    const userMessage: Message = { ...message!, taskId: ids.taskId, contextId: ids.contextId };
    return { started, ids, userMessage };
  }

  async function* follow(ids: TaskIds, first: (answerSoFar: string | null) => Task, afterCatchUp: boolean): AsyncGenerator<StreamResponse, void, undefined> {
    const reader = createRunResultReader();
    let encode: ReturnType<typeof createTaskUpdateEncoder> | null = afterCatchUp ? null : createTaskUpdateEncoder(ids, { answerStarted: false });
    if (encode) yield { payload: { $case: 'task', value: first(null) } };
    for await (const item of followRun(watch(ids.taskId), abortSignal)) {
      if (item.kind === 'caught_up') {
        if (encode) continue;
        // a rejoin: the task as logged so far, then only what comes after it
        encode = createTaskUpdateEncoder(ids, { answerStarted: reader.result.finalAnswer !== '' });
        const snapshot = first(reader.result.finalAnswer === '' ? null : reader.result.finalAnswer);
        // it ended while being read: the snapshot is the final task
        if (reader.isEnded()) snapshot.status = taskStatus(taskStateOf(reader.result.outcome));
        yield { payload: { $case: 'task', value: snapshot } };
        if (reader.isEnded()) return;
        continue;
      }
      reader.read(item.entry);
      if (encode) for (const update of encode(item.entry)) yield update;
    }
  }

  return {
    getAgentCard: card,
    async getAuthenticatedExtendedAgentCard() {
      throw new ExtendedAgentCardNotConfiguredError({ message: 'This agent has no extended card' });
    },

    async sendMessage(params) {
      const { started, ids, userMessage } = await start(params);
      if (params.configuration?.returnImmediately) return taskOf(ids, taskStatus(TaskState.TASK_STATE_WORKING), null, [userMessage]);
      const result = await readRunResult((afterSeq, listener) => started.subscribe(afterSeq, listener), abortSignal);
      const state = taskStateOf(result.outcome);
      const failed = result.outcome !== 'completed';
      return taskOf(ids, taskStatus(state, failed ? agentMessage(ids, result.error?.detail ?? `The run ended ${result.outcome}`) : undefined), result.finalAnswer, [userMessage]);
    },

    async *sendMessageStream(params) {
      const { ids, userMessage } = await start(params);
      yield* follow(ids, () => taskOf(ids, taskStatus(TaskState.TASK_STATE_SUBMITTED), null, [userMessage]), false);
    },

    async getTask(params) {
      return taskFromRun(await runOf(params.id));
    },

    async cancelTask(params) {
      const run = await runOf(params.id);
      if (isTerminal(run.status)) throw new TaskNotCancelableError({ message: `Task ${params.id} has already ended (${run.status})` });
      await services.runs.cancel(actor, run.runId);
      await readRunResult(watch(run.runId)).catch(() => undefined); // the run's end, so the task shows its final state
      return taskFromRun(await runOf(params.id));
    },

    async *resubscribe(params) {
      const run = await runOf(params.id);
      if (isTerminal(run.status)) throw new UnsupportedOperationError({ message: `Task ${params.id} has ended (${run.status}); GetTask has its result` });
      const ids = { taskId: run.runId, contextId: run.threadId };
      yield* follow(ids, (answer) => taskOf(ids, taskStatus(TaskState.TASK_STATE_WORKING), answer), true);
    },

    async listTasks(params) {
      const pageSize = Math.min(Math.max(params.pageSize ?? 50, 1), MAX_PAGE_SIZE);
      const runs = await services.runs.list(actor, { agentId, limit: pageSize, before: params.pageToken || undefined });
      const tasks = runs
        .filter((run) => params.contextId === '' || run.threadId === params.contextId)
        .filter((run) => params.status === TaskState.TASK_STATE_UNSPECIFIED || taskStateOf(run.status) === params.status)
        .map((run) => taskOf({ taskId: run.runId, contextId: run.threadId }, taskStatus(taskStateOf(run.status)), null));
      return { tasks, nextPageToken: runs.length === pageSize ? (runs.at(-1)?.runId ?? '') : '', pageSize, totalSize: tasks.length };
    },

    async createTaskPushNotificationConfig() {
      throw new PushNotificationNotSupportedError({ message: 'Push notifications are not supported' });
    },
    async getTaskPushNotificationConfig() {
      throw new PushNotificationNotSupportedError({ message: 'Push notifications are not supported' });
    },
    async listTaskPushNotificationConfigs() {
      throw new PushNotificationNotSupportedError({ message: 'Push notifications are not supported' });
    },
    async deleteTaskPushNotificationConfig() {
      throw new PushNotificationNotSupportedError({ message: 'Push notifications are not supported' });
    },
  };
}
