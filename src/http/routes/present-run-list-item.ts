import type { RunListItem } from '../../ports/index.js';
import type { RunListItemWire } from '../wire/run-list.js';
import { presentRun } from './run-presenter.js';

/** A run as GET /runs/{id} shows it, plus its agent's name, duration and token counts (issue 18). */
export function presentRunListItem(run: RunListItem): RunListItemWire {
  return {
    ...presentRun(run),
    agent_name: run.agentName,
    duration_ms: run.endedAt ? run.endedAt.getTime() - run.startedAt.getTime() : null,
    input_tokens: run.usage?.input_tokens ?? null,
    output_tokens: run.usage?.output_tokens ?? null,
    total_tokens: run.usage?.total_tokens ?? null,
  };
}
