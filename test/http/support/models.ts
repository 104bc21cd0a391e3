import type { ModelInfo } from '../../../src/domain/index.js';

/** A fixed model list for suites that build services without the provider room. */
export const TEST_MODELS: ModelInfo[] = [
  { id: 'local/demo', provider: 'local', label: 'Offline demo (not an LLM)', supports_tools: true },
  { id: 'openai/gpt-4o-mini', provider: 'openai', label: 'GPT-4o mini', supports_tools: true },
];

export const testModelGateway = {
  listModels: () => TEST_MODELS,
  defaultModel: () => 'local/demo',
  hasModel: (id: string) => TEST_MODELS.some((m) => m.id === id),
};
