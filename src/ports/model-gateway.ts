import type { ChatMessage, ModelInfo, ModelToolSpec, ModelTurnResult } from '../domain/index.js';

export interface ModelStreamRequest {
  /** Full model id, `provider/model`. */
  model: string;
  messages: ChatMessage[];
  tools: ModelToolSpec[];
  signal: AbortSignal;
  temperature?: number;
  /** The run this call belongs to: provider failure logs name it (issue 21). */
  runId?: string;
}

export interface ModelStreamHandlers {
  /** Called once per text delta, synchronously as the bytes arrive. */
  onText(delta: string): void;
}

/**
 * Streams one model turn. Resolves with the assembled result; if `signal` aborts it resolves with
 * `finishReason: 'aborted'` and the partial text (an abort is an outcome, not an exception).
 * Provider failures reject with `ProviderError`.
 */
export interface ModelGateway {
  listModels(): ModelInfo[];
  defaultModel(): string;
  hasModel(model: string): boolean;
  stream(request: ModelStreamRequest, handlers: ModelStreamHandlers): Promise<ModelTurnResult>;
}
