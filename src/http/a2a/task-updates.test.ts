import { TaskState, type StreamResponse } from '@a2a-js/sdk';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../domain/index.js';
import { createTaskUpdateEncoder } from './task-updates.js';

const ids = { taskId: 'r1', contextId: 't1' };
const run = (events: RunEvent[], answerStarted = false) => {
  const encode = createTaskUpdateEncoder(ids, { answerStarted });
  return events.flatMap((event, index) => encode({ seq: index + 1, event }));
};
const cases = (updates: StreamResponse[]) => updates.map((u) => u.payload?.$case);

describe('createTaskUpdateEncoder', () => {
  it('appends the answer chunk by chunk and ends with the terminal status', () => {
    const updates = run([{ type: 'token', token: 'Hel' }, { type: 'token', token: 'lo' }, { type: 'end', run_id: 'r1', outcome: 'completed' }]);
    expect(cases(updates)).toEqual(['artifactUpdate', 'artifactUpdate', 'statusUpdate']);
    const appends = updates.filter((u) => u.payload?.$case === 'artifactUpdate').map((u) => (u.payload!.value as { append: boolean }).append);
    expect(appends).toEqual([false, true]);
    expect((updates[2]!.payload!.value as { status: { state: TaskState } }).status.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it('continues an answer a rejoin already showed, and shows a failure with its error as the status message', () => {
    const updates = run([{ type: 'token', token: 'more' }, { type: 'error', code: 'provider_error', detail: 'The model provider failed' }, { type: 'end', run_id: 'r1', outcome: 'failed' }], true);
    expect((updates[0]!.payload!.value as { append: boolean }).append).toBe(true);
    const status = (updates[1]!.payload!.value as { status: { state: TaskState; message: { parts: Array<{ content: { value: string } }> } } }).status;
    expect(status.state).toBe(TaskState.TASK_STATE_FAILED);
    expect(status.message.parts[0]!.content.value).toBe('The model provider failed');
  });
});
