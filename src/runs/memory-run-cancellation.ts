import type { RunCancellation } from '../ports/index.js';
import { CancelRegistry } from './cancel-registry.js';

/** Single-process cancel: the registry of the runs executing here is all there is. */
export function createMemoryRunCancellation(): RunCancellation {
  const registry = new CancelRegistry();
  return {
    register(runId, onCancel) {
      return { unregister: registry.add(runId, onCancel) };
    },
    async cancel(runId: string): Promise<void> {
      registry.cancel(runId);
    },
    async shutdown(): Promise<void> {
      registry.clear();
    },
  };
}
