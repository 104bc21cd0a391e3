import type { Usage } from './run-event.js';

/** A provider-neutral conversation message handed to a ModelGateway. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ModelToolCall[] }
  | { role: 'tool'; toolCallId: string; toolName: string; content: string };

/** A tool as offered to the model. `name` is what the model calls. */
export interface ModelToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

/** A complete tool call requested by the model (argument deltas already assembled). */
export interface ModelToolCall {
  id: string;
  name: string;
  /** Parsed arguments; `{}` if the model sent none. If they were not valid JSON, `argumentsError` says so. */
  arguments: Record<string, unknown>;
  argumentsError?: string;
}

export type ModelFinishReason = 'stop' | 'tool_calls' | 'length' | 'aborted' | 'other';

export interface ModelTurnResult {
  text: string;
  toolCalls: ModelToolCall[];
  usage: Usage;
  finishReason: ModelFinishReason;
}

export interface ModelInfo {
  id: string;
  provider: string;
  label: string;
  supports_tools: boolean;
}
