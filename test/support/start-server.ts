import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createSwitchboard, type Switchboard } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';

export interface TestServer {
  baseUrl: string;
  adminToken: string;
  adminEmail: string;
  adminPassword: string;
  dataDir: string;
  switchboard: Switchboard;
  /** Everything the server logged so far. */
  logs(): string;
  /** Runs SQL against the server's database (tests read raw tables to prove secrets are sealed). */
  rawQuery(sql: string): Promise<Array<Record<string, unknown>>>;
  /** Stops the server; removes the data folder unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface StartTestServerOptions {
  env?: Record<string, string>;
  /** PostgreSQL instead of PGlite. */
  databaseUrl?: string;
  /** Reuse a data folder (restart tests). */
  dataDir?: string;
}

/** Starts the real app in-process on a random loopback port, PGlite in a temp folder, demo agent bootstrapped. */
export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const adminToken = options.env?.ADMIN_TOKEN ?? `sb_test_${randomBytes(18).toString('hex')}`;
  const adminPassword = options.env?.ADMIN_PASSWORD ?? `pw-${randomBytes(9).toString('hex')}`;
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_TOKEN: adminToken,
    ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'info',
    DEMO_TOKEN_DELAY_MS: '1',
    ALLOW_PRIVATE_TOOL_URLS: 'true',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl, SECRET_KEY: randomBytes(32).toString('base64') } : {}),
    ...options.env,
  });
  let captured = '';
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => {
    captured += chunk.toString('utf8');
  });
  const printed: string[] = [];
  const switchboard = await createSwitchboard(config, { logStream, print: (line) => printed.push(line) });
  const address = await switchboard.http.listen({ port: 0, host: '127.0.0.1' });
  return {
    baseUrl: address.replace('localhost', '127.0.0.1'),
    adminToken,
    adminEmail: config.adminEmail,
    adminPassword,
    dataDir,
    switchboard,
    logs: () => captured + printed.join('\n'),
    rawQuery: (sql) => switchboard.storage.rawQuery(sql),
    async stop(stopOptions = {}) {
      await switchboard.close(0);
      if (!stopOptions.keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
