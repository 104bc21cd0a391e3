import { SlotMap } from '../domain/index.js';
import type { CancelListener } from '../ports/index.js';
import { runCancelledReason } from './run-cancelled-reason.js';

/**
 * The runs executing on this instance and who to tell when one is cancelled (both RunCancellation
 * implementations keep one). A SlotMap, not a Map: a table V8 leaves behind would keep finished runs alive
 * until a full GC (docs/decisions/0700).
 */
export class CancelRegistry {
  private readonly registered = new SlotMap<string, CancelListener[]>();

  add(runId: string, onCancel: CancelListener): () => void {
    const listeners = this.registered.get(runId);
    if (listeners) listeners.push(onCancel);
    else this.registered.set(runId, [onCancel]);
    return () => this.remove(runId, onCancel);
  }

  private remove(runId: string, onCancel: CancelListener): void {
    const listeners = this.registered.get(runId);
    if (!listeners) return;
    const at = listeners.indexOf(onCancel);
    if (at >= 0) listeners.splice(at, 1);
    if (listeners.length === 0) this.registered.delete(runId);
  }

  /** Calls (once) and forgets every listener of `runId`; an unknown or finished run is a no-op. */
  cancel(runId: string): void {
    const listeners = this.registered.get(runId);
    if (!listeners) return;
    this.registered.delete(runId);
    const reason = runCancelledReason(runId);
    for (const listener of listeners) listener(reason);
  }

  runIds(): string[] {
    return this.registered.keys();
  }

  clear(): void {
    this.registered.clear();
  }
}
