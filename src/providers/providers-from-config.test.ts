import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAnthropicWireServer } from '../../test/fakes/anthropic-wire-server.js';
import type { FakeWireServer } from '../../test/fakes/fake-stream-server.js';
import { startOpenAiWireServer } from '../../test/fakes/openai-wire-server.js';
import { createModelGateway } from './model-gateway.js';
import { providersFromConfig } from './providers-from-config.js';

const ids = (config: Parameters<typeof providersFromConfig>[0]) => providersFromConfig(config).flatMap((p) => p.listModels().map((m) => m.id));
const servers: FakeWireServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('providers from config', () => {
  it('offers only the demo model when nothing is configured', () => {
    expect(ids({})).toEqual(['local/demo']);
  });

  it('adds OpenAI, Anthropic and Ollama models when their settings are present', () => {
    expect(ids({ openaiApiKey: 'sk-x', anthropicApiKey: 'sk-ant-x', ollamaBaseUrl: 'http://127.0.0.1:11434' })).toEqual([
      'local/demo',
      'openai/gpt-4o-mini',
      'openai/gpt-4o',
      'anthropic/claude-sonnet-4-5',
      'anthropic/claude-haiku-4-5',
      'ollama/llama3.2',
    ]);
    expect(ids({ openaiBaseUrl: 'http://127.0.0.1:1234/v1' })).toContain('openai/gpt-4o-mini');
  });

  it('adds the models listed in MODELS, as JSON or as a file', () => {
    const models = JSON.stringify([
      { id: 'mistral-7b', provider: 'openai-compatible', base_url: 'http://127.0.0.1:8000/v1', label: 'Mistral 7B (vLLM)', supports_tools: false },
      { id: 'ollama/qwen2.5', provider: 'ollama', base_url: 'http://127.0.0.1:11434' },
    ]);
    const providers = providersFromConfig({ models });
    const infos = providers.flatMap((p) => p.listModels());
    expect(infos).toContainEqual({ id: 'openai-compatible/mistral-7b', provider: 'openai-compatible', label: 'Mistral 7B (vLLM)', supports_tools: false });
    expect(infos.map((m) => m.id)).toContain('ollama/qwen2.5');

    const file = join(mkdtempSync(join(tmpdir(), 'models-')), 'models.json');
    writeFileSync(file, models);
    expect(ids({ models: file })).toEqual(infos.map((m) => m.id));
  });

  it('explains what is wrong with MODELS', () => {
    expect(() => providersFromConfig({ models: '[{"id": "x"}]' })).toThrow(/^MODELS: entry 0\.provider/);
    expect(() => providersFromConfig({ models: '[oops' })).toThrow(/MODELS: is not valid JSON/);
    expect(() => providersFromConfig({ models: '/no/such/file.json' })).toThrow(/cannot read the file/);
    expect(() => providersFromConfig({ models: '[{"id": "x", "provider": "openai-compatible"}]' })).toThrow(/needs "base_url"/);
    expect(() => providersFromConfig({ models: '[{"id": "x", "provider": "openai-compatible", "base_url": "http://h/v1", "api_key_env": "NOPE"}]', env: {} })).toThrow(
      /reads its API key from NOPE, which is not set/,
    );
  });

  it('wires each model to a client that reaches its endpoint with its key', async () => {
    const compatible = await startOpenAiWireServer({ apiKey: 'vllm-key', replies: [{ tokens: ['from ', 'vllm'] }] });
    const anthropic = await startAnthropicWireServer({ apiKey: 'ant-key', replies: [{ tokens: ['from ', 'claude'] }] });
    servers.push(compatible, anthropic);
    const gateway = createModelGateway({
      providers: providersFromConfig({
        anthropicApiKey: 'ant-key',
        anthropicBaseUrl: anthropic.url,
        models: JSON.stringify([{ id: 'mistral', provider: 'openai-compatible', base_url: compatible.url, api_key_env: 'VLLM_KEY' }]),
        env: { VLLM_KEY: 'vllm-key' },
      }),
    });
    const ask = (model: string) => gateway.stream({ model, messages: [{ role: 'user', content: 'hi' }], tools: [], signal: new AbortController().signal }, { onText: () => {} });
    expect((await ask('openai-compatible/mistral')).text).toBe('from vllm');
    expect(compatible.requests[0]!.body.model).toBe('mistral');
    expect((await ask('anthropic/claude-sonnet-4-5')).text).toBe('from claude');
    expect(anthropic.requests[0]!.body.model).toBe('claude-sonnet-4-5');
  });
});
