import { SlotMap } from '../domain/index.js';
import type { RunCancellation } from '../ports/index.js';
import { runCancelledReason } from './run-cancelled-reason.js';

/** Single-process cancel: a map from run id to the controllers registered for it. */
export function createMemoryRunCancellation(): RunCancellation {
  // a SlotMap, not a Map: a Map left behind by V8 would keep finished runs alive (docs/decisions/0700)
  const registered = new SlotMap<string, Set<AbortController>>();

  function unregister(runId: string, controller: AbortController): void {
    const controllers = registered.get(runId);
    if (!controllers) return;
    controllers.delete(controller);
    if (controllers.size === 0) registered.delete(runId);
  }

  return {
    register(runId: string) {
      const controller = new AbortController();
      let controllers = registered.get(runId);
      if (!controllers) registered.set(runId, (controllers = new Set()));
      controllers.add(controller);
      return { signal: controller.signal, unregister: () => unregister(runId, controller) };
    },

    async cancel(runId: string): Promise<void> {
      const controllers = registered.get(runId);
      if (!controllers) return; // unknown or finished run: nothing to abort
      registered.delete(runId);
      const reason = runCancelledReason(runId);
      for (const controller of controllers) controller.abort(reason);
    },

    async shutdown(): Promise<void> {
      registered.clear();
    },
  };
}
