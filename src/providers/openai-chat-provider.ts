import { randomUUID } from 'node:crypto';
import type { ChatMessage, ModelFinishReason, ModelToolCall, ModelTurnResult } from '../domain/index.js';
import type { ModelStreamHandlers, ModelStreamRequest } from '../ports/index.js';
import { keepAliveAgent } from './keep-alive-agent.js';
import type { ModelProvider, ProviderModelSpec } from './model-provider.js';
import { parseToolArguments } from './parse-tool-arguments.js';
import { postEventStream, type EventStreamOutcome, type EventStreamSink } from './post-event-stream.js';
import { providerFailures, type ProviderFailures } from './provider-failures.js';
import { providerModels } from './provider-models.js';

export interface OpenAiChatProviderOptions {
  /** Prefix of the model ids: `openai`, `ollama`, `openai-compatible`. */
  providerId: string;
  /** e.g. `https://api.openai.com/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  apiKey?: string;
  models: ProviderModelSpec[];
  headers?: Record<string, string>;
  /** A stream silent this long fails with provider_timeout; absent: no idle limit. */
  idleTimeoutMs?: number;
}

/** OpenAI Chat Completions streaming, spoken directly (see docs/decisions/0200). */
export function createOpenAiChatProvider(options: OpenAiChatProviderOptions): ModelProvider {
  const url = new URL(`${options.baseUrl.replace(/\/+$/, '')}/chat/completions`);
  const agent = keepAliveAgent(url);
  const models = providerModels(options.providerId, options.models);
  const failures = providerFailures(options.providerId, options.apiKey);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
    ...options.headers,
  };
  return {
    providerId: options.providerId,
    listModels: () => models.infos,
    async stream(request: ModelStreamRequest, handlers: ModelStreamHandlers): Promise<ModelTurnResult> {
      const body = JSON.stringify(openAiRequestBody(models.wireName(request.model), request));
      const turn = new OpenAiTurn(handlers.onText, failures, body.length);
      const outcome = await postEventStream({ url, agent, headers, body, signal: request.signal, failures, idleTimeoutMs: options.idleTimeoutMs }, turn);
      return turn.result(outcome);
    },
  };
}

export function openAiRequestBody(model: string, request: ModelStreamRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: request.messages.map(toOpenAiMessage),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  return body;
}

function toOpenAiMessage(message: ChatMessage): Record<string, unknown> {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant':
      if (!message.toolCalls || message.toolCalls.length === 0) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        content: message.content === '' ? null : message.content,
        tool_calls: message.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: JSON.stringify(call.arguments) },
        })),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

/** The subset of a chunk we read; nothing is validated per chunk (hot path). */
interface OpenAiChunk {
  choices?: Array<{ delta?: OpenAiDelta; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string; code?: unknown } | string;
}
interface OpenAiDelta {
  content?: string | null;
  tool_calls?: OpenAiToolFragment[];
}
interface OpenAiToolFragment {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string | Record<string, unknown> };
}
interface PendingCall {
  id: string;
  name: string;
  args: string;
}

class OpenAiTurn implements EventStreamSink {
  /** Text deltas, joined once in result(): `+=` per token would keep a rope node per token for the whole run. */
  private readonly textParts: string[] = [];
  private readonly calls: PendingCall[] = [];
  private inputTokens = 0;
  private outputTokens = 0;
  private finishReason: string | null = null;
  /** Whether the provider began answering (then it bills the prompt even if the turn is cancelled). */
  private streamed = false;

  constructor(
    private readonly onText: (delta: string) => void,
    private readonly failures: ProviderFailures,
    /** The request body's length, for the estimate of a cancelled turn's input tokens. */
    private readonly requestChars: number,
  ) {}

  onEvent(_event: string | undefined, data: string): boolean {
    this.streamed = true;
    if (data === '[DONE]') return true;
    let chunk: OpenAiChunk;
    try {
      chunk = JSON.parse(data) as OpenAiChunk;
    } catch {
      throw this.failures.malformedChunk();
    }
    if (chunk === null || typeof chunk !== 'object') throw this.failures.malformedChunk();
    if (chunk.error !== undefined) {
      throw this.failures.streamError(typeof chunk.error === 'string' ? chunk.error : chunk.error.message);
    }
    const choice = chunk.choices?.[0];
    if (choice !== undefined) {
      const delta = choice.delta;
      if (delta) {
        const content = delta.content;
        if (typeof content === 'string' && content.length > 0) {
          this.textParts.push(content);
          this.onText(content);
        }
        if (delta.tool_calls) for (const fragment of delta.tool_calls) this.addFragment(fragment);
      }
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
    if (chunk.usage) {
      this.inputTokens = chunk.usage.prompt_tokens ?? 0;
      this.outputTokens = chunk.usage.completion_tokens ?? 0;
    }
    return false;
  }

  acceptsEndWithoutTerminal(): boolean {
    return this.finishReason !== null; // some compatible servers end after finish_reason without [DONE]
  }

  private addFragment(fragment: OpenAiToolFragment): void {
    const index = typeof fragment.index === 'number' ? fragment.index : this.indexWithoutIndex(fragment);
    let call = this.calls[index];
    if (call === undefined) {
      call = { id: '', name: '', args: '' };
      this.calls[index] = call;
    }
    if (fragment.id) call.id = fragment.id;
    const fn = fragment.function;
    if (fn) {
      if (fn.name) call.name += fn.name;
      const args = fn.arguments;
      if (typeof args === 'string') call.args += args;
      else if (args && typeof args === 'object') call.args = JSON.stringify(args);
    }
  }

  /** Servers that omit `index` send each call whole; a new id starts a new call. */
  private indexWithoutIndex(fragment: OpenAiToolFragment): number {
    const last = this.calls.length - 1;
    if (last < 0) return 0;
    return fragment.id && fragment.id !== this.calls[last]?.id ? last + 1 : last;
  }

  result(outcome: EventStreamOutcome): ModelTurnResult {
    const text = this.textParts.join('');
    if (outcome === 'aborted' && this.streamed && this.inputTokens === 0 && this.outputTokens === 0) {
      // OpenAI reports usage only at the end of a stream: a cancelled turn is estimated (~4 characters a token),
      // since the provider billed it all the same (decision 1303)
      const input = Math.ceil(this.requestChars / 4);
      const output = Math.ceil(text.length / 4);
      return { text, toolCalls: [], usage: { input_tokens: input, output_tokens: output, total_tokens: input + output }, finishReason: 'aborted' };
    }
    const usage = {
      input_tokens: this.inputTokens,
      output_tokens: this.outputTokens,
      total_tokens: this.inputTokens + this.outputTokens,
    };
    if (outcome === 'aborted') return { text, toolCalls: [], usage, finishReason: 'aborted' };
    const toolCalls: ModelToolCall[] = [];
    this.calls.forEach((call) => {
      if (call) toolCalls.push(parseToolArguments(call.id || `call_${randomUUID()}`, call.name, call.args));
    });
    return { text, toolCalls, usage, finishReason: mapFinishReason(this.finishReason, toolCalls.length) };
  }
}

function mapFinishReason(reason: string | null, toolCallCount: number): ModelFinishReason {
  if (toolCallCount > 0 && (reason === 'tool_calls' || reason === 'function_call' || reason === 'stop' || reason === null)) {
    return 'tool_calls'; // some compatible servers say "stop" even when they called tools
  }
  switch (reason) {
    case 'stop':
    case null:
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    default:
      return 'other';
  }
}
