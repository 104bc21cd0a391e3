import { SlotList } from '../../domain/index.js';

/** Something that can be pinged when quiet. */
export interface HeartbeatTarget {
  lastWriteAt: number;
  ping(): void;
}

export interface Heartbeat {
  /** Returns the slot that `remove` takes. */
  add(target: HeartbeatTarget): number;
  /** A slot already removed, or since given to another target, is left alone. */
  remove(slot: number, target: HeartbeatTarget): void;
  stop(): void;
}

/**
 * One timer for all open streams (not one per stream): every tick, streams quiet for `intervalMs` get a
 * `: ping` comment so proxies keep the connection open through long tool calls.
 */
export function createHeartbeat(intervalMs: number): Heartbeat {
  // a SlotList, not a Set: a Set's table left behind by V8 would keep ended streams alive (docs/decisions/0700)
  const targets = new SlotList<HeartbeatTarget>();
  let timer: NodeJS.Timeout | undefined;
  const tickMs = Math.max(50, Math.min(1000, Math.floor(intervalMs / 2)));

  function tick(): void {
    const now = Date.now();
    targets.forEach((target) => {
      if (now - target.lastWriteAt >= intervalMs) target.ping();
    });
  }

  return {
    add(target) {
      const slot = targets.add(target);
      if (!timer) {
        timer = setInterval(tick, tickMs);
        timer.unref();
      }
      return slot;
    },
    remove(slot, target) {
      targets.remove(slot, target);
      if (targets.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    },
    stop() {
      targets.clear();
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
