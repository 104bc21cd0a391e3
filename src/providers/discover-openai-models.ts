import { z } from 'zod';
import type { ProviderModelSpec } from './model-provider.js';

const modelListSchema = z.object({ data: z.array(z.object({ id: z.string().min(1).max(256) })) });
const MAX_MODELS = 200;

export type DiscoveredModels = { ok: true; models: ProviderModelSpec[] } | { ok: false; reason: string };

/**
 * The models an OpenAI-compatible server (vLLM, LM Studio, llama.cpp, OpenRouter…) says it serves, from its
 * `GET <base>/models`; so OPENAI_BASE_URL offers that server's models, not OpenAI's (issue 21, decision 1302).
 */
export async function discoverOpenAiModels(options: { baseUrl: string; apiKey?: string | undefined; timeoutMs?: number }): Promise<DiscoveredModels> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/models`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { ok: false, reason: `GET ${url} failed (${cause})` };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { ok: false, reason: `GET ${url} answered HTTP ${response.status}` };
  }
  const parsed = modelListSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success || parsed.data.data.length === 0) return { ok: false, reason: `GET ${url} did not list any model ({"data":[{"id":…}]})` };
  const ids = [...new Set(parsed.data.data.map((model) => model.id))].slice(0, MAX_MODELS);
  return { ok: true, models: ids.map((id) => ({ id, label: `${id} (${new URL(options.baseUrl).host})` })) };
}

/** api.openai.com lists every model it has (embeddings, audio…): there the built-in chat models are better. */
export function isOpenAiItself(baseUrl: string): boolean {
  return new URL(baseUrl).hostname === 'api.openai.com';
}
