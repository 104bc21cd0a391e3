import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import type { RunEvent, SequencedEvent } from '../../domain/index.js';
import { createAgUiEncoder, createResumingAgUiEncoder, parseStreamPosition } from './ag-ui-encoder.js';

const log = (...events: RunEvent[]): SequencedEvent[] => events.map((event, index) => ({ seq: index + 1, event }));
const started: RunEvent = { type: 'status', status: 'Processing your request', run_id: 'r1', thread_id: 't1', model: 'local/demo' };

/** The AG-UI events of the frames and their ids, read with an SSE parser library. */
function read(frames: Array<string | null>) {
  const out: Array<{ id: string | undefined; event: Record<string, unknown> }> = [];
  const parser = createParser({ onEvent: (message) => out.push({ id: message.id, event: JSON.parse(message.data) as Record<string, unknown> }) });
  parser.feed(frames.filter((f): f is string => f !== null).join(''));
  return out;
}

describe('createAgUiEncoder', () => {
  it('ends a failed run with RUN_ERROR carrying the run’s error, after closing the open text message', () => {
    const encode = createAgUiEncoder();
    const frames = log(started, { type: 'token', token: 'Hel' }, { type: 'error', code: 'provider_error', detail: 'The model provider failed' }, { type: 'end', run_id: 'r1', outcome: 'failed' }).map(encode);
    expect(read(frames).map((f) => f.event.type)).toEqual(['RUN_STARTED', 'CUSTOM', 'TEXT_MESSAGE_START', 'TEXT_MESSAGE_CONTENT', 'TEXT_MESSAGE_END', 'RUN_ERROR']);
    expect(read(frames).at(-1)!.event).toMatchObject({ message: 'The model provider failed', code: 'provider_error' });
  });

  it('gives every frame an id: the sequence number on a run event’s last frame, seq:index before it', () => {
    const frames = log(started, { type: 'token', token: 'Hi' }).map(createAgUiEncoder());
    expect(read(frames).map((f) => f.id)).toEqual(['1:0', '1', '2:0', '2']);
  });

  it('resumes with the same message ids, sending only what follows the given id', () => {
    const events = log(started, { type: 'token', token: 'a' }, { type: 'token', token: 'b' }, { type: 'end', run_id: 'r1', outcome: 'completed' });
    const whole = read(events.map(createAgUiEncoder()));
    for (const id of ['1', '2:0', '2', '4']) {
      const resumed = read(events.map(createResumingAgUiEncoder(parseStreamPosition(id)!)));
      expect(resumed).toEqual(whole.slice(whole.findIndex((f) => f.id === id) + 1));
    }
    const afterToken = read(events.map(createResumingAgUiEncoder({ seq: 2 })));
    expect(afterToken[0]!.event).toMatchObject({ type: 'TEXT_MESSAGE_CONTENT', messageId: 'r1-m1', delta: 'b' });
    expect(parseStreamPosition('x1')).toBeNull();
  });
});
