import { afterEach, describe, expect, it } from 'vitest';
import type { FakeWireServer } from '../../test/fakes/fake-stream-server.js';
import { startOpenAiWireServer } from '../../test/fakes/openai-wire-server.js';
import { discoverOpenAiModels, isOpenAiItself } from './discover-openai-models.js';
import { providersFromConfig } from './providers-from-config.js';

let server: FakeWireServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the models of an OpenAI-compatible server', () => {
  it('are the ones its /models lists, offered as openai/<id> instead of the built-in gpt-4o', async () => {
    server = await startOpenAiWireServer({ models: ['qwen2.5-7b-instruct', 'meta-llama/Llama-3.1-8B-Instruct'] });
    const discovered = await discoverOpenAiModels({ baseUrl: server.url, apiKey: 'k' });
    expect(discovered).toMatchObject({ ok: true, models: [{ id: 'qwen2.5-7b-instruct' }, { id: 'meta-llama/Llama-3.1-8B-Instruct' }] });
    const ids = providersFromConfig({ openaiBaseUrl: server.url, openaiBaseUrlModels: discovered.ok ? discovered.models : undefined }).flatMap((p) => p.listModels().map((m) => m.id));
    expect(ids).toEqual(['local/demo', 'openai/qwen2.5-7b-instruct', 'openai/meta-llama/Llama-3.1-8B-Instruct']);
  });

  it('says why when the server cannot list them', async () => {
    expect(await discoverOpenAiModels({ baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 2_000 })).toMatchObject({ ok: false, reason: expect.stringContaining('/v1/models') });
    server = await startOpenAiWireServer({ models: [] });
    expect(await discoverOpenAiModels({ baseUrl: server.url })).toMatchObject({ ok: false, reason: expect.stringContaining('did not list any model') });
  });

  it('is not asked of api.openai.com, whose list holds every kind of model', () => {
    expect(isOpenAiItself('https://api.openai.com/v1')).toBe(true);
    expect(isOpenAiItself('http://localhost:8000/v1')).toBe(false);
  });
});
