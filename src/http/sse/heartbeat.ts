/** Something that can be pinged when quiet. */
export interface HeartbeatTarget {
  lastWriteAt: number;
  ping(): void;
}

export interface Heartbeat {
  add(target: HeartbeatTarget): void;
  remove(target: HeartbeatTarget): void;
  stop(): void;
}

/**
 * One timer for all open streams (not one per stream): every tick, streams quiet for `intervalMs` get a
 * `: ping` comment so proxies keep the connection open through long tool calls.
 */
export function createHeartbeat(intervalMs: number): Heartbeat {
  const targets = new Set<HeartbeatTarget>();
  let timer: NodeJS.Timeout | undefined;
  const tickMs = Math.max(50, Math.min(1000, Math.floor(intervalMs / 2)));

  function tick(): void {
    const now = Date.now();
    for (const target of targets) {
      if (now - target.lastWriteAt >= intervalMs) target.ping();
    }
  }

  return {
    add(target) {
      targets.add(target);
      if (!timer) {
        timer = setInterval(tick, tickMs);
        timer.unref();
      }
    },
    remove(target) {
      targets.delete(target);
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
