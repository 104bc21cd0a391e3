import type { Database } from '../ports/index.js';

const PING_TIMEOUT_MS = 3_000;

export type Readiness = { ready: true } | { ready: false; reason: 'draining' | 'database' };

export function createHealthService(deps: { database: Pick<Database, 'ping'> }) {
  let draining = false;

  /**
   * Ready when not shutting down and the database answers within a few seconds (a hung database must not
   * hang /ready). A draining instance says so at once, so a load balancer stops sending it requests.
   */
  async function readiness(): Promise<Readiness> {
    if (draining) return { ready: false, reason: 'draining' };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
    });
    try {
      const answered = await Promise.race([deps.database.ping().then(() => true), timeout]);
      return answered ? { ready: true } : { ready: false, reason: 'database' };
    } catch {
      return { ready: false, reason: 'database' };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    readiness,
    /** True when `readiness` is. */
    ready: async (): Promise<boolean> => (await readiness()).ready,
    /** Called when shutdown starts: from now on the instance reports not ready. */
    startDraining(): void {
      draining = true;
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
