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
