import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHealthService } from './health.js';

describe('health service', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is ready when the database answers', async () => {
    expect(await createHealthService({ database: { ping: async () => undefined } }).ready()).toBe(true);
  });

  it('is not ready when the ping fails', async () => {
    expect(await createHealthService({ database: { ping: async () => Promise.reject(new Error('down')) } }).ready()).toBe(false);
  });

  it('is not ready while draining, whatever the database says', async () => {
    const health = createHealthService({ database: { ping: async () => undefined } });
    health.startDraining();
    expect(await health.readiness()).toEqual({ ready: false, reason: 'draining' });
    expect(await health.ready()).toBe(false);
  });

  it('is not ready, instead of hanging, when the ping never answers', async () => {
    vi.useFakeTimers();
    const ready = createHealthService({ database: { ping: () => new Promise<void>(() => undefined) } }).ready();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await ready).toBe(false);
  });
});
