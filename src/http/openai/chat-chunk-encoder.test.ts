import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../domain/index.js';
import { createChatChunkEncoder } from './chat-chunk-encoder.js';

function framesOf(events: RunEvent[], includeUsage: boolean): unknown[] {
  const encode = createChatChunkEncoder({ completionId: 'chatcmpl-r', model: 'agent/a', createdSeconds: 1, includeUsage });
  return events
    .map((event, i) => encode({ seq: i + 1, event }))
    .filter((frame): frame is string => frame !== null)
    .flatMap((frame) => [...frame.matchAll(/^data: (.*)$/gm)].map((m) => (m[1] === '[DONE]' ? '[DONE]' : JSON.parse(m[1]!))));
}

describe('the chat.completion.chunk encoder', () => {
  it('writes the role chunk, content deltas, the stop chunk, the usage chunk and [DONE]', () => {
    const frames = framesOf(
      [
        { type: 'status', status: 'Processing your request', run_id: 'r', thread_id: 't' },
        { type: 'status', status: 'Thinking...' },
        { type: 'token', token: 'Hi' },
        { type: 'status', status: 'Agent Execution End', final_answer: 'Hi', usage: { input_tokens: 3, output_tokens: 1, total_tokens: 4 } },
        { type: 'end', run_id: 'r', outcome: 'completed' },
      ],
      true,
    ) as Array<Record<string, any>>;
    expect(frames).toHaveLength(5);
    expect(frames[0]!.choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(frames[0]!.switchboard).toEqual({ run_id: 'r', thread_id: 't' });
    expect(frames[1]!.choices[0]).toMatchObject({ delta: { content: 'Hi' }, finish_reason: null });
    expect(frames[1]!.usage).toBeNull();
    expect(frames[2]!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(frames[3]).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } });
    expect(frames[4]).toBe('[DONE]');
  });

  it('ends a run that did not complete with an in-stream OpenAI error and no [DONE]', () => {
    const frames = framesOf(
      [
        { type: 'status', status: 'Processing your request', run_id: 'r' },
        { type: 'error', code: 'timeout', detail: 'The run timed out' },
        { type: 'end', run_id: 'r', outcome: 'timed_out' },
      ],
      false,
    );
    expect(frames.at(-1)).toEqual({ error: { message: 'The run timed out', type: 'server_error', param: null, code: 'timeout', run_id: 'r', outcome: 'timed_out' } });
    expect(frames).not.toContain('[DONE]');
  });
});
