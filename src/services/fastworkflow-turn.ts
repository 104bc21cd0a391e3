import type { SequencedEvent } from '../domain/index.js';
import type { RunLogSubscription } from '../ports/index.js';
import { internalFailure } from './fastworkflow-failure.js';
import { createFwTurnReader, type FwActionEcho, type FwCommandOutput, type FwTrace } from './fastworkflow-turn-reader.js';

/** A started fastworkflow turn: one run of the shared engine, seen through this surface. */
export interface FwTurn {
  runId: string;
  fwUserId: string;
  /** The agent's name: `workflow_name` of the output. */
  workflowName: string;
  showAgentTraces: boolean;
  /** The limit the run was started with (the request's, capped by RUN_TIMEOUT_SECONDS). */
  timeoutSeconds: number;
  /** Set for perform_action: echoed in the output, whose success is the tool's. */
  action?: FwActionEcho | undefined;
  /**
   * The run's events from the start. `end` is delivered only once the run has stored its transcript and
   * released the user's lock, so a client that sends its next turn on the final event is never refused.
   */
  subscribe(listener: (entry: SequencedEvent) => void): Promise<RunLogSubscription | null>;
  /** Aborts the run (model request and tool calls); a finished run is left alone. */
  cancel(): void;
}

/** Waits for the whole turn (the JSON endpoint): traces in order and the output; rejects with an FwFailure. */
export function collectFwTurn(turn: FwTurn, nowMs?: () => number): Promise<{ traces: FwTrace[]; output: FwCommandOutput }> {
  const read = createFwTurnReader({ workflowName: turn.workflowName, timeoutSeconds: turn.timeoutSeconds, action: turn.action, nowMs });
  const traces: FwTrace[] = [];
  return new Promise((resolve, reject) => {
    turn
      .subscribe(({ event }) => {
        const step = read(event);
        if (step?.kind === 'trace') traces.push(step.trace);
        else if (step?.kind === 'output') resolve({ traces, output: step.output });
        else if (step?.kind === 'failure') reject(step.failure);
      })
      .then((subscription) => {
        if (!subscription) reject(internalFailure(new Error(`the events of run ${turn.runId} are gone`)));
      }, (error: unknown) => reject(internalFailure(error)));
  });
}
