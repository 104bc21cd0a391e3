import { EventType, type BaseEvent, type RunFinishedEvent, type RunStartedEvent } from '@ag-ui/core';
import type { EndEvent, SequencedEvent, Usage } from '../../domain/index.js';
import type { FrameEncoder } from '../sse/agent-invoke-encoder.js';
import { createBlockScanner } from './block-scanner.js';

/** Name of the CUSTOM events that carry Switchboard's status lines and content blocks. */
export const STATUS_EVENT_NAME = 'switchboard.status';
export const BLOCK_EVENT_NAME = 'switchboard.block';

export type AgUiEvent = BaseEvent & Record<string, unknown>;

const outputText = (output: unknown): string => (typeof output === 'string' ? output : JSON.stringify(output ?? null));

/**
 * RunEvent -> AG-UI 1.0 events, one JSON event per `data:` frame. Stateful but deterministic from sequence 1, so a
 * resume replays the log through a fresh encoder and shows only what follows the client's id (decision 1200).
 * Every frame has an `id:`: the run event's sequence number on its last AG-UI event, `seq:index` on the ones
 * before, so a client cut between two frames of one run event resumes exactly after the frame it has.
 */
export function createAgUiEventEncoder(): (entry: SequencedEvent) => AgUiEvent[] {
  let runId = '';
  let threadId = '';
  let openMessageId: string | null = null;
  let messageCount = 0;
  let usage: Usage | null = null;
  let model: string | undefined;
  let error: { code: string; detail: string } | null = null;
  let scanBlocks = createBlockScanner();

  const closeMessage = (out: AgUiEvent[]) => {
    if (openMessageId !== null) out.push({ type: EventType.TEXT_MESSAGE_END, messageId: openMessageId });
    openMessageId = null;
  };

  const finish = (event: EndEvent, out: AgUiEvent[]) => {
    closeMessage(out);
    if (event.outcome === 'completed' || event.outcome === 'cancelled') {
      const finished: RunFinishedEvent = {
        type: EventType.RUN_FINISHED,
        threadId,
        runId,
        outcome: event.outcome === 'completed' ? { type: 'success' } : { type: 'cancelled' },
        ...(usage ? { usage: [{ model, inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, totalTokens: usage.total_tokens }] } : {}),
      };
      out.push(finished as AgUiEvent);
    } else {
      out.push({ type: EventType.RUN_ERROR, message: error?.detail ?? `The run ended ${event.outcome}`, code: error?.code ?? event.outcome });
    }
  };

  return ({ seq, event }: SequencedEvent) => {
    const out: AgUiEvent[] = [];
    switch (event.type) {
      case 'status': {
        const { type: _type, final_answer: _answer, usage: reported, ...value } = event;
        if (seq === 1) {
          runId = event.run_id ?? '';
          threadId = event.thread_id ?? '';
          model = event.model;
          const started: RunStartedEvent = { type: EventType.RUN_STARTED, threadId, runId };
          out.push(started as AgUiEvent);
        }
        if (reported) usage = reported;
        out.push({ type: EventType.CUSTOM, name: STATUS_EVENT_NAME, value });
        break;
      }
      case 'token': {
        if (event.token === '') break;
        if (openMessageId === null) {
          openMessageId = `${runId}-m${++messageCount}`;
          scanBlocks = createBlockScanner();
          out.push({ type: EventType.TEXT_MESSAGE_START, messageId: openMessageId, role: 'assistant' });
        }
        out.push({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: openMessageId, delta: event.token });
        for (const block of scanBlocks(event.token)) out.push({ type: EventType.CUSTOM, name: BLOCK_EVENT_NAME, value: block });
        break;
      }
      case 'tool_status':
        if (event.is_start) {
          closeMessage(out);
          out.push(
            { type: EventType.TOOL_CALL_START, toolCallId: event.call_id, toolCallName: event.tool_name },
            { type: EventType.TOOL_CALL_ARGS, toolCallId: event.call_id, delta: JSON.stringify(event.input ?? {}) },
            { type: EventType.TOOL_CALL_END, toolCallId: event.call_id },
          );
        } else {
          out.push({ type: EventType.TOOL_CALL_RESULT, messageId: `${event.call_id}-result`, toolCallId: event.call_id, role: 'tool', content: outputText(event.output) });
        }
        break;
      case 'error':
        // shown by the terminal event: RUN_ERROR, or RUN_FINISHED with outcome cancelled
        error = { code: event.code, detail: event.detail };
        break;
      case 'end':
        finish(event, out);
        break;
      default: {
        const exhaustive: never = event;
        throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
      }
    }
    return out;
  };
}

/** Where a client stands in the stream: the last frame it has, as its `id:` says (`seq`, or `seq:index`). */
export interface StreamPosition {
  seq: number;
  /** Index of the frame within the run event's frames; absent = all of them. */
  index?: number | undefined;
}

/** `12` or `12:1` (Last-Event-ID); null if it is neither. */
export function parseStreamPosition(id: string): StreamPosition | null {
  const match = /^(\d{1,15})(?::(\d{1,4}))?$/.exec(id.trim());
  if (!match) return null;
  return { seq: Number(match[1]), index: match[2] === undefined ? undefined : Number(match[2]) };
}

/** The SSE frames of one run event's AG-UI events from `fromIndex` on; ids `seq:0`, `seq:1`, …, the last just `seq`. */
function framesOf(seq: number, events: AgUiEvent[], fromIndex = 0): string | null {
  let frames = '';
  for (let index = fromIndex; index < events.length; index++) {
    const id = index === events.length - 1 ? `${seq}` : `${seq}:${index}`;
    frames += `id: ${id}\ndata: ${JSON.stringify(events[index])}\n\n`;
  }
  return frames === '' ? null : frames;
}

/** RunEvent -> AG-UI SSE frames, from the run's first event. */
export function createAgUiEncoder(): FrameEncoder {
  const encode = createAgUiEventEncoder();
  return (entry) => framesOf(entry.seq, encode(entry));
}

/** A resume: the whole log goes through the encoder (its state); only the frames after `after` are sent. */
export function createResumingAgUiEncoder(after: StreamPosition): FrameEncoder {
  const encode = createAgUiEventEncoder();
  return (entry) => {
    const events = encode(entry);
    if (entry.seq < after.seq || (entry.seq === after.seq && after.index === undefined)) return null;
    return framesOf(entry.seq, events, entry.seq === after.seq ? after.index! + 1 : 0);
  };
}
