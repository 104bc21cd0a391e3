import { InvalidInputError, type ModelInfo, type ModelTurnResult } from '../domain/index.js';
import type { ModelGateway, ModelStreamHandlers, ModelStreamRequest } from '../ports/index.js';
import { DEMO_MODEL_ID } from './demo-provider.js';
import type { ModelProvider } from './model-provider.js';

export interface ModelGatewayOptions {
  providers: ModelProvider[];
  /** Defaults to the offline demo model. */
  defaultModel?: string;
}

/** Routes each full model id (`provider/model`) to the provider that lists it. */
export function createModelGateway(options: ModelGatewayOptions): ModelGateway {
  const byModel = new Map<string, ModelProvider>();
  const models: ModelInfo[] = [];
  for (const provider of options.providers) {
    for (const model of provider.listModels()) {
      if (byModel.has(model.id)) throw new Error(`Model "${model.id}" is listed by two providers.`);
      byModel.set(model.id, provider);
      models.push(Object.freeze({ ...model }));
    }
  }
  const defaultModel = options.defaultModel ?? DEMO_MODEL_ID;
  if (!byModel.has(defaultModel)) throw new Error(`The default model "${defaultModel}" is not among the configured models.`);

  return {
    listModels: () => models.slice(),
    defaultModel: () => defaultModel,
    hasModel: (model) => byModel.has(model),
    stream(request: ModelStreamRequest, handlers: ModelStreamHandlers): Promise<ModelTurnResult> {
      const provider = byModel.get(request.model);
      if (!provider) return Promise.reject(new InvalidInputError(`Unknown model "${request.model}".`, { model: request.model }));
      return provider.stream(request, handlers);
    },
  };
}
