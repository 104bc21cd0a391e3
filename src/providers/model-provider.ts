import type { ModelInfo } from '../domain/index.js';
import type { ModelStreamHandlers, ModelStreamRequest } from '../ports/index.js';
import type { ModelTurnResult } from '../domain/index.js';

/** One upstream (an API endpoint with its key) and the models it serves; the gateway routes by model id. */
export interface ModelProvider {
  readonly providerId: string;
  listModels(): ModelInfo[];
  /** Same contract as ModelGateway.stream: abort resolves 'aborted', failures reject with ProviderError. */
  stream(request: ModelStreamRequest, handlers: ModelStreamHandlers): Promise<ModelTurnResult>;
}

/** A model as a provider is configured with it; `id` may be bare (`gpt-4o`) or full (`openai/gpt-4o`). */
export interface ProviderModelSpec {
  id: string;
  label?: string;
  supports_tools?: boolean;
}
