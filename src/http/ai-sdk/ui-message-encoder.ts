import type { SequencedEvent } from '../../domain/index.js';
import type { FrameEncoder } from '../sse/agent-invoke-encoder.js';

type Part = Record<string, unknown> & { type: string };

/**
 * RunEvent -> AI SDK UI message stream parts. Stateful but deterministic from sequence 1, so a resume (which
 * replays the run from its start) rebuilds the same message. Server-side tool calls are dynamic,
 * provider-executed tool parts (the browser defines no tools); each tool result closes a step, as the AI SDK's
 * own multi-step streams do. A cancelled run ends with `abort`, any other with `finish`, then `[DONE]`.
 */
export function createUiMessageEncoder(): FrameEncoder {
  let textId: string | null = null;
  let textCount = 0;
  let stepEndsBeforeNext = false;

  const closeText = (parts: Part[]) => {
    if (textId !== null) parts.push({ type: 'text-end', id: textId });
    textId = null;
  };
  const nextStepIfDue = (parts: Part[]) => {
    if (!stepEndsBeforeNext) return;
    stepEndsBeforeNext = false;
    parts.push({ type: 'finish-step' }, { type: 'start-step' });
  };

  return ({ seq, event }: SequencedEvent) => {
    const parts: Part[] = [];
    switch (event.type) {
      case 'status': {
        const { type: _type, final_answer: _answer, usage: _usage, ...data } = event;
        if (seq === 1) parts.push({ type: 'start', messageId: event.run_id ?? '' }, { type: 'start-step' });
        parts.push({ type: 'data-status', id: 'status', data });
        break;
      }
      case 'token':
        nextStepIfDue(parts);
        if (textId === null) {
          textId = `text-${++textCount}`;
          parts.push({ type: 'text-start', id: textId });
        }
        parts.push({ type: 'text-delta', id: textId, delta: event.token });
        break;
      case 'tool_status': {
        const common = { toolCallId: event.call_id, dynamic: true, providerExecuted: true };
        if (event.is_start) {
          nextStepIfDue(parts);
          closeText(parts);
          parts.push({ type: 'tool-input-available', ...common, toolName: event.tool_name, input: event.input ?? {} });
        } else {
          stepEndsBeforeNext = true;
          if (event.ok === false) parts.push({ type: 'tool-output-error', ...common, errorText: typeof event.output === 'string' ? event.output : JSON.stringify(event.output ?? 'The tool failed') });
          else parts.push({ type: 'tool-output-available', ...common, output: event.output ?? null });
        }
        break;
      }
      case 'error':
        // a cancelled run ends with `abort`, which the AI SDK shows as stopped rather than failed
        if (event.code !== 'cancelled') parts.push({ type: 'error', errorText: event.detail });
        break;
      case 'end':
        closeText(parts);
        parts.push({ type: 'finish-step' });
        parts.push(event.outcome === 'cancelled' ? { type: 'abort', reason: 'cancelled' } : { type: 'finish', finishReason: event.outcome === 'completed' ? 'stop' : 'error' });
        break;
      default: {
        const exhaustive: never = event;
        throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
      }
    }
    if (parts.length === 0) return null;
    const data = parts.map((part) => JSON.stringify(part));
    if (event.type === 'end') data.push('[DONE]');
    return `id: ${seq}\ndata: ${data.join('\n\ndata: ')}\n\n`;
  };
}
