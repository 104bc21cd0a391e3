import type { ModelToolSpec, Tool } from '../domain/index.js';

export interface ToolCallResult {
  ok: boolean;
  /** JSON-serialisable result shown in `tool_status.output`; secrets already scrubbed. */
  output: unknown;
  /** What the model is told, secrets already scrubbed. */
  contentForModel: string;
  /** Content blocks (`!#block#!…!#/block#!` strings) to stream to the client after the call. */
  blocks: string[];
}

/**
 * How much a failed call says: 'full' (hosts, statuses, server text) for people who may edit the agent,
 * 'generic' ("The tool failed (timeout)") for everyone else. Decided once per run from the runner's user.
 */
export type ToolErrorDetail = 'full' | 'generic';

export interface ToolRunner {
  /** The model-facing tools this tool contributes (an MCP server contributes several). */
  describe(tool: Tool, signal: AbortSignal): Promise<ModelToolSpec[]>;
  /**
   * Runs one call. Never throws for tool failures: they come back as `ok: false` with a message.
   * Secrets are opened only for the duration of the call.
   */
  execute(input: { tool: Tool; modelToolName: string; arguments: Record<string, unknown>; signal: AbortSignal; errorDetail: ToolErrorDetail }): Promise<ToolCallResult>;
}

/** Validates a tool's kind-specific config at create/update time; throws InvalidInputError. */
export interface ToolConfigValidator {
  validate(input: { kind: Tool['kind']; config: unknown; envKeys: string[] }): Tool['config'];
}
