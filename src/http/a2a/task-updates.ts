import { randomUUID } from 'node:crypto';
import { Role, TaskState, type Artifact, type Message, type Part, type StreamResponse, type Task, type TaskStatus } from '@a2a-js/sdk';
import type { RunStatus, SequencedEvent } from '../../domain/index.js';

const STATE_OF: Record<RunStatus, TaskState> = {
  running: TaskState.TASK_STATE_WORKING,
  completed: TaskState.TASK_STATE_COMPLETED,
  cancelled: TaskState.TASK_STATE_CANCELED,
  failed: TaskState.TASK_STATE_FAILED,
  timed_out: TaskState.TASK_STATE_FAILED,
  interrupted: TaskState.TASK_STATE_FAILED,
};

export const taskStateOf = (status: RunStatus): TaskState => STATE_OF[status];
export const isTerminal = (status: RunStatus): boolean => status !== 'running';

export const textPart = (text: string): Part => ({ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: '' });

export function agentMessage(ids: TaskIds, text: string): Message {
  return { messageId: randomUUID(), contextId: ids.contextId, taskId: ids.taskId, role: Role.ROLE_AGENT, parts: [textPart(text)], metadata: undefined, extensions: [], referenceTaskIds: [] };
}

export interface TaskIds {
  /** The run id. */
  taskId: string;
  /** The thread id. */
  contextId: string;
}

export function taskStatus(state: TaskState, message?: Message): TaskStatus {
  return { state, message, timestamp: new Date().toISOString() };
}

/** The answer of a task: one artifact, its text in one part (streamed, it grows chunk by chunk). */
export function answerArtifact(ids: TaskIds, text: string): Artifact {
  return { artifactId: `${ids.taskId}-answer`, name: 'answer', description: 'The agent’s answer', parts: [textPart(text)], metadata: undefined, extensions: [] };
}

export function taskOf(ids: TaskIds, status: TaskStatus, answer: string | null, history: Message[] = []): Task {
  return { id: ids.taskId, contextId: ids.contextId, status, artifacts: answer === null ? [] : [answerArtifact(ids, answer)], history, metadata: undefined };
}

/**
 * RunEvent -> A2A StreamResponses after the initial task: status lines as `working` status updates with the line
 * as agent message, tokens as artifact updates appended chunk by chunk, the end as the terminal status update.
 */
export function createTaskUpdateEncoder(ids: TaskIds, options: { answerStarted: boolean }) {
  let answerStarted = options.answerStarted;
  let errorDetail: string | null = null;
  const status = (state: TaskState, text?: string): StreamResponse => ({
    payload: { $case: 'statusUpdate', value: { taskId: ids.taskId, contextId: ids.contextId, status: taskStatus(state, text === undefined ? undefined : agentMessage(ids, text)), metadata: undefined } },
  });

  return ({ event }: SequencedEvent): StreamResponse[] => {
    switch (event.type) {
      case 'status':
        return [status(TaskState.TASK_STATE_WORKING, event.status)];
      case 'tool_status':
        return [status(TaskState.TASK_STATE_WORKING, event.status)];
      case 'token': {
        if (event.token === '') return [];
        const append = answerStarted;
        answerStarted = true;
        return [{ payload: { $case: 'artifactUpdate', value: { taskId: ids.taskId, contextId: ids.contextId, artifact: answerArtifact(ids, event.token), append, lastChunk: false, metadata: undefined } } }];
      }
      case 'error':
        errorDetail = event.detail;
        return [];
      case 'end':
        return [status(taskStateOf(event.outcome), event.outcome === 'completed' ? undefined : (errorDetail ?? `The run ended ${event.outcome}`))];
      default: {
        const exhaustive: never = event;
        throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
      }
    }
  };
}
