import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createAnthropicMessagesProvider } from './anthropic-messages-provider.js';
import { createDemoProvider } from './demo-provider.js';
import type { ModelProvider, ProviderModelSpec } from './model-provider.js';
import { createOpenAiChatProvider } from './openai-chat-provider.js';
import { withRetries, type RetryPolicy } from './provider-resilience.js';

/** The part of Config that decides which models exist (config.ts is the only reader of the environment). */
export interface ProviderConfig {
  openaiApiKey?: string | undefined;
  openaiBaseUrl?: string | undefined;
  anthropicApiKey?: string | undefined;
  anthropicBaseUrl?: string | undefined;
  ollamaBaseUrl?: string | undefined;
  /** MODELS: a JSON array, or the path of a file holding one. */
  models?: string | undefined;
  demoTokenDelayMs?: number | undefined;
  /** Looks up the variables that MODELS entries name in `api_key_env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** What the OPENAI_BASE_URL server listed at its /models (discoverOpenAiModels); absent: the built-in OpenAI models. */
  openaiBaseUrlModels?: ProviderModelSpec[] | undefined;
  /** PROVIDER_IDLE_TIMEOUT_SECONDS; absent: no idle limit. */
  idleTimeoutSeconds?: number | undefined;
  /** Retries before the first token of the network providers (decision 1300); absent: none. */
  retry?: RetryPolicy | undefined;
}

const OPENAI_DEFAULT_URL = 'https://api.openai.com/v1';
const ANTHROPIC_DEFAULT_URL = 'https://api.anthropic.com';

const BUILT_IN = {
  openai: [
    { id: 'gpt-4o-mini', label: 'GPT-4o mini (OpenAI)' },
    { id: 'gpt-4o', label: 'GPT-4o (OpenAI)' },
  ],
  anthropic: [
    { id: 'claude-sonnet-4-5', label: 'Claude Sonnet 4.5 (Anthropic)' },
    { id: 'claude-haiku-4-5', label: 'Claude Haiku 4.5 (Anthropic)' },
  ],
  ollama: [{ id: 'llama3.2', label: 'Llama 3.2 (Ollama)' }],
} satisfies Record<string, ProviderModelSpec[]>;

const extraModelSchema = z.object({
  id: z.string().min(1),
  provider: z.enum(['openai', 'anthropic', 'ollama', 'openai-compatible']),
  label: z.string().min(1).optional(),
  supports_tools: z.boolean().optional(),
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  api_key_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
});
const extraModelsSchema = z.array(extraModelSchema);
export type ExtraModel = z.infer<typeof extraModelSchema>;

