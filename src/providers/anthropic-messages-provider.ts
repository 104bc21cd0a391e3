import { randomUUID } from 'node:crypto';
import type { ChatMessage, ModelFinishReason, ModelToolCall, ModelTurnResult } from '../domain/index.js';
import type { ModelStreamHandlers, ModelStreamRequest } from '../ports/index.js';
import { keepAliveAgent } from './keep-alive-agent.js';
import type { ModelProvider, ProviderModelSpec } from './model-provider.js';
import { parseToolArguments } from './parse-tool-arguments.js';
import { postEventStream, type EventStreamOutcome, type EventStreamSink } from './post-event-stream.js';
import { providerFailures, type ProviderFailures } from './provider-failures.js';
import { providerModels } from './provider-models.js';

export interface AnthropicMessagesProviderOptions {
  /** e.g. `https://api.anthropic.com`; `/v1/messages` is appended (`/messages` if it already ends in /v1). */
  baseUrl: string;
  apiKey: string;
  models: ProviderModelSpec[];
  /** Anthropic requires max_tokens on every request. */
  maxTokens?: number;
  providerId?: string;
  /** A stream silent this long fails with provider_timeout; absent: no idle limit. */
  idleTimeoutMs?: number;
}

export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic Messages streaming, spoken directly (see docs/decisions/0200). */
export function createAnthropicMessagesProvider(options: AnthropicMessagesProviderOptions): ModelProvider {
  const providerId = options.providerId ?? 'anthropic';
  const base = options.baseUrl.replace(/\/+$/, '');
  const url = new URL(base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`);
  const agent = keepAliveAgent(url);
  const models = providerModels(providerId, options.models);
  const failures = providerFailures(providerId, options.apiKey);
  const maxTokens = options.maxTokens ?? 4096;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'x-api-key': options.apiKey,
    'anthropic-version': ANTHROPIC_VERSION,
  };
  return {
    providerId,
    listModels: () => models.infos,
    async stream(request: ModelStreamRequest, handlers: ModelStreamHandlers): Promise<ModelTurnResult> {
      const turn = new AnthropicTurn(handlers.onText, failures);
      const body = JSON.stringify(anthropicRequestBody(models.wireName(request.model), request, maxTokens));
      const outcome = await postEventStream({ url, agent, headers, body, signal: request.signal, failures, idleTimeoutMs: options.idleTimeoutMs }, turn);
      return turn.result(outcome);
    },
  };
}

type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  | { type: 'tool_result'; tool_use_id: string; content: string };
interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicBlock[];
}

export function anthropicRequestBody(model: string, request: ModelStreamRequest, maxTokens: number): Record<string, unknown> {
  const system: string[] = [];
  const messages: AnthropicMessage[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') system.push(message.content);
    else appendMessage(messages, toAnthropicMessage(message));
  }
  const body: Record<string, unknown> = { model, max_tokens: maxTokens, stream: true, messages };
  if (system.length > 0) body.system = system.join('\n\n');
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.parameters }));
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  return body;
}

function toAnthropicMessage(message: Exclude<ChatMessage, { role: 'system' }>): AnthropicMessage {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content === '' ? [] : [{ type: 'text', text: message.content }] };
    case 'assistant': {
      const content: AnthropicBlock[] = message.content === '' ? [] : [{ type: 'text', text: message.content }];
      for (const call of message.toolCalls ?? []) content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
      return { role: 'assistant', content };
    }
    case 'tool':
      return { role: 'user', content: [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content }] };
  }
}

/** Anthropic wants alternating roles and no empty turns: same-role neighbours merge (tool results share one user turn). */
function appendMessage(messages: AnthropicMessage[], message: AnthropicMessage): void {
  if (message.content.length === 0) return;
  const last = messages[messages.length - 1];
  if (last && last.role === message.role) last.content.push(...message.content);
  else messages.push(message);
}

/** The subset of an event we read; nothing is validated per event (hot path). */
interface AnthropicEvent {
  type?: string;
  index?: number;
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string | null };
  content_block?: { type?: string; id?: string; name?: string; text?: string; input?: unknown };
  message?: { usage?: AnthropicUsage };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}
interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}
interface PendingToolUse {
  id: string;
  name: string;
  json: string;
  startInput: unknown;
}

const ERROR_STATUS: Record<string, number> = {
  rate_limit_error: 429,
  overloaded_error: 529,
  api_error: 500,
  authentication_error: 401,
  permission_error: 403,
  invalid_request_error: 400,
};

class AnthropicTurn implements EventStreamSink {
  private text = '';
  private readonly toolUses: Array<PendingToolUse | undefined> = [];
  private inputTokens = 0;
  private outputTokens = 0;
  private stopReason: string | null = null;

  constructor(
    private readonly onText: (delta: string) => void,
    private readonly failures: ProviderFailures,
  ) {}

  onEvent(event: string | undefined, data: string): boolean {
    let parsed: AnthropicEvent;
    try {
      parsed = JSON.parse(data) as AnthropicEvent;
    } catch {
      throw this.failures.malformedChunk();
    }
    if (parsed === null || typeof parsed !== 'object') throw this.failures.malformedChunk();
    switch (parsed.type ?? event) {
      case 'content_block_delta': {
        const delta = parsed.delta;
        if (delta?.type === 'text_delta') {
          const text = delta.text;
          if (text) {
            this.text += text;
            this.onText(text);
          }
        } else if (delta?.type === 'input_json_delta') {
          const toolUse = this.toolUses[parsed.index ?? -1];
          if (toolUse && delta.partial_json) toolUse.json += delta.partial_json;
        }
        return false;
      }
      case 'content_block_start': {
        const block = parsed.content_block;
        if (block?.type === 'tool_use') {
          this.toolUses[parsed.index ?? this.toolUses.length] = { id: block.id ?? '', name: block.name ?? '', json: '', startInput: block.input };
        } else if (block?.type === 'text' && block.text) {
          this.text += block.text;
          this.onText(block.text);
        }
        return false;
      }
      case 'message_start':
        this.addUsage(parsed.message?.usage);
        return false;
      case 'message_delta':
        if (parsed.delta?.stop_reason) this.stopReason = parsed.delta.stop_reason;
        this.addUsage(parsed.usage);
        return false;
      case 'message_stop':
        return true;
      case 'error': {
        const type = parsed.error?.type;
        throw this.failures.streamError(parsed.error?.message ?? type, type ? ERROR_STATUS[type] : undefined);
      }
      default:
        return false; // ping, content_block_stop, and event types added later
    }
  }

  acceptsEndWithoutTerminal(): boolean {
    return false;
  }

  private addUsage(usage: AnthropicUsage | undefined): void {
    if (!usage) return;
    // input_tokens excludes cached input; the sum is what the prompt cost in tokens.
    if (usage.input_tokens !== undefined) {
      this.inputTokens = usage.input_tokens + (usage.cache_creation_input_tokens ?? 0) + (usage.cache_read_input_tokens ?? 0);
    }
    if (usage.output_tokens !== undefined) this.outputTokens = usage.output_tokens; // cumulative, not a delta
  }

  result(outcome: EventStreamOutcome): ModelTurnResult {
    const usage = {
      input_tokens: this.inputTokens,
      output_tokens: this.outputTokens,
      total_tokens: this.inputTokens + this.outputTokens,
    };
    if (outcome === 'aborted') return { text: this.text, toolCalls: [], usage, finishReason: 'aborted' };
    const toolCalls: ModelToolCall[] = [];
    for (const toolUse of this.toolUses) {
      if (!toolUse) continue;
      const raw = toolUse.json === '' && isNonEmptyObject(toolUse.startInput) ? JSON.stringify(toolUse.startInput) : toolUse.json;
      toolCalls.push(parseToolArguments(toolUse.id || `toolu_${randomUUID()}`, toolUse.name, raw));
    }
    return { text: this.text, toolCalls, usage, finishReason: mapStopReason(this.stopReason, toolCalls.length) };
  }
}

function isNonEmptyObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

function mapStopReason(reason: string | null, toolCallCount: number): ModelFinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    case null:
      return toolCallCount > 0 ? 'tool_calls' : 'stop';
    case 'tool_use':
      return 'tool_calls';
    case 'max_tokens':
      return 'length';
    default:
      return 'other';
  }
}
