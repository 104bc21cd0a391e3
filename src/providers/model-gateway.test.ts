import { describe, expect, it } from 'vitest';
import { InvalidInputError, type ModelTurnResult } from '../domain/index.js';
import type { ModelStreamRequest } from '../ports/index.js';
import { createDemoProvider } from './demo-provider.js';
import { createModelGateway } from './model-gateway.js';
import type { ModelProvider } from './model-provider.js';

/** A provider that answers with its own id, to see where a request went. */
function listingProvider(providerId: string, modelIds: string[]): ModelProvider {
  return {
    providerId,
    listModels: () => modelIds.map((id) => ({ id, provider: providerId, label: id, supports_tools: true })),
    async stream(request: ModelStreamRequest): Promise<ModelTurnResult> {
      return { text: `${providerId} answered ${request.model}`, toolCalls: [], usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 }, finishReason: 'stop' };
    },
  };
}

const request = (model: string): ModelStreamRequest => ({ model, messages: [{ role: 'user', content: 'hi' }], tools: [], signal: new AbortController().signal });
const noText = { onText: () => {} };

describe('model gateway', () => {
  const gateway = createModelGateway({
    providers: [
      createDemoProvider({ tokenDelayMs: 0 }),
      listingProvider('openai', ['openai/gpt-4o-mini', 'openai/gpt-4o']),
      listingProvider('openai-compatible', ['openai-compatible/mistral']),
      listingProvider('openai-compatible', ['openai-compatible/qwen']),
      listingProvider('anthropic', ['anthropic/claude-haiku-4-5']),
    ],
  });

  it('lists every model, the demo first, and defaults to the demo', () => {
    expect(gateway.listModels().map((m) => m.id)).toEqual([
      'local/demo',
      'openai/gpt-4o-mini',
      'openai/gpt-4o',
      'openai-compatible/mistral',
      'openai-compatible/qwen',
      'anthropic/claude-haiku-4-5',
    ]);
    expect(gateway.defaultModel()).toBe('local/demo');
  });

  it('knows which models exist', () => {
    expect(gateway.hasModel('anthropic/claude-haiku-4-5')).toBe(true);
    expect(gateway.hasModel('anthropic/claude-opus')).toBe(false);
  });

  it('routes each model id to the provider that lists it', async () => {
    expect((await gateway.stream(request('openai/gpt-4o'), noText)).text).toBe('openai answered openai/gpt-4o');
    expect((await gateway.stream(request('anthropic/claude-haiku-4-5'), noText)).text).toBe('anthropic answered anthropic/claude-haiku-4-5');
    expect((await gateway.stream(request('local/demo'), noText)).text).toContain('You said: hi');
  });

  it('rejects an unknown model as invalid input', async () => {
    await expect(gateway.stream(request('openai/gpt-5-turbo-ultra'), noText)).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('refuses a default model that is not configured', () => {
    expect(() => createModelGateway({ providers: [createDemoProvider({ tokenDelayMs: 0 })], defaultModel: 'openai/gpt-4o' })).toThrow(/default model/);
  });

  it('refuses the same model id from two providers', () => {
    expect(() => createModelGateway({ providers: [createDemoProvider({ tokenDelayMs: 0 }), listingProvider('local', ['local/demo'])] })).toThrow(/listed by two/);
  });

  it('hands out copies of the model list', () => {
    gateway.listModels().pop();
    expect(gateway.listModels()).toHaveLength(6);
  });
});
