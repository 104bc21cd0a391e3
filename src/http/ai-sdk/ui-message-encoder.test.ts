import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../domain/index.js';
import { createUiMessageEncoder } from './ui-message-encoder.js';

function partsOf(events: RunEvent[]): unknown[] {
  const encode = createUiMessageEncoder();
  return events
    .map((event, i) => encode({ seq: i + 1, event }))
    .filter((frame): frame is string => frame !== null)
    .flatMap((frame) => [...frame.matchAll(/^data: (.*)$/gm)].map((m) => (m[1] === '[DONE]' ? '[DONE]' : JSON.parse(m[1]!))));
}

describe('the UI message stream encoder', () => {
  it('opens the message with the run id, streams text in one block and closes with finish and [DONE]', () => {
    const parts = partsOf([
      { type: 'status', status: 'Processing your request', run_id: 'r1', thread_id: 't', model: 'local/demo' },
      { type: 'token', token: 'Hel' },
      { type: 'token', token: 'lo' },
      { type: 'end', run_id: 'r1', outcome: 'completed' },
    ]);
    expect(parts).toEqual([
      { type: 'start', messageId: 'r1' },
      { type: 'start-step' },
      { type: 'data-status', id: 'status', data: { status: 'Processing your request', run_id: 'r1', thread_id: 't', model: 'local/demo' } },
      { type: 'text-start', id: 'text-1' },
      { type: 'text-delta', id: 'text-1', delta: 'Hel' },
      { type: 'text-delta', id: 'text-1', delta: 'lo' },
      { type: 'text-end', id: 'text-1' },
      { type: 'finish-step' },
      { type: 'finish', finishReason: 'stop' },
      '[DONE]',
    ]);
  });

  it('closes the text before a tool call, reports a failed tool as tool-output-error and starts a new step after it', () => {
    const parts = partsOf([
      { type: 'status', status: 'Processing your request', run_id: 'r1' },
      { type: 'token', token: 'Let me see' },
      { type: 'tool_status', tool_name: 'calc', call_id: 'c1', status: 'Calling tool: calc', is_start: true, input: { x: 1 } },
      { type: 'tool_status', tool_name: 'calc', call_id: 'c1', status: 'done', is_start: false, output: 'boom', ok: false },
      { type: 'token', token: 'Sorry' },
      { type: 'end', run_id: 'r1', outcome: 'completed' },
    ]);
    const types = parts.map((p) => (typeof p === 'string' ? p : (p as { type: string }).type));
    expect(types).toEqual(['start', 'start-step', 'data-status', 'text-start', 'text-delta', 'text-end', 'tool-input-available', 'tool-output-error', 'finish-step', 'start-step', 'text-start', 'text-delta', 'text-end', 'finish-step', 'finish', '[DONE]']);
    expect(parts[6]).toEqual({ type: 'tool-input-available', toolCallId: 'c1', toolName: 'calc', input: { x: 1 }, dynamic: true, providerExecuted: true });
    expect(parts[7]).toEqual({ type: 'tool-output-error', toolCallId: 'c1', errorText: 'boom', dynamic: true, providerExecuted: true });
  });

  it('ends a cancelled run with abort and a failed one with error then finish(error)', () => {
    const cancelled = partsOf([{ type: 'status', status: 'p', run_id: 'r' }, { type: 'error', code: 'cancelled', detail: 'x' }, { type: 'end', run_id: 'r', outcome: 'cancelled' }]);
    expect(cancelled.slice(-3)).toEqual([{ type: 'finish-step' }, { type: 'abort', reason: 'cancelled' }, '[DONE]']);
    const failed = partsOf([{ type: 'status', status: 'p', run_id: 'r' }, { type: 'error', code: 'provider_error', detail: 'down' }, { type: 'end', run_id: 'r', outcome: 'failed' }]);
    expect(failed.slice(-4)).toEqual([{ type: 'error', errorText: 'down' }, { type: 'finish-step' }, { type: 'finish', finishReason: 'error' }, '[DONE]']);
  });
});
