import type { ModelInfo } from '../domain/index.js';
import type { ProviderModelSpec } from './model-provider.js';

/** Full model ids (`provider/model`) and the name the upstream API knows each one by. */
export interface ProviderModels {
  infos: ModelInfo[];
  wireName(modelId: string): string;
}

export function providerModels(providerId: string, specs: ProviderModelSpec[]): ProviderModels {
  const prefix = `${providerId}/`;
  const wireNames = new Map<string, string>();
  const infos = specs.map((spec): ModelInfo => {
    const id = spec.id.startsWith(prefix) ? spec.id : prefix + spec.id;
    wireNames.set(id, id.slice(prefix.length));
    return { id, provider: providerId, label: spec.label ?? `${id.slice(prefix.length)} (${providerId})`, supports_tools: spec.supports_tools ?? true };
  });
  return {
    infos,
    wireName: (modelId) => wireNames.get(modelId) ?? (modelId.startsWith(prefix) ? modelId.slice(prefix.length) : modelId),
  };
}
