import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnChild, type Child } from './spawn-child.js';

export interface SwitchboardProcess extends Child {
  port: number;
  adminToken: string;
  dataDir: string;
  agentId: string;
  invokePath: string;
}

export interface SwitchboardStart {
  mainJs: string;
  upstreamUrl: string;
  upstreamApiKey: string;
  /** PostgreSQL database URL; PGlite in a temp folder when undefined. */
  databaseUrl?: string;
  openFiles?: number;
  nodeArgs?: string[];
  /** Reuse this data folder (and keep it when stopping); a fresh temp folder otherwise. */
  dataDir?: string;
  /** Needed with a reused data folder: the admin token bound on its first start. */
  adminToken?: string;
  /** REDIS_URL: several instances share run logs, locks and cancellation (with `databaseUrl`). */
  redisUrl?: string;
  /** More environment variables (e.g. HEARTBEAT_SECONDS). */
  env?: Record<string, string>;
  /** SECRET_KEY with `databaseUrl`: instances sharing a database must share it (random otherwise). */
  secretKey?: string;
  /** Name in logs (default: by database). */
  name?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port: number, proc: { proc: { exitCode: number | null } }): Promise<void> {
  for (;;) {
    if (proc.proc.exitCode !== null) return;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts the compiled Switchboard as a child process and creates the bench agent on openai/gpt-4o-mini. */
export async function startSwitchboard(options: SwitchboardStart): Promise<SwitchboardProcess> {
  const port = await freePort();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const adminToken = options.adminToken ?? `sb_bench_${randomBytes(18).toString('hex')}`;
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_TOKEN: adminToken,
    OPENAI_BASE_URL: options.upstreamUrl,
    OPENAI_API_KEY: options.upstreamApiKey,
    LOG_LEVEL: 'warn',
    MAX_CONCURRENT_RUNS_PER_USER: '10000',
    RUN_TIMEOUT_SECONDS: '3600',
    SHUTDOWN_GRACE_SECONDS: '0',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl, SECRET_KEY: options.secretKey ?? randomBytes(32).toString('base64') } : {}),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...options.env,
  };
  const child = await spawnChild(options.name ?? (options.databaseUrl ? 'switchboard (PostgreSQL)' : 'switchboard (PGlite)'), options.mainJs, {
    env,
    ipc: false,
    openFiles: options.openFiles,
    nodeArgs: options.nodeArgs,
    waitFor: async (base) => {
      await waitForHealth(port, base);
      return {};
    },
  });
  const stop = child.stop;
  child.stop = async () => {
    await stop();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const response = await fetch(`http://127.0.0.1:${port}/agents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ agent_name: 'Bench agent', description: 'Answers benchmark questions', model_name: 'openai/gpt-4o-mini' }),
  });
  const created = (await response.json()) as { agent_id?: string };
  if (response.status !== 201 || !created.agent_id) {
    await child.stop();
    throw new Error(`could not create the bench agent: ${response.status} ${JSON.stringify(created)}\n${child.output()}`);
  }
  return { ...child, port, adminToken, dataDir, agentId: created.agent_id, invokePath: `/agent-invoke/${created.agent_id}/invoke-stream` };
}
