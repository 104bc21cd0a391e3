import type { ModelInfo } from '../domain/index.js';
import type { ModelGateway } from '../ports/index.js';

export interface ModelCatalog {
  availableModels: string[];
  defaultModel: string;
  models: ModelInfo[];
}

export function createModelsService(deps: { modelGateway: Pick<ModelGateway, 'listModels' | 'defaultModel'> }) {
  function list(): ModelCatalog {
    const models = deps.modelGateway.listModels();
    return { availableModels: models.map((m) => m.id), defaultModel: deps.modelGateway.defaultModel(), models };
  }
  return { list };
}

export type ModelsService = ReturnType<typeof createModelsService>;
