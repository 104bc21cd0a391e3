import type { RunErrorCode, SequencedEvent, Usage } from '../../domain/index.js';
import type { FrameEncoder } from '../sse/agent-invoke-encoder.js';
import { openAiError } from './openai-error.js';

export interface ChatChunkEncoderOptions {
  completionId: string;
  model: string;
  createdSeconds: number;
  includeUsage: boolean;
}

export function toChatUsage(usage: Usage | null) {
  return { prompt_tokens: usage?.input_tokens ?? 0, completion_tokens: usage?.output_tokens ?? 0, total_tokens: usage?.total_tokens ?? 0 };
}

/** Status an unfinished run answers with: a timeout is a gateway timeout, a provider or tool failure a bad gateway. */
export function statusForRunError(code: RunErrorCode | null): number {
  if (code === 'timeout') return 504;
  if (code?.startsWith('provider_') || code === 'tool_error') return 502;
  return 500;
}

/**
 * RunEvent -> `chat.completion.chunk` frames. Tokens become content deltas; server-side tool activity rides in
 * the `switchboard` extension field (never faked as client tool calls); `end` writes the finish chunk, the
 * usage chunk when asked for, and `data: [DONE]`. A run that does not complete ends with OpenAI's in-stream
 * `{"error": …}` frame, which the SDKs raise as an APIError.
 */
export function createChatChunkEncoder(options: ChatChunkEncoderOptions): FrameEncoder {
  const head = `{"id":${JSON.stringify(options.completionId)},"object":"chat.completion.chunk","created":${options.createdSeconds},"model":${JSON.stringify(options.model)},"system_fingerprint":null`;
  const usageTail = options.includeUsage ? ',"usage":null' : '';
  const chunk = (delta: string, finishReason: string | null, extra = '') =>
    `${head},"choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finishReason === null ? 'null' : `"${finishReason}"`}}]${usageTail}${extra}}`;
  let usage: Usage | null = null;
  let error: { code: RunErrorCode; detail: string } | null = null;
  let started = false;

  return ({ seq, event }: SequencedEvent) => {
    let data: string[];
    switch (event.type) {
      case 'status':
        if (event.usage) usage = event.usage;
        if (started || event.run_id === undefined) return null;
        started = true;
        data = [chunk('{"role":"assistant","content":""}', null, `,"switchboard":${JSON.stringify({ run_id: event.run_id, thread_id: event.thread_id })}`)];
        break;
      case 'token':
        data = [chunk(`{"content":${JSON.stringify(event.token)}}`, null)];
        break;
      case 'tool_status': {
        const { type: _type, ...toolStatus } = event;
        data = [chunk('{}', null, `,"switchboard":${JSON.stringify({ tool_status: toolStatus })}`)];
        break;
      }
      case 'error':
        error = { code: event.code, detail: event.detail };
        return null;
      case 'end':
        if (event.outcome === 'completed') {
          data = [chunk('{}', 'stop')];
          if (options.includeUsage) data.push(`${head},"choices":[],"usage":${JSON.stringify(toChatUsage(usage))}}`);
          data.push('[DONE]');
        } else {
          const status = statusForRunError(error?.code ?? null);
          const body = openAiError(status, error?.detail ?? `The run ended: ${event.outcome}`, { run_id: event.run_id, outcome: event.outcome }, error?.code ?? event.outcome);
          data = [JSON.stringify(body.body)];
        }
        break;
      default: {
        const exhaustive: never = event;
        throw new Error(`unknown event ${JSON.stringify(exhaustive)}`);
      }
    }
    return `id: ${seq}\ndata: ${data.join('\n\ndata: ')}\n\n`;
  };
}
