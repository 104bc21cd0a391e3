import type { Database } from '../ports/index.js';

const PING_TIMEOUT_MS = 3_000;

export function createHealthService(deps: { database: Pick<Database, 'ping'> }) {
  /** True when the database answers within a few seconds (a hung database must not hang /ready). */
  async function ready(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
    });
    try {
      return await Promise.race([deps.database.ping().then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
  return { ready };
}

export type HealthService = ReturnType<typeof createHealthService>;
