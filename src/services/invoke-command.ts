import type { RunSurface, SequencedEvent } from '../domain/index.js';
import type { RunLogSubscription } from '../ports/index.js';

/** An unsaved draft of an agent sent with `load_from_json: true` (editors only). */
export interface AgentDraft {
  agentName?: string | undefined;
  description?: string | undefined;
  agentStyle?: string | undefined;
  modelName?: string | undefined;
  tools?: string[] | undefined;
}

/**
 * How a run proceeds (decision 0802): the agent loop (default); one model call that may make at most one
 * tool call, whose result is the answer (fastworkflow assistant mode); or one named tool call with the given
 * arguments and no model call at all (fastworkflow perform_action). Every mode is the same run: lock, log,
 * transcript, timeout, cancel, tool runner and its secret scrubbing.
 */
export type RunMode = { kind: 'agent' } | { kind: 'single_step' } | { kind: 'direct_tool'; toolName: string; arguments: Record<string, unknown> };

/** One turn as the invoke service understands it, whatever surface it came from. */
export interface InvokeCommand {
  message: string;
  context: string;
  threadId: string;
  /** Overrides the agent's model for this turn. */
  modelName?: string | undefined;
  resetMemory: boolean;
  loadFromJson: boolean;
  agentStyle: string;
  agentDraft: AgentDraft | null;
  surface: RunSurface;
  /** Lock key override: the fastworkflow surface locks per user, not per thread. */
  lockKey?: string | undefined;
  /** Shorter limit than the server's RUN_TIMEOUT_SECONDS (fastworkflow `timeout_seconds`). */
  timeoutSeconds?: number | undefined;
  /** Agent loop unless given (see RunMode). */
  mode?: RunMode | undefined;
  /** issue 19: this run's own webhook (editors only), signed with the agent's webhook secret. */
  webhookUrl?: string | undefined;
}

export interface StartedRun {
  runId: string;
  threadId: string;
  model: string;
  agentName: string;
  /** Resolves when the run has ended and its transcript is stored. */
  done: Promise<void>;
  /** Follows this run's events (the starter owns the run, so no further access check). */
  subscribe(afterSeq: number, listener: (entry: SequencedEvent) => void): Promise<RunLogSubscription | null>;
}
