import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withHotPathCaches } from './cache/index.js';
import type { Config } from './config/config.js';
import { createPasswordHasher, createSecretBox, createTokenIssuer, keyIdOf, loadOrCreateKeyFile } from './crypto/index.js';
import type { App } from './http/app-types.js';
import { createHttpServer } from './http/server.js';
import { systemClock, type RunCancellation, type RunEventLog, type RunLocks } from './ports/index.js';
import { createPrometheusMetrics } from './observability/prometheus-metrics.js';
import { createModelGateway } from './providers/model-gateway.js';
import { providersFromConfig } from './providers/providers-from-config.js';
import { createMemoryRunCancellation } from './runs/memory-run-cancellation.js';
import { createMemoryRunEventLog } from './runs/memory-run-event-log.js';
import { createMemoryRunLocks } from './runs/memory-run-locks.js';
import { createRedisRunCancellation } from './runs/redis-run-cancellation.js';
import { createRedisRunEventLog } from './runs/redis-run-event-log.js';
import { createRedisRunLocks } from './runs/redis-run-locks.js';
import { createAuthService } from './services/auth.js';
import { runBootstrap, type BootstrapResult } from './services/bootstrap.js';
import { createFastworkflowService } from './services/fastworkflow.js';
import { createFoundationServices } from './services/foundation.js';
import type { Services } from './services/index.js';
import { createInvokeAgent } from './services/invoke-agent.js';
import { createRunExecutor } from './services/run-executor.js';
import { createRunReaper } from './services/run-reaper.js';
import { createRunService } from './services/runs.js';
import { createThreadService } from './services/threads.js';
import { openDatabase, type StorageBundle } from './storage/open-database.js';
import { createToolConfigValidator } from './tools/tool-config-validator.js';
import { createToolRunner } from './tools/tool-runner.js';

export interface SwitchboardOptions {
  /** Extra log destination (tests capture logs to prove no secret is written). */
  logStream?: NodeJS.WritableStream;
  /** Printer for the first-start block; defaults to stdout. */
  print?: (line: string) => void;
  /** The URL people use to reach this server, for the printed log-in block. */
  publicUrl?: string;
}

export interface Switchboard {
  http: App;
  storage: StorageBundle;
  bootstrap: BootstrapResult;
  instanceId: string;
  /** Stop taking runs, let running ones finish for the grace period, then interrupt them; close everything. */
  close(graceMs?: number): Promise<void>;
}

const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));
const WEB_ROOT_FROM_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

interface RunBackends {
  runLog: RunEventLog;
  locks: RunLocks;
  cancellation: RunCancellation;
}

function runBackends(config: Config): RunBackends {
  if (config.redisUrl) {
    const keyPrefix = 'switchboard:';
    return {
      runLog: createRedisRunEventLog({ redis: config.redisUrl, keyPrefix, retentionSeconds: 600 }),
      // issue 8: RUN_LEASE_SECONDS sets how long a dead instance's locks live; renewed three times per lease
      locks: createRedisRunLocks({ redis: config.redisUrl, keyPrefix, leaseMs: config.runLeaseSeconds * 1000, renewEveryMs: Math.floor((config.runLeaseSeconds * 1000) / 3) }),
      cancellation: createRedisRunCancellation({ redis: config.redisUrl, keyPrefix }),
    };
  }
  return { runLog: createMemoryRunEventLog(), locks: createMemoryRunLocks(), cancellation: createMemoryRunCancellation() };
}

