import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHeartbeat, type HeartbeatTarget } from './heartbeat.js';

afterEach(() => vi.useRealTimers());

function target(): HeartbeatTarget & { pings: number } {
  const t = {
    pings: 0,
    lastWriteAt: Date.now(),
    ping() {
      t.pings++;
      t.lastWriteAt = Date.now();
    },
  };
  return t;
}

describe('heartbeat', () => {
  it('pings quiet streams only while they are added; a removed slot stays removed when it is reused', () => {
    vi.useFakeTimers();
    const heartbeat = createHeartbeat(1_000);
    const a = target();
    const b = target();
    const slotA = heartbeat.add(a);
    heartbeat.add(b);
    vi.advanceTimersByTime(1_000);
    expect([a.pings, b.pings]).toEqual([1, 1]);
    heartbeat.remove(slotA, a);
    const c = target();
    expect(heartbeat.add(c)).toBe(slotA);
    heartbeat.remove(slotA, a); // a stale removal leaves the slot's new target alone
    b.lastWriteAt = Date.now() + 10_000; // b is writing: no ping
    vi.advanceTimersByTime(1_000);
    expect([a.pings, b.pings, c.pings]).toEqual([1, 1, 1]);
    heartbeat.stop();
    vi.advanceTimersByTime(5_000);
    expect([a.pings, b.pings, c.pings]).toEqual([1, 1, 1]);
  });
});
