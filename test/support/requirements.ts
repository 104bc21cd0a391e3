import { existsSync } from 'node:fs';

/**
 * Suites that need an outside service (PostgreSQL, Redis, Chromium) run when it is configured and print
 * one clear "skipped: …" line otherwise. Under CI=true a missing service is a failure, not a skip.
 */
export function serviceAvailable(name: string, available: boolean, hint: string): boolean {
  if (available) return true;
  if (process.env.CI === 'true') {
    throw new Error(`${name} is required under CI=true but is not available: ${hint}`);
  }
  console.log(`skipped: ${name} suite (${hint})`);
  return false;
}

export const testDatabaseUrl = process.env.TEST_DATABASE_URL;
export const testRedisUrl = process.env.TEST_REDIS_URL;

export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => Boolean(p) && existsSync(p as string));
}