/** Builds the provider list: local/demo always, then each provider whose settings are present, then MODELS. */
export function providersFromConfig(config: ProviderConfig): ModelProvider[] {
  const extras = readExtraModels(config.models);
  const env = config.env ?? {};
  // Group models by endpoint so each (provider, base URL, key) pair is one client with one socket pool.
  const groups = new Map<string, { provider: ExtraModel['provider']; baseUrl: string; apiKey: string | undefined; models: ProviderModelSpec[] }>();
  const add = (provider: ExtraModel['provider'], baseUrl: string, apiKey: string | undefined, model: ProviderModelSpec) => {
    const key = JSON.stringify([provider, baseUrl, apiKey ?? '']);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { provider, baseUrl, apiKey, models: [] }));
    const id = fullId(provider, model.id);
    if (!group.models.some((m) => fullId(provider, m.id) === id)) group.models.push(model);
  };

  const taken = new Set(extras.map((m) => fullId(m.provider, m.id)));
  const builtIn = (provider: keyof typeof BUILT_IN, baseUrl: string, apiKey: string | undefined) => {
    const listed = provider === 'openai' && config.openaiBaseUrlModels?.length ? config.openaiBaseUrlModels : BUILT_IN[provider];
    for (const model of listed) if (!taken.has(fullId(provider, model.id))) add(provider, baseUrl, apiKey, model);
  };
  if (config.openaiApiKey || config.openaiBaseUrl) builtIn('openai', config.openaiBaseUrl ?? OPENAI_DEFAULT_URL, config.openaiApiKey);
  if (config.anthropicApiKey) builtIn('anthropic', config.anthropicBaseUrl ?? ANTHROPIC_DEFAULT_URL, config.anthropicApiKey);
  if (config.ollamaBaseUrl) builtIn('ollama', ollamaV1(config.ollamaBaseUrl), undefined);

  for (const model of extras) {
    const where = `MODELS: model "${model.id}"`;
    let apiKey: string | undefined;
    if (model.api_key_env) {
      apiKey = env[model.api_key_env];
      if (!apiKey) throw new Error(`${where} reads its API key from ${model.api_key_env}, which is not set.`);
    }
    const spec: ProviderModelSpec = { id: model.id, label: model.label, supports_tools: model.supports_tools };
    switch (model.provider) {
      case 'openai':
        add('openai', model.base_url ?? config.openaiBaseUrl ?? OPENAI_DEFAULT_URL, apiKey ?? config.openaiApiKey, spec);
        break;
      case 'anthropic': {
        const key = apiKey ?? config.anthropicApiKey;
        if (!key) throw new Error(`${where} needs an API key: set ANTHROPIC_API_KEY or give "api_key_env".`);
        add('anthropic', model.base_url ?? config.anthropicBaseUrl ?? ANTHROPIC_DEFAULT_URL, key, spec);
        break;
      }
      case 'ollama': {
        const base = model.base_url ?? config.ollamaBaseUrl;
        if (!base) throw new Error(`${where} needs "base_url" or OLLAMA_BASE_URL.`);
        add('ollama', ollamaV1(base), apiKey, spec);
        break;
      }
      case 'openai-compatible': {
        const base = model.base_url ?? config.openaiBaseUrl;
        if (!base) throw new Error(`${where} needs "base_url" (or OPENAI_BASE_URL).`);
        add('openai-compatible', base, apiKey ?? (model.base_url ? undefined : config.openaiApiKey), spec);
        break;
      }
    }
  }

  const providers: ModelProvider[] = [createDemoProvider({ tokenDelayMs: config.demoTokenDelayMs ?? 15 })];
  const idleTimeoutMs = config.idleTimeoutSeconds === undefined ? undefined : config.idleTimeoutSeconds * 1000;
  for (const group of groups.values()) {
    const provider =
      group.provider === 'anthropic'
        ? createAnthropicMessagesProvider({ baseUrl: group.baseUrl, apiKey: group.apiKey ?? '', models: group.models, idleTimeoutMs })
        : createOpenAiChatProvider({ providerId: group.provider, baseUrl: group.baseUrl, apiKey: group.apiKey, models: group.models, idleTimeoutMs });
    providers.push(config.retry ? withRetries(provider, config.retry) : provider);
  }
  return providers;
}

/** MODELS is JSON when it starts with `[`, otherwise the path of a JSON file. */
export function readExtraModels(models: string | undefined): ExtraModel[] {
  if (models === undefined || models.trim() === '') return [];
  const text = models.trim();
  let json: string;
  if (text.startsWith('[') || text.startsWith('{')) json = text;
  else {
    try {
      json = readFileSync(text, 'utf8');
    } catch {
      throw new Error(`MODELS: cannot read the file "${text}" (give a JSON array or the path of a JSON file).`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('MODELS: is not valid JSON (expected an array of {id, provider, label?, supports_tools?, base_url?, api_key_env?}).');
  }
  const result = extraModelsSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`MODELS: entry ${issue.path.join('.') || '(root)'}: ${issue.message}.`);
  }
  const seen = new Set<string>();
  for (const model of result.data) {
    const id = fullId(model.provider, model.id);
    if (seen.has(id)) throw new Error(`MODELS: model "${id}" is listed twice.`);
    seen.add(id);
  }
  return result.data;
}

function fullId(provider: string, id: string): string {
  return id.startsWith(`${provider}/`) ? id : `${provider}/${id}`;
}

function ollamaV1(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return base.endsWith('/v1') ? base : `${base}/v1`;
}
