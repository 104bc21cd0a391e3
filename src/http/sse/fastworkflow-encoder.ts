import { internalErrorDetail } from '../../services/fastworkflow-failure.js';
import type { FwTurn } from '../../services/fastworkflow-turn.js';
import { createFwTurnReader } from '../../services/fastworkflow-turn-reader.js';
import type { FrameEncoder } from './agent-invoke-encoder.js';

const ENDPOINT = 'invoke_agent_stream';

function frame(id: number | null, event: string, payload: unknown): string {
  return `${id === null ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** An `error` frame for a turn that never started (no run, so no `id:`). */
export function fastworkflowErrorFrame(detail: string): string {
  return frame(null, 'error', { detail });
}

/**
 * The fastworkflow stream (seed 000): `trace` pairs (if the session shows them), then `command_output` or
 * a final `error` `{"detail"}`. Stateful, one per stream. Frames keep `id:` = the run's sequence number.
 */
export function createFastworkflowFrameEncoder(
  turn: Pick<FwTurn, 'fwUserId' | 'workflowName' | 'showAgentTraces' | 'timeoutSeconds'>,
  nowMs: () => number = Date.now,
): FrameEncoder {
  const read = createFwTurnReader({ workflowName: turn.workflowName, timeoutSeconds: turn.timeoutSeconds, nowMs });
  return (entry) => {
    const step = read(entry.event);
    if (step === null) return null;
    switch (step.kind) {
      case 'trace':
        return turn.showAgentTraces ? frame(entry.seq, 'trace', step.trace) : null;
      case 'output':
        return frame(entry.seq, 'command_output', step.output);
      case 'failure':
        return frame(entry.seq, 'error', { detail: step.failure.detail ?? internalErrorDetail(ENDPOINT, turn.fwUserId) });
      default: {
        const exhaustive: never = step;
        throw new Error(`unknown step ${JSON.stringify(exhaustive)}`);
      }
    }
  };
}