/** The composition root: the only place concrete adapters meet services. */
export async function createSwitchboard(config: Config, options: SwitchboardOptions = {}): Promise<Switchboard> {
  const instanceId = randomUUID();
  const clock = systemClock;
  // hot-path caches (docs/decisions/0700); thread histories only when no other instance writes them
  const storage = withHotPathCaches(await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, checkTransactionScope: !config.production }), { threadHistory: !config.redisUrl });

  // keys staged or kept by an unfinished `npm run rotate-key` still open the secrets they sealed
  const keyFile = config.secretKey ? undefined : await loadOrCreateKeyFile(config.dataDir);
  const keyBase64 = config.secretKey ?? keyFile!.keyBase64;
  const secretBox = createSecretBox({
    keys: [keyBase64, ...(keyFile?.otherKeysBase64 ?? [])].map((k) => ({ keyBase64: k })),
    currentKeyId: keyIdOf(keyBase64),
  });
  const passwords = createPasswordHasher();
  const issuer = createTokenIssuer();

  const modelGateway = createModelGateway({
    providers: providersFromConfig({
      openaiApiKey: config.openaiApiKey,
      openaiBaseUrl: config.openaiBaseUrl,
      anthropicApiKey: config.anthropicApiKey,
      anthropicBaseUrl: config.anthropicBaseUrl,
      ollamaBaseUrl: config.ollamaBaseUrl,
      models: config.models,
      demoTokenDelayMs: config.demoTokenDelayMs,
      env: config.modelKeyEnv,
    }),
  });
  const toolRunner = createToolRunner({
    secretBox,
    loadSealedEnv: (toolId) => storage.tools.loadSealedEnv(toolId),
    allowPrivateUrls: config.allowPrivateToolUrls,
    defaultTimeoutMs: config.toolTimeoutMs,
  });
  const backends = runBackends(config);
  const metrics = createPrometheusMetrics();

  let drainRuns: (graceMs: number) => Promise<void> = async () => undefined;
  const http = await createHttpServerFor();
  async function createHttpServerFor(): Promise<App> {
    const foundation = createFoundationServices({
      stores: storage,
      secretBox,
      passwords,
      issuer,
      toolConfigValidator: createToolConfigValidator(),
      modelGateway,
      database: storage.database,
      clock,
    });
    const access = foundation.agents.access;
    const executor = createRunExecutor({
      modelGateway,
      toolRunner,
      agentLogs: storage.agentLogs,
      runs: storage.runs,
      clock,
      logError: (context, message) => server?.log.error(context, message),
      metrics,
      maxSteps: 8,
    });
    const invoke = createInvokeAgent({
      loadAgentFor: access.loadAgentFor,
      tools: storage.tools,
      companies: storage.companies,
      agentLogs: storage.agentLogs,
      runs: storage.runs,
      runLog: backends.runLog,
      locks: backends.locks,
      cancellation: backends.cancellation,
      modelGateway,
      executor,
      metrics,
      clock,
      instanceId,
      runTimeoutSeconds: config.runTimeoutSeconds,
      maxConcurrentRunsPerUser: config.maxConcurrentRunsPerUser,
      historyLimit: 200,
    });
    const runs = createRunService({ runs: storage.runs, runLog: backends.runLog, cancellation: backends.cancellation });
    const services: Services = {
      auth: createAuthService({ users: storage.users, tokens: storage.tokens, passwords, issuer, clock }),
      ...foundation,
      invoke,
      runs,
      metrics,
      threads: createThreadService({ loadAgentFor: access.loadAgentFor, agentLogs: storage.agentLogs, locks: backends.locks, clock }),
      fastworkflow: createFastworkflowService({
        store: storage.fastworkflow,
        invoke,
        loadAgentFor: access.loadAgentFor,
        agentLogs: storage.agentLogs,
        users: storage.users,
        locks: backends.locks,
        cancellation: backends.cancellation,
        clock,
        runTimeoutSeconds: config.runTimeoutSeconds,
        logError: (context, message) => server?.log.error(context, message),
      }),
    };
    const server: App = await createHttpServer({
      services,
      logLevel: config.logLevel,
      bodyLimitBytes: config.bodyLimitBytes,
      rateLimitPerMinute: config.rateLimitPerMinute,
      streamMetrics: metrics,
      trustProxy: config.trustProxy,
      heartbeatSeconds: config.heartbeatSeconds,
      webRoot: [WEB_ROOT, WEB_ROOT_FROM_DIST].find((p) => existsSync(p)),
      logStream: options.logStream,
    });
    drainRuns = (graceMs) => invoke.drain(graceMs);
    return server;
  }

  // a single process owns every run: whatever was running when it last stopped was interrupted
  if (!config.redisUrl) {
    for (const run of await storage.runs.listRunning()) {
      await storage.runs.finish(run.runId, { status: 'interrupted', endedAt: clock.now(), usage: null, errorCode: 'interrupted', errorDetail: 'The server stopped before the run finished' });
    }
  }
  // issue 8: with Redis every instance reaps the runs of instances that died, once their leases expire
  const reaper = config.redisUrl
    ? createRunReaper({
        runs: storage.runs,
        agentLogs: storage.agentLogs,
        runLog: backends.runLog,
        locks: backends.locks,
        clock,
        leaseMs: config.runLeaseSeconds * 1000,
        logInfo: (context, message) => http.log.info(context, message),
        logError: (context, message) => http.log.error(context, message),
      })
    : undefined;
  reaper?.start();

  const bootstrap = await runBootstrap({
    users: storage.users,
    tokens: storage.tokens,
    companies: storage.companies,
    agents: storage.agents,
    tools: storage.tools,
    passwords,
    issuer,
    database: storage.database,
    adminEmail: config.adminEmail,
    adminPassword: config.adminPassword,
    adminToken: config.adminToken,
  });

  async function close(graceMs = config.shutdownGraceSeconds * 1000): Promise<void> {
    await drainRuns(graceMs);
    await http.close();
    await reaper?.stop(); // issue 8: before the backends it uses are shut down
    await Promise.allSettled([backends.runLog.shutdown(), backends.locks.shutdown(), backends.cancellation.shutdown(), toolRunner.close()]);
    await storage.database.close();
  }

  return { http, storage, bootstrap, instanceId, close };
}
